import type BetterSqlite3 from 'better-sqlite3';
import { EngineError } from '../core/errors';
import { resultCounts, type BacktestResult } from '../backtest/results';
import type { Metrics } from '../backtest/metrics';
import type { DataFingerprint, DataSpec } from './load-data';
import type { StrategySources } from '../compiler/compile-strategy';
import type { JournalSchema } from '../store/schema';
import { decodeResult, encodeResult } from './result-codec';

export type StrategyKind = 'builtin' | 'file' | 'source';

/** The figures a list row and the CLI's --json need without unpacking the result. */
export interface RunSummary {
  finalEquity: number;
  totalReturn: number | null;
  fills: number;
  /** Closed round trips. */
  trades: number;
  openTrades: number;
  totalCommission: number;
  bars: number;
  steps: number;
}

export interface RunRecord {
  id: string;
  createdAt: number;
  strategy: { id: string; name: string; kind: StrategyKind; hash: string; entry: string | null };
  params: Record<string, unknown>;
  config: Record<string, unknown>;
  data: DataSpec;
  fingerprint: DataFingerprint;
  engineVersion: string;
  status: 'succeeded' | 'failed';
  error: { code: string; message: string; details?: unknown } | null;
  summary: RunSummary | null;
  metrics: Metrics | null;
  rerunOf: string | null;
  elapsedMs: number;
}

export interface NewRun extends Omit<RunRecord, 'id' | 'createdAt'> {
  sources: StrategySources | null;
  result: BacktestResult | null;
}

type Row = JournalSchema['backtest_runs'];

const LIST_COLUMNS = 'id, created_at, strategy_id, strategy_name, strategy_kind, strategy_hash, strategy_entry, params, config, data_spec, data_fingerprint, engine_version, status, error, summary, metrics, rerun_of, elapsed_ms';

export function summarize(r: BacktestResult): RunSummary {
  const n = resultCounts(r);
  return {
    finalEquity: r.final.equity,
    totalReturn: r.metrics.totalReturn,
    fills: n.fills,
    trades: n.trades - n.openTrades,
    openTrades: n.openTrades,
    totalCommission: r.final.totalCommission,
    bars: r.bars,
    steps: r.steps,
  };
}

/** The `backtest_runs` table of journal.db: one row per run, the result compressed beside it (see result-codec). */
export class RunRegistry {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => number = Date.now,
    /** Results with more orders, fills or trades than this are stored without those lists (see storedResult). */
    private readonly maxStoredRows = Infinity,
  ) {}

  save(run: NewRun): RunRecord {
    const createdAt = this.now();
    const id = `bt_${createdAt.toString(36)}_${Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')}`;
    this.db
      .prepare(
        `insert into backtest_runs (id, created_at, strategy_id, strategy_name, strategy_kind, strategy_hash, strategy_entry, strategy_sources, params, config, data_spec, data_fingerprint, engine_version, status, error, summary, metrics, result, rerun_of, elapsed_ms)
         values (@id, @created_at, @strategy_id, @strategy_name, @strategy_kind, @strategy_hash, @strategy_entry, @strategy_sources, @params, @config, @data_spec, @data_fingerprint, @engine_version, @status, @error, @summary, @metrics, @result, @rerun_of, @elapsed_ms)`,
      )
      .run({
        id,
        created_at: createdAt,
        strategy_id: run.strategy.id,
        strategy_name: run.strategy.name,
        strategy_kind: run.strategy.kind,
        strategy_hash: run.strategy.hash,
        strategy_entry: run.strategy.entry,
        strategy_sources: run.sources ? JSON.stringify(run.sources) : null,
        params: JSON.stringify(run.params),
        config: JSON.stringify(run.config),
        data_spec: JSON.stringify(run.data),
        data_fingerprint: JSON.stringify(run.fingerprint),
        engine_version: run.engineVersion,
        status: run.status,
        error: run.error ? JSON.stringify(run.error) : null,
        summary: run.summary ? JSON.stringify(run.summary) : null,
        metrics: run.metrics ? JSON.stringify(run.metrics) : null,
        result: run.result ? encodeResult(storedResult(run.result, this.maxStoredRows)) : null,
        rerun_of: run.rerunOf,
        elapsed_ms: run.elapsedMs,
      });
    const { sources: _s, result: _r, ...rest } = run;
    return { id, createdAt, ...rest };
  }

  list(opts: { strategyId?: string; limit?: number } = {}): RunRecord[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 100, 1000));
    const rows = opts.strategyId
      ? this.db.prepare<[string, number], Row>(`select ${LIST_COLUMNS} from backtest_runs where strategy_id = ? order by created_at desc, id desc limit ?`).all(opts.strategyId, limit)
      : this.db.prepare<[number], Row>(`select ${LIST_COLUMNS} from backtest_runs order by created_at desc, id desc limit ?`).all(limit);
    return rows.map(toRecord);
  }

  get(id: string): RunRecord {
    return toRecord(this.row(id));
  }

  result(id: string): BacktestResult | null {
    const row = this.db.prepare<[string], { result: Buffer | null }>('select result from backtest_runs where id = ?').get(id);
    if (!row) throw notFound(id);
    return row.result ? (decodeResult(row.result) as BacktestResult) : null;
  }

  sources(id: string): StrategySources | null {
    const row = this.row(id);
    return row.strategy_sources ? (JSON.parse(row.strategy_sources) as StrategySources) : null;
  }

  private row(id: string): Row {
    const row = this.db.prepare<[string], Row>('select * from backtest_runs where id = ?').get(id);
    if (!row) throw notFound(id);
    return row;
  }
}

/**
 * The result as stored: whole, or — past `maxRows` orders/fills/trades — without those lists
 * (`omitted` gives their counts; curves, metrics, plots and markers stay). A rerun reproduces them
 * exactly, so the registry loses nothing but time; the CLI keeps its runs fast this way.
 */
function storedResult(r: BacktestResult, maxRows: number): BacktestResult & { omitted?: { orders: number; fills: number; trades: number } } {
  const n = resultCounts(r);
  if (n.orders <= maxRows && n.fills <= maxRows && n.trades <= maxRows) return r;
  // Key by key, not a spread: a spread would read (and so make) the lists it then drops.
  const out = {} as BacktestResult & { omitted?: { orders: number; fills: number; trades: number } };
  for (const key of Object.keys(r) as (keyof BacktestResult)[]) {
    if (key === 'orders' || key === 'fills' || key === 'trades') out[key] = [];
    else (out as unknown as Record<string, unknown>)[key] = r[key];
  }
  out.omitted = { orders: n.orders, fills: n.fills, trades: n.trades };
  return out;
}

const notFound = (id: string) => new EngineError('NOT_FOUND', `no backtest run "${id}"`);

function toRecord(r: Row): RunRecord {
  const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));
  return {
    id: r.id,
    createdAt: r.created_at,
    strategy: { id: r.strategy_id, name: r.strategy_name, kind: r.strategy_kind as StrategyKind, hash: r.strategy_hash, entry: r.strategy_entry },
    params: json(r.params) ?? {},
    config: json(r.config) ?? {},
    data: json<DataSpec>(r.data_spec)!,
    fingerprint: json<DataFingerprint>(r.data_fingerprint)!,
    engineVersion: r.engine_version,
    status: r.status === 'failed' ? 'failed' : 'succeeded',
    error: json(r.error),
    summary: json(r.summary),
    metrics: json(r.metrics),
    rerunOf: r.rerun_of,
    elapsedMs: r.elapsed_ms,
  };
}
