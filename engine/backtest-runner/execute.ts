import { createHash } from 'node:crypto';
import path from 'node:path';
import { EngineError, isEngineError } from '../core/errors';
import type { BacktestConfigInput } from '../backtest/config';
import { runBacktest, type BacktestProgress } from '../backtest/engine';
import { RESULT_VERSION, type BacktestResult } from '../backtest/results';
import { compileStrategyFile, compileStrategySources, type CompiledStrategy, type StrategySources } from '../compiler/compile-strategy';
import { APP_VERSION } from '../host/version';
import type { Strategy } from '../strategy/api';
import { BUILTIN_STRATEGIES } from '../strategy/builtins';
import { TEMPLATE_SOURCES } from '../strategy-library/templates.generated';
import type { Stores } from '../store/open-stores';
import { loadData, type CsvParser, type DataFingerprint, type DataSpec, type LoadedData } from './load-data';
import type { ReadAhead } from './read-ahead';
import { runSandboxed } from './run-sandboxed';
import { summarize, type RunRecord, type RunRegistry, type StrategyKind } from './run-registry';
import type { StrategyCode } from './sandbox-protocol';

/** Engine build plus result format: two runs with the same inputs and this version give identical results. */
export const ENGINE_VERSION = `${APP_VERSION}+r${RESULT_VERSION}`;

export type StrategyRef = { kind: 'builtin'; id: string } | { kind: 'file'; path: string } | { kind: 'source'; entry: string; sources: StrategySources };

export interface RunRequest {
  strategy: StrategyRef;
  data: DataSpec;
  params?: Record<string, unknown>;
  /** Backtest config (engine/backtest/config.ts) without `params`. */
  config?: Record<string, unknown>;
}

export interface ExecuteOptions {
  /** Where stored bars are read from. */
  stores?: Pick<Stores, 'marketDb'>;
  /** Saves the run (failed runs too, when the strategy was at fault); none: not recorded. */
  registry?: RunRegistry;
  /** Built-ins are trusted code: the CLI runs them in its own thread; the app keeps them off the engine thread too. */
  sandboxBuiltins?: boolean;
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number) => void;
  budgetMs?: number;
  memoryMb?: number;
  rerunOf?: string;
  /** How CSV files are parsed (default: in this thread). */
  parseCsv?: CsvParser;
  /** Stored bars already being read by another thread (the CLI starts one before loading the engine). */
  readAhead?: ReadAhead;
}

export interface ExecutedRun {
  run: RunRecord;
  result: BacktestResult;
  data: LoadedData;
}

interface ResolvedStrategy {
  id: string;
  name: string;
  kind: StrategyKind;
  hash: string;
  entry: string | null;
  sources: StrategySources | null;
  code: StrategyCode;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStrategy = Strategy<any, any>;

export function builtinStrategy(id: string): AnyStrategy {
  const s = (BUILTIN_STRATEGIES as Record<string, AnyStrategy>)[id];
  if (!s) throw new EngineError('NOT_FOUND', `no built-in strategy "${id}" (built-ins: ${Object.keys(BUILTIN_STRATEGIES).join(', ')})`);
  return s;
}

/**
 * A built-in's version: sha256 of its source file, as the editor offers it for a template. Not the
 * text of its functions at run time: a bundler renames identifiers to keep them apart in one
 * scope, so the CLI's bundle and the app's gave the same strategy two versions.
 */
export function builtinHash(id: string): string {
  builtinStrategy(id); // NOT_FOUND for an id that is no built-in
  const source = TEMPLATE_SOURCES[id];
  if (source === undefined) throw new EngineError('INTERNAL', `built-in ${id} has no source (run scripts/emit-strategy-dts.mjs)`);
  return createHash('sha256').update(source).digest('hex');
}

export async function resolveStrategy(ref: StrategyRef): Promise<ResolvedStrategy> {
  if (ref.kind === 'builtin') {
    const s = builtinStrategy(ref.id);
    return { id: s.id, name: s.name, kind: 'builtin', hash: builtinHash(ref.id), entry: null, sources: null, code: { kind: 'builtin', id: ref.id } };
  }
  const compiled: CompiledStrategy = ref.kind === 'file' ? await compileStrategyFile(ref.path) : await compileStrategySources(ref.entry, ref.sources);
  const base = path.basename(compiled.entry).replace(/\.[^.]*$/, '');
  return {
    // The real id and name come from the definition once it has loaded (in the sandbox); the file name stands in until then.
    id: base,
    name: base,
    kind: ref.kind,
    hash: compiled.hash,
    entry: compiled.entry,
    sources: compiled.sources,
    code: { kind: 'compiled', entry: compiled.entry, code: compiled.code, map: compiled.map },
  };
}

/** Resolves the strategy, loads the bars, runs the backtest (sandboxed for user code) and records the run. */
export async function executeRun(req: RunRequest, opts: ExecuteOptions = {}): Promise<ExecutedRun> {
  const progress = opts.onProgress ?? (() => {});
  progress('compile', 0, 1);
  const strategy = await resolveStrategy(req.strategy);
  progress('load', 0, 1);
  const data = await loadData(req.data, opts.stores, opts.parseCsv, undefined, opts.readAhead);
  progress('load', 1, 1);
  return runResolved(strategy, data, req, opts);
}

export async function runResolved(strategy: ResolvedStrategy, data: LoadedData, req: RunRequest, opts: ExecuteOptions): Promise<ExecutedRun> {
  if (opts.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled');
  const { params: _ignored, ...configRest } = (req.config ?? {}) as Record<string, unknown>;
  const config = { ...configRest, params: req.params ?? {} } as BacktestConfigInput;
  const onProgress = (p: BacktestProgress) => opts.onProgress?.(p.phase, p.done, p.total);
  const feeds = [{ symbol: data.instrumentId, timeframe: data.timeframe, bars: data.bars, timesIncrease: data.timesIncrease }];
  const t0 = performance.now();
  let result: BacktestResult;
  try {
    if (strategy.code.kind === 'builtin' && !opts.sandboxBuiltins) {
      // Trusted code in this thread: no copy of the bars, no thread start.
      result = runBacktest(
        { strategy: builtinStrategy(strategy.code.id), feeds, config },
        { onProgress, isCancelled: () => opts.signal?.aborted === true },
      );
    } else {
      // The columns are moved into the sandbox: hand it copies when the caller keeps using them.
      result = await runSandboxed(strategy.code, feeds, config, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress,
        ...(opts.budgetMs !== undefined ? { budgetMs: opts.budgetMs } : {}),
        ...(opts.memoryMb !== undefined ? { memoryMb: opts.memoryMb } : {}),
      });
    }
  } catch (e) {
    if (isEngineError(e) && e.code === 'STRATEGY_ERROR' && opts.registry) {
      opts.registry.save({
        strategy: { id: strategy.id, name: strategy.name, kind: strategy.kind, hash: strategy.hash, entry: strategy.entry },
        sources: strategy.sources,
        params: req.params ?? {},
        config: configRest,
        data: req.data,
        fingerprint: data.fingerprint,
        engineVersion: ENGINE_VERSION,
        status: 'failed',
        error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) },
        summary: null,
        metrics: null,
        result: null,
        rerunOf: opts.rerunOf ?? null,
        elapsedMs: performance.now() - t0,
      });
    }
    throw e;
  }
  const elapsedMs = performance.now() - t0;
  const record = {
    strategy: { id: result.strategy.id, name: result.strategy.name, kind: strategy.kind, hash: strategy.hash, entry: strategy.entry },
    params: result.strategy.params,
    config: configRest,
    data: req.data,
    fingerprint: data.fingerprint,
    engineVersion: ENGINE_VERSION,
    status: 'succeeded' as const,
    error: null,
    summary: summarize(result),
    metrics: result.metrics,
    rerunOf: opts.rerunOf ?? null,
    elapsedMs,
  };
  const run: RunRecord = opts.registry ? opts.registry.save({ ...record, sources: strategy.sources, result }) : { id: '', createdAt: 0, ...record };
  return { run, result, data };
}

export interface RerunOutcome extends ExecutedRun {
  rerunOf: string;
  dataMatches: boolean;
  /** Same summary and metrics as the original run (null when the original failed). */
  identical: boolean | null;
  warnings: string[];
}

/**
 * Runs a recorded run again from what the registry kept (the strategy's own sources, params,
 * config, data location). Bars whose fingerprint no longer matches are refused (CONFLICT) unless
 * `force`, and then the outcome says so: a rerun never silently differs.
 */
export async function rerun(id: string, registry: RunRegistry, opts: Omit<ExecuteOptions, 'registry' | 'rerunOf'> & { force?: boolean }): Promise<RerunOutcome> {
  const original = registry.get(id);
  const warnings: string[] = [];
  let ref: StrategyRef;
  if (original.strategy.kind === 'builtin') ref = { kind: 'builtin', id: original.strategy.id };
  else {
    const sources = registry.sources(id);
    if (!sources || !original.strategy.entry) throw new EngineError('NOT_FOUND', `run ${id} did not keep its strategy's sources`);
    ref = { kind: 'source', entry: original.strategy.entry, sources };
  }
  // A file run reruns from the sources it kept, and stays a file run in the registry.
  const strategy = { ...(await resolveStrategy(ref)), kind: original.strategy.kind };
  if (strategy.hash !== original.strategy.hash) warnings.push(`the strategy's code changed since run ${id} (version ${original.strategy.hash.slice(0, 12)} → ${strategy.hash.slice(0, 12)})`);
  if (original.engineVersion !== ENGINE_VERSION) warnings.push(`run ${id} was made by engine ${original.engineVersion}; this is ${ENGINE_VERSION}`);
  // Hashed as the original was, so a run recorded before the current digest still compares.
  const data = await loadData(original.data, opts.stores, opts.parseCsv, original.fingerprint.hashVersion ?? 1);
  const mismatch = fingerprintDiff(original.fingerprint, data.fingerprint);
  if (mismatch.length) {
    const text = `the data no longer matches run ${id}'s fingerprint (${mismatch.join('; ')})`;
    if (!opts.force) throw new EngineError('CONFLICT', `${text}: the rerun would not reproduce it (rerun with force to run anyway)`, { expected: original.fingerprint, actual: data.fingerprint, differences: mismatch });
    warnings.push(text);
  }
  const out = await runResolved(strategy, data, { strategy: ref, data: original.data, params: original.params, config: original.config }, { ...opts, registry, rerunOf: id });
  const identical = original.summary && original.metrics ? JSON.stringify(original.summary) === JSON.stringify(out.run.summary) && JSON.stringify(original.metrics) === JSON.stringify(out.run.metrics) : null;
  if (identical === false && !mismatch.length) warnings.push(`the rerun's results differ from run ${id}`);
  return { ...out, rerunOf: id, dataMatches: mismatch.length === 0, identical, warnings };
}

export function fingerprintDiff(a: DataFingerprint, b: DataFingerprint): string[] {
  const out: string[] = [];
  if (a.instrumentId !== b.instrumentId || a.timeframe !== b.timeframe) out.push(`series ${a.instrumentId} ${a.timeframe} → ${b.instrumentId} ${b.timeframe}`);
  if (a.bars !== b.bars) out.push(`${a.bars} bars → ${b.bars}`);
  if (a.from !== b.from || a.to !== b.to) out.push(`range ${iso(a.from)}…${iso(a.to)} → ${iso(b.from)}…${iso(b.to)}`);
  if (a.hash !== b.hash) out.push(`bar hash ${a.hash.slice(0, 12)} → ${b.hash.slice(0, 12)}`);
  return out;
}

const iso = (t: number | null) => (t === null ? '–' : new Date(t).toISOString());
