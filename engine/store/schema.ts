import type { ColumnType, Generated } from 'kysely';

/** Table types of `journal.db` (precious: orders, fills, ledger, runs, audit). JSON columns hold text. */
export interface JournalSchema {
  app_meta: { key: string; value: string };
  audit_log: {
    id: Generated<number>;
    ts: number;
    actor: string;
    action: string;
    details: string | null;
  };
  jobs: {
    id: string;
    kind: string;
    status: string;
    input: string | null;
    result: string | null;
    error: string | null;
    created_at: number;
    finished_at: number | null;
  };
  watchlist_item: {
    instrument_id: string;
    position: number;
    /** The exchange's base URL override (a mirror or simulator), if the item was added with one. */
    base_url: string | null;
    added_at: number;
  };
}

/** Table types of `market.db` (a cache that can be rebuilt: candles, recorded ticks). */
export interface MarketSchema {
  app_meta: { key: string; value: string };
  series: {
    id: Generated<number>;
    instrument_id: string;
    symbol: string;
    venue: string;
    timeframe: string;
    first_ts: number;
    last_ts: number;
    count: number;
    updated_at: number;
    synthetic: ColumnType<number, number, number>; // 0 | 1
    /** Time span of one candle chunk for this series; fixed when the series is created. */
    chunk_ms: number;
  };
  candle_chunk: {
    series_id: number;
    /** floor(first bar ts / chunk_ms): the chunk's position in time. */
    bucket: number;
    n: number;
    first_ts: number;
    last_ts: number;
    /** n × 6 little-endian float64: ts[n], open[n], high[n], low[n], close[n], volume[n]. */
    data: Buffer;
  };
  gap_mark: {
    id: Generated<number>;
    instrument_id: string;
    timeframe: string;
    from_ts: number;
    to_ts: number;
    note: string | null;
    created_at: number;
  };
  adjustment_factor: {
    instrument_id: string;
    ts: number;
    /** Cumulative: raw price × factor = backward-adjusted price, from `ts` until the next row. */
    factor: number;
  };
  recorded_event: {
    id: Generated<number>;
    instrument_id: string;
    kind: string;
    ts_event: number;
    ts_init: number;
    /** JSON of the bar, trade, book or ticker. */
    payload: string;
  };
}
