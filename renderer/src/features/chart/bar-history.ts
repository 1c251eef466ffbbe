import type { Bars } from '../../../../shared/contract/data';
import type { InstrumentId } from '../../../../shared/ids';
import type { Timeframe } from '../../../../shared/timeframe';

/** The newest bars shown first: 100k candles draw quickly and cover years of hourly data. */
export const INITIAL_BARS = 100_000;
/** How many older bars one scroll-back fetch adds. */
export const OLDER_PAGE = 20_000;
/** Start fetching older bars when fewer than this many bars are left of the visible range. */
export const LOAD_MARGIN = 200;

export interface BarsRequest {
  instrumentId: InstrumentId;
  timeframe: Timeframe;
  limit: number;
  latest: true;
  to?: number;
}

export type FetchBars = (req: BarsRequest) => Promise<Bars>;

/** Older bars in front of newer ones; bars at or after the first newer bar are dropped (never drawn twice). */
export function prependBars(older: Bars, newer: Bars): Bars {
  const first = newer.ts.length > 0 ? newer.ts[0] : Infinity;
  let n = older.ts.length;
  while (n > 0 && older.ts[n - 1] >= first) n--;
  const join = (a: number[], b: number[]) => (n === a.length ? a.concat(b) : a.slice(0, n).concat(b));
  return {
    instrumentId: newer.instrumentId,
    timeframe: newer.timeframe,
    ts: join(older.ts, newer.ts),
    open: join(older.open, newer.open),
    high: join(older.high, newer.high),
    low: join(older.low, newer.low),
    close: join(older.close, newer.close),
    volume: join(older.volume, newer.volume),
  };
}

/** Should the chart ask for older bars? When the visible range comes near the oldest bar loaded. */
export function needsOlder(visibleFrom: number | null, state: { loading: boolean; exhausted: boolean; loaded: number }, margin = LOAD_MARGIN): boolean {
  return visibleFrom !== null && !state.loading && !state.exhausted && state.loaded > 0 && visibleFrom < margin;
}

/**
 * The bars of one series the chart holds: the latest page first, then older pages on demand,
 * each fetched with `to` = the first loaded timestamp (ranges are half-open, so no overlap).
 */
export class BarHistory {
  bars: Bars | null = null;
  loading = false;
  exhausted = false;

  constructor(
    private readonly key: { instrumentId: InstrumentId; timeframe: Timeframe },
    private readonly fetchBars: FetchBars,
    private readonly initial = INITIAL_BARS,
    private readonly page = OLDER_PAGE,
  ) {}

  get loaded(): number {
    return this.bars?.ts.length ?? 0;
  }

  async loadLatest(): Promise<Bars> {
    this.loading = true;
    try {
      const bars = await this.fetchBars({ ...this.key, limit: this.initial, latest: true });
      this.bars = bars;
      this.exhausted = bars.ts.length < this.initial;
      return bars;
    } finally {
      this.loading = false;
    }
  }

  /** Adds the page before the oldest loaded bar; resolves to the number of bars added (0 at the start of the data). */
  async loadOlder(): Promise<number> {
    if (!this.bars || this.loading || this.exhausted || this.bars.ts.length === 0) return 0;
    this.loading = true;
    try {
      const older = await this.fetchBars({ ...this.key, limit: this.page, latest: true, to: this.bars.ts[0] });
      const before = this.bars.ts.length;
      this.bars = prependBars(older, this.bars);
      const added = this.bars.ts.length - before;
      if (older.ts.length < this.page || added === 0) this.exhausted = true;
      return added;
    } finally {
      this.loading = false;
    }
  }
}
