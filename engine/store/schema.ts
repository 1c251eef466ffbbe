import type { ColumnType, Generated } from 'kysely';

/** Table types of `journal.db` (precious: orders, fills, ledger, runs, audit). JSON columns hold text. */
export interface JournalSchema extends TradingJournalTables, BacktestRunTables {
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
  /** Migration 20261121_1730_strategies; repository `strategy-repository.ts`. */
  strategy: {
    id: string;
    name: string;
    description: string | null;
    /** The built-in template it started from, if any. */
    template_id: string | null;
    created_at: number;
    updated_at: number;
    deleted_at: number | null;
  };
  strategy_version: {
    strategy_id: string;
    version: number;
    source: string;
    message: string | null;
    created_at: number;
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
    /** 16 bytes: packedDigest of data (engine/model/chunk-digest.ts); null for chunks written before it existed. */
    digest: Buffer | null;
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

/**
 * Trading tables of `journal.db` (migration 20261121_1710_trading; repository
 * `trading-journal.ts`). Decimals are canonical TEXT; booleans 0 | 1; times UTC ms.
 * No column ever holds a secret (keys live in the OS keychain, engine/secrets).
 */
export interface TradingJournalTables {
  trading_accounts: {
    id: string;
    kind: 'paper' | 'exchange';
    venue: string;
    label: string;
    sandbox: number;
    base_url: string | null;
    max_order_notional: string | null;
    options: string | null;
    created_at: number;
    updated_at: number;
  };
  orders: {
    account_id: string;
    client_order_id: string;
    strategy_id: string;
    instrument_id: string;
    side: string;
    kind: string;
    quantity: string;
    price: string | null;
    trigger_price: string | null;
    time_in_force: string;
    reduce_only: number;
    status: string;
    previous_status: string | null;
    venue_order_id: string | null;
    filled_qty: string;
    filled_notional: string;
    fee: string;
    reason: string | null;
    spec: string;
    event_count: number;
    ts_init: number;
    ts_last: number;
  };
  order_events: {
    seq: Generated<number>;
    account_id: string;
    client_order_id: string;
    type: string;
    ts_event: number;
    ts_init: number;
    payload: string;
  };
  order_event_refusals: {
    id: Generated<number>;
    account_id: string;
    client_order_id: string;
    type: string;
    reason: string;
    payload: string;
    ts: number;
  };
  fills: {
    account_id: string;
    trade_id: string;
    client_order_id: string;
    venue_order_id: string | null;
    strategy_id: string;
    instrument_id: string;
    side: string;
    quantity: string;
    price: string;
    fee: string;
    fee_currency: string;
    liquidity: string | null;
    ts_event: number;
    ts_init: number;
  };
  ledger: {
    id: Generated<number>;
    account_id: string;
    strategy_id: string | null;
    currency: string;
    amount: string;
    kind: string;
    ref: string;
    instrument_id: string | null;
    ts_event: number;
    ts_init: number;
  };
  position_snapshots: {
    id: Generated<number>;
    ts: number;
    account_id: string;
    strategy_id: string;
    instrument_id: string;
    quantity: string;
    avg_price: string;
    realized_pnl: string;
    fees: string;
  };
  pnl_daily: {
    day: number;
    account_id: string;
    strategy_id: string;
    instrument_id: string;
    quantity: string;
    avg_price: string;
    mark: string | null;
    realized_pnl: string;
    unrealized_pnl: string | null;
    fees: string;
  };
  kill_switch: {
    scope: string;
    mode: string;
    reason: string | null;
    actor: string;
    flatten: number;
    ts_event: number;
  };
  deployments: {
    id: string;
    account_id: string;
    strategy_id: string;
    strategy_version: string;
    params: string;
    symbols: string;
    timeframe: string;
    status: string;
    state: string | null;
    created_at: number;
    updated_at: number;
  };
}

/** Backtest run registry (migration 20261121_1800_runs; repository engine/backtest-runner/run-registry.ts). JSON columns hold text. */
export interface BacktestRunTables {
  backtest_runs: {
    id: string;
    created_at: number;
    strategy_id: string;
    strategy_name: string;
    /** builtin | file | source */
    strategy_kind: string;
    /** sha256 of the strategy's sources (built-ins: of their code): the strategy version. */
    strategy_hash: string;
    strategy_entry: string | null;
    /** JSON { relative path: text } of a user strategy, so a rerun compiles exactly the same code. */
    strategy_sources: string | null;
    params: string;
    config: string;
    data_spec: string;
    data_fingerprint: string;
    engine_version: string;
    status: string;
    error: string | null;
    summary: string | null;
    metrics: string | null;
    /** gzip of the BacktestResult JSON. */
    result: Buffer | null;
    rerun_of: string | null;
    elapsed_ms: number;
  };
}
