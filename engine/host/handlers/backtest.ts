import type { JobResult, MethodOutput } from '../../../shared/contract';
import { compareRuns } from '../../backtest-runner/compare';
import { executeRun, rerun, type RunRequest } from '../../backtest-runner/execute';
import type { CsvParser } from '../../backtest-runner/load-data';
import { RunRegistry } from '../../backtest-runner/run-registry';
import type { Handlers } from '../handler-types';
import type { EngineServices } from '../services';
import { ownedBuffer } from './file-source';

// Engine types (interfaces without index signatures) → the contract's JSON shapes, which they are.
const dto = <T>(x: unknown): T => x as T;

const registryOf = (services: EngineServices) => new RunRegistry(services.stores.journalDb, () => services.clock.now());

/** CSV files are parsed on the worker pool (CPU), like data.import: the engine thread keeps routing. */
const poolParser =
  (services: EngineServices, signal: AbortSignal): CsvParser =>
  (bytes, timeframe) =>
    services.tasks.run('parseCsv', { bytes, skipBadRows: false, ...(timeframe ? { timeframe } : {}) }, { signal, transfer: ownedBuffer(bytes) });

export const backtestHandlers: Pick<Handlers, 'backtest.run' | 'backtest.rerun' | 'backtest.list' | 'backtest.get' | 'backtest.compare'> = {
  // Loads the bars here (the engine thread owns the stores), runs every strategy in a sandbox
  // thread (built-ins too: the engine thread only routes), and records the run in journal.db.
  'backtest.run': async (input, { services, signal, progress }) => {
    const out = await executeRun(input as RunRequest, {
      stores: services.stores,
      registry: registryOf(services),
      sandboxBuiltins: true,
      signal,
      parseCsv: poolParser(services, signal),
      budgetMs: input.callbackBudgetMs,
      onProgress: (phase, done, total) => progress(phase, done, total),
    });
    services.log.info('backtest finished', { runId: out.run.id, strategy: out.run.strategy.id, bars: out.result.bars, ms: Math.round(out.run.elapsedMs) });
    return dto<JobResult<'backtest.run'>>({ run: out.run, result: out.result });
  },

  'backtest.rerun': async (input, { services, signal, progress }) => {
    const out = await rerun(input.id, registryOf(services), { stores: services.stores, sandboxBuiltins: true, signal, parseCsv: poolParser(services, signal), force: input.force, onProgress: (phase, done, total) => progress(phase, done, total) });
    return dto<JobResult<'backtest.rerun'>>({ run: out.run, result: out.result, rerunOf: out.rerunOf, dataMatches: out.dataMatches, identical: out.identical, warnings: out.warnings });
  },

  'backtest.list': (input, { services }) => dto<MethodOutput<'backtest.list'>>(registryOf(services).list({ ...(input.strategyId ? { strategyId: input.strategyId } : {}), limit: input.limit })),

  'backtest.get': (input, { services }) => {
    const registry = registryOf(services);
    const run = registry.get(input.id);
    return dto<MethodOutput<'backtest.get'>>({ run, result: input.result ? registry.result(input.id) : null });
  },

  'backtest.compare': (input, { services }) => dto<MethodOutput<'backtest.compare'>>(compareRuns(registryOf(services), input.a, input.b, input.points)),
};
