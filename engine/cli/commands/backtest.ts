import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCommandArgs, parseTimeframe } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../cli-io';
import { resolveDataDir } from '../../store/data-dir';
import { instrumentId } from '../../../shared/ids';
import type { RunRequest, StrategyRef } from '../../backtest-runner/execute';
import type { DataSpec } from '../../backtest-runner/load-data';
import { ReadAhead } from '../../backtest-runner/read-ahead';

const NAME = 'backtest';
/** The CLI records every run, but the fills and trades of big runs only in --report/--export output (a rerun reproduces them). */
const CLI_MAX_STORED_ROWS = 20_000;

export const backtestCommand: CliCommand = {
  name: NAME,
  summary: 'run a strategy over stored bars or a CSV file and record the run',
  usage: `quantdesk backtest --strategy <builtin-id|file.ts> (--data file.csv | --symbol S --timeframe TF [--exchange E])
          [--from ISO] [--to ISO] [--params JSON] [--cash N] [--commission RATE] [--slippage-bps N]
          [--json] [--report out.html] [--export DIR] [--data-dir DIR]

--strategy     a built-in id (sma-cross, momentum, mean-reversion, donchian-breakout, trend-following, grid)
               or a TypeScript file exporting defineStrategy({...}) from "quantdesk" (runs sandboxed)
--data         a CSV file of bars (timeframe from --timeframe or the bar spacing); or stored bars by --symbol,
               --timeframe and --exchange (default venue: csv)
--from, --to   ISO dates or epoch ms; the range is [from, to)
--commission   a fraction of notional per fill (0.001 = 0.1%)
--json         print one JSON object (finalEquity, fills, trades, bars, elapsedMs, metrics, …) on stdout
--report       write a self-contained HTML report (charts inline, opens offline)
--export       write trades.csv, trades.json, equity.csv and equity.json into DIR`,
  async run(argv, io) {
    const { values } = parseCommandArgs(NAME, argv, {
      strategy: { type: 'string' },
      data: { type: 'string' },
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      exchange: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      params: { type: 'string' },
      cash: { type: 'string' },
      commission: { type: 'string' },
      'slippage-bps': { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      export: { type: 'string' },
    });
    const t0 = performance.now();
    if (!values.strategy) throw new CliUsageError('--strategy is required (a built-in id or a .ts file)', NAME);
    const strategy: StrategyRef = /\.(m?ts|m?js)$/.test(values.strategy) || existsSync(values.strategy) ? { kind: 'file', path: resolve(values.strategy) } : { kind: 'builtin', id: values.strategy };
    const from = parseTime(values.from, 'from');
    const to = parseTime(values.to, 'to');
    const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    let data: DataSpec;
    if (values.data) {
      // --symbol with --data names the file's instrument
      data = { kind: 'file', path: resolve(values.data), ...(values.symbol ? { symbol: values.symbol } : {}), ...(values.timeframe ? { timeframe: parseTimeframe(NAME, values.timeframe) } : {}), ...range };
    } else if (values.symbol) {
      data = { kind: 'store', instrumentId: instrumentId(values.symbol, (values.exchange ?? 'csv').toLowerCase()), timeframe: parseTimeframe(NAME, values.timeframe), ...range };
    } else throw new CliUsageError('give --data file.csv, or --symbol and --timeframe of stored bars', NAME);
    let params: Record<string, unknown> = {};
    if (values.params) {
      try {
        params = JSON.parse(values.params) as Record<string, unknown>;
      } catch {
        throw new CliUsageError('--params must be a JSON object, e.g. \'{"fast":10}\'', NAME);
      }
      if (!params || typeof params !== 'object' || Array.isArray(params)) throw new CliUsageError('--params must be a JSON object', NAME);
    }
    const config: Record<string, unknown> = {};
    if (values.cash !== undefined) config.initialCapital = parseNumber(values.cash, 'cash');
    if (values.commission !== undefined) config.commission = { percent: parseNumber(values.commission, 'commission') };
    if (values['slippage-bps'] !== undefined) config.slippage = { bps: parseNumber(values['slippage-bps'], 'slippage-bps') };

    const dataDir = resolveDataDir(values['data-dir']);
    const marketFile = join(dataDir, 'market.db');
    // Stored bars start loading on another thread now, while this one loads the engine below.
    const readAhead = data.kind === 'store' && existsSync(marketFile) ? ReadAhead.start({ marketFile, instrumentId: data.instrumentId, timeframe: data.timeframe, ...range }) : null;
    try {
      return await runLoaded(values, { strategy, data, params, config }, dataDir, readAhead ?? undefined, t0, io);
    } finally {
      readAhead?.close();
    }
  },
};

/** The rest of the command, with the engine loaded only now (after the read-ahead has started). */
async function runLoaded(values: { json?: boolean; report?: string; export?: string }, req: RunRequest, dataDir: string, readAhead: ReadAhead | undefined, t0: number, io: CliIo): Promise<number> {
  const [{ openRunStores }, { executeRun }, { RunRegistry }, { cliSummary }, { skipShapeAnchor }] = await Promise.all([
    import('../../backtest-runner/open-run-stores'),
    import('../../backtest-runner/execute'),
    import('../../backtest-runner/run-registry'),
    import('../../backtest-runner/cli-summary'),
    import('../../backtest/shape-anchor'),
  ]);
  const stores = await openRunStores(dataDir, 'quantdesk backtest');
  // with-client pulls in the whole host: load it only when a terminal shows progress.
  const progress = io.isTty && !values.json ? (await import('../with-client')).progressPrinter(true, io.err) : { update() {}, done() {} };
  skipShapeAnchor(); // one run, then the process exits
  try {
    const out = await executeRun(req, { stores, readAhead, registry: new RunRegistry(stores.journalDb, Date.now, CLI_MAX_STORED_ROWS), onProgress: (phase, done, total) => progress.update(phase, done, total) });
    progress.done();
    if (values.report || values.export) {
      const { writeReport, writeExports } = await import('../../backtest-runner/report');
      if (values.report) writeReport(resolve(values.report), out.run, out.result);
      if (values.export) writeExports(resolve(values.export), out.result);
    }
    const summary = cliSummary(out.run, out.result, performance.now() - t0);
    if (values.json) io.out(JSON.stringify(summary) + '\n');
    else {
      const m = out.result.metrics;
      const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(2)}%`);
      io.out(
        `run ${out.run.id}: ${out.run.strategy.id} on ${out.data.instrumentId} ${out.data.timeframe}, ${summary.bars} bars in ${summary.elapsedMs.toFixed(0)} ms\n` +
          `final equity ${summary.finalEquity.toFixed(2)} (${pct(m.totalReturn)}), ${summary.fills} fills, ${summary.trades} trades, commission ${summary.totalCommission.toFixed(2)}\n` +
          `sharpe ${m.sharpe?.toFixed(3) ?? '–'}, max drawdown ${pct(m.maxDrawdown)}, win rate ${pct(m.winRate)}\n` +
          (values.report ? `report: ${resolve(values.report)}\n` : ''),
      );
    }
    return 0;
  } catch (e) {
    // The user's own stack (mapped to their file) helps more than the one-line message alone.
    const stack = (e as { code?: string; details?: { stack?: unknown } })?.code === 'STRATEGY_ERROR' ? (e as { details?: { stack?: unknown } }).details?.stack : undefined;
    if (typeof stack === 'string') io.err(stack.split('\n').slice(1).join('\n') + '\n');
    throw e;
  } finally {
    progress.done();
    stores.close();
  }
}

function parseNumber(v: string, flag: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new CliUsageError(`--${flag} must be a non-negative number`, NAME);
  return n;
}

function parseTime(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : v + 'Z');
  if (!Number.isFinite(n)) throw new CliUsageError(`--${flag} must be an ISO date (2024-01-31, 2024-01-31T12:00Z) or epoch ms`, NAME);
  return n;
}
