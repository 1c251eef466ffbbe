import type { Stores } from './open-stores';
import { AdjustmentRepository } from './adjustments';
import { GapMarkRepository } from './gap-marks';
import { RecordingRepository } from './recordings';
import { WatchlistRepository } from './watchlist';

export interface MarketDataRepos {
  gapMarks: GapMarkRepository;
  adjustments: AdjustmentRepository;
  recordings: RecordingRepository;
  /** In journal.db. */
  watchlist: WatchlistRepository;
}

const cache = new WeakMap<Stores, MarketDataRepos>();

/**
 * The market-data repositories over an open `Stores` (created once per open, beside the candles):
 * gap marks, adjustment factors, recordings, the watchlist; the prepared statements live as long as the databases.
 */
export function marketDataRepos(stores: Stores): MarketDataRepos {
  let r = cache.get(stores);
  if (!r) {
    r = { gapMarks: new GapMarkRepository(stores.marketDb), adjustments: new AdjustmentRepository(stores.marketDb), recordings: new RecordingRepository(stores.marketDb), watchlist: new WatchlistRepository(stores.journalDb) };
    cache.set(stores, r);
  }
  return r;
}
