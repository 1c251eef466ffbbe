import type { WatchlistItem } from '../../../shared/contract/watchlist';
import { instrumentId, splitInstrumentId } from '../../../shared/ids';
import { isEngineError } from '../../core/errors';
import { fromCcxtError } from '../../data/ccxt/errors';
import { openExchange, requireMarket } from '../../data/ccxt/open-exchange';
import { toFeedTicker } from '../../data/feed/ccxt-feed';
import { marketDataRepos } from '../../store/market-data-repos';
import type { EngineServices } from '../services';
import type { Handlers } from '../handler-types';

const HOUR = 3_600_000;

function items(services: EngineServices): WatchlistItem[] {
  return marketDataRepos(services.stores)
    .watchlist.list()
    .map((i) => {
      const { symbol, venue } = splitInstrumentId(i.instrumentId);
      return { instrumentId: i.instrumentId, exchange: venue, symbol, baseUrl: i.baseUrl, position: i.position };
    });
}

export const watchlistHandlers: Pick<Handlers, 'watchlist.list' | 'watchlist.add' | 'watchlist.remove' | 'watchlist.quotes'> = {
  'watchlist.list': (_input, { services }) => items(services),

  'watchlist.add': async (input, { services }) => {
    const ex = await openExchange({ exchange: input.exchange, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) });
    requireMarket(ex, input.symbol);
    marketDataRepos(services.stores).watchlist.add(instrumentId(input.symbol, ex.id), input.baseUrl ?? null);
    return items(services);
  },

  'watchlist.remove': (input, { services }) => {
    marketDataRepos(services.stores).watchlist.remove(input.instrumentId);
    return items(services);
  },

  // One failing exchange must not blank the whole list: each quote carries its own error.
  'watchlist.quotes': async (_input, { services }) => {
    const now = services.clock.now();
    return Promise.all(
      items(services).map(async (it) => {
        try {
          const ex = await openExchange({ exchange: it.exchange, ...(it.baseUrl ? { baseUrl: it.baseUrl } : {}) });
          const [ticker, hourly] = await Promise.all([ex.fetchTicker(it.symbol), ex.fetchOHLCV(it.symbol, '1h', now - 24 * HOUR, 25)]);
          const t = toFeedTicker(ticker);
          return { instrumentId: it.instrumentId, last: t.last, changePct: t.changePct, sparkline: hourly.map((r) => r[4]).filter((c) => typeof c === 'number'), ts: t.ts };
        } catch (e) {
          const err = isEngineError(e) ? e : fromCcxtError(e, it.exchange, `quote of ${it.symbol}`);
          return { instrumentId: it.instrumentId, last: null, changePct: null, sparkline: [], ts: now, error: err.message };
        }
      }),
    );
  },
};
