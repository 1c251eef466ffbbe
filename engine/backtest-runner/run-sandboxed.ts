import { Worker } from 'node:worker_threads';
import { EngineError } from '../core/errors';
import type { BacktestConfigInput } from '../backtest/config';
import type { BacktestProgress } from '../backtest/engine';
import type { FeedInput } from '../backtest/feeds';
import type { BacktestResult } from '../backtest/results';
import { workerFile } from '../host/worker-files';
import { HEARTBEAT_BYTES, HOOK_NAMES, type SandboxReply, type SandboxRequest, type StrategyCode } from './sandbox-protocol';

export const DEFAULT_CALLBACK_BUDGET_MS = 1000;
export const DEFAULT_SANDBOX_MEMORY_MB = 1024;

export interface SandboxOptions {
  /** Longest a single strategy callback may run (default 1 s). */
  budgetMs?: number;
  /** V8 old-generation ceiling of the sandbox thread (bar columns are outside it). */
  memoryMb?: number;
  signal?: AbortSignal;
  onProgress?: (p: BacktestProgress) => void;
  /** For tests: the built worker file. */
  workerFile?: string;
}

/**
 * Runs one backtest in a fresh worker thread: no env (`env: {}`), a memory ceiling, and a watchdog
 * reading the heartbeat the worker writes around every strategy callback. A callback over budget,
 * a throw, running out of memory or a cancel ends the thread, never the engine.
 *
 * A plain Worker rather than a piscina pool: each user run gets a fresh isolate (no state left
 * behind by a previous strategy), and the watchdog must be able to end exactly this run's thread.
 * The bar columns are moved, not copied; the caller's arrays are detached afterwards.
 */
export function runSandboxed(strategy: StrategyCode, feeds: FeedInput[], config: BacktestConfigInput, opts: SandboxOptions = {}): Promise<BacktestResult> {
  const budgetMs = opts.budgetMs ?? DEFAULT_CALLBACK_BUDGET_MS;
  const memoryMb = opts.memoryMb ?? DEFAULT_SANDBOX_MEMORY_MB;
  if (opts.signal?.aborted) return Promise.reject(new EngineError('CANCELLED', 'cancelled'));
  const heartbeat = new SharedArrayBuffer(HEARTBEAT_BYTES);
  const hb = new Int32Array(heartbeat, 0, 3);
  const hbTime = new Float64Array(heartbeat, 16, 1);
  const worker = new Worker(opts.workerFile ?? workerFile('sandbox-worker'), {
    env: {},
    argv: [],
    execArgv: [],
    stdout: true,
    stderr: true,
    // A young generation small next to the old one: a scavenge that promotes more than the old
    // space has left can end the whole process (V8 FatalProcessOutOfMemory) instead of the thread.
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(memoryMb / 16))), stackSizeMb: 4 },
  });
  // Strategy output never reaches our stdout (the CLI's --json promises one object there).
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise<BacktestResult>((resolve, reject) => {
    let settled = false;
    const finish = (err: unknown, result?: BacktestResult) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (err) reject(err);
      else resolve(result!);
    };
    const onAbort = () => finish(new EngineError('CANCELLED', 'cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    let lastSeq = -1;
    let since = 0;
    const watchdog = setInterval(() => {
      const hook = Atomics.load(hb, 1);
      const seq = Atomics.load(hb, 0);
      const now = performance.now();
      if (hook === 0 || seq !== lastSeq) {
        lastSeq = seq;
        since = now;
        return;
      }
      if (now - since < budgetMs) return;
      const name = HOOK_NAMES[hook] ?? 'a callback';
      const bar = hb[2];
      const time = hbTime[0];
      const where = bar >= 0 ? ` (bar ${bar}${Number.isFinite(time) ? `, ${new Date(time).toISOString()}` : ''})` : '';
      finish(new EngineError('STRATEGY_ERROR', `${name} did not return within ${budgetMs} ms${where}; the strategy was stopped`, { hook: name, bar: bar >= 0 ? bar : null, time: Number.isFinite(time) ? time : null, budgetMs, reason: 'timeout' }));
    }, Math.max(10, Math.min(100, budgetMs / 4)));
    watchdog.unref?.();

    worker.on('message', (m: SandboxReply) => {
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'done') finish(null, m.result);
      else finish(new EngineError(m.error.code, m.error.message, m.error.details));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(new EngineError('STRATEGY_ERROR', `the strategy ran out of memory (limit ${memoryMb} MB) and was stopped`, { reason: 'memory', memoryMb }));
      else finish(new EngineError('STRATEGY_ERROR', `the strategy sandbox failed: ${e.message}`, { reason: 'crash' }));
    });
    worker.on('exit', (code) => finish(new EngineError('STRATEGY_ERROR', `the strategy sandbox exited unexpectedly (code ${code})`, { reason: 'exit' })));

    const transfer = new Set<ArrayBuffer>();
    for (const f of feeds) for (const col of Object.values(f.bars)) if (col.buffer instanceof ArrayBuffer && col.byteLength === col.buffer.byteLength) transfer.add(col.buffer);
    const request: SandboxRequest = { strategy, feeds, config, heartbeat, budgetMs };
    worker.postMessage(request, [...transfer]);
  });
}
