import type { BacktestResult } from '../backtest/results';
import type { Metrics } from '../backtest/metrics';
import type { DataFingerprint } from './load-data';
import type { RunRecord } from './run-registry';

/** The one JSON object `quantdesk backtest --json` prints. */
export interface CliSummary {
  runId: string;
  strategy: { id: string; name: string; hash: string };
  params: Record<string, unknown>;
  data: DataFingerprint;
  engineVersion: string;
  finalEquity: number;
  totalCommission: number;
  /** Fill count. */
  fills: number;
  /** Closed round trips (and those still open at the end). */
  trades: number;
  openTrades: number;
  bars: number;
  /** The whole command, from start to output. */
  elapsedMs: number;
  /** The engine run alone. */
  runMs: number;
  metrics: Metrics;
}

export function cliSummary(run: RunRecord, result: BacktestResult, elapsedMs: number): CliSummary {
  const s = run.summary!;
  return {
    runId: run.id,
    strategy: { id: run.strategy.id, name: run.strategy.name, hash: run.strategy.hash },
    params: run.params,
    data: run.fingerprint,
    engineVersion: run.engineVersion,
    finalEquity: result.final.equity,
    totalCommission: result.final.totalCommission,
    fills: s.fills,
    trades: s.trades,
    openTrades: s.openTrades,
    bars: result.bars,
    elapsedMs,
    runMs: run.elapsedMs,
    metrics: result.metrics,
  };
}
