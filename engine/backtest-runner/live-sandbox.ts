import { Worker } from 'node:worker_threads';
import { EngineError } from '../core/errors';
import { workerFile } from '../host/worker-files';
import type { HostOrderUpdate, HostOutput, HostStart, HostStarted, HostStep, StrategySession } from '../live/runtime/protocol';
import { HEARTBEAT_BYTES, HOOK_NAMES, type StrategyCode } from './sandbox-protocol';
import type { LiveSandboxCall, LiveSandboxReply } from './live-sandbox-protocol';

export interface LiveSandboxOptions {
  /** Longest a single strategy callback may run (default 1 s). */
  budgetMs?: number;
  /** V8 old-generation ceiling of the thread (the live feeds grow inside it). */
  memoryMb?: number;
  /** For tests: the built worker file. */
  workerFile?: string;
}

/**
 * A deployment's strategy in its own worker thread for as long as the deployment runs: no env
 * (no keys), a memory ceiling, and a watchdog on the heartbeat the worker writes around every
 * callback. A callback over budget, a throw, running out of memory or a crash rejects the call
 * with STRATEGY_ERROR and ends the thread; the engine goes on. Calls are made one at a time.
 */
export class LiveSandboxSession implements StrategySession {
  private readonly worker: Worker;
  private readonly heartbeat = new SharedArrayBuffer(HEARTBEAT_BYTES);
  private readonly budgetMs: number;
  private readonly memoryMb: number;
  private seq = 0;
  private current: { seq: number; resolve: (v: unknown) => void; reject: (e: unknown) => void } | null = null;
  private dead: EngineError | null = null;
  private readonly watchdog: ReturnType<typeof setInterval>;

  constructor(
    private readonly strategy: StrategyCode,
    opts: LiveSandboxOptions = {},
  ) {
    this.budgetMs = opts.budgetMs ?? 1000;
    this.memoryMb = opts.memoryMb ?? 512;
    this.worker = new Worker(opts.workerFile ?? workerFile('live-sandbox-worker'), {
      env: {},
      argv: [],
      execArgv: [],
      stdout: true,
      stderr: true,
      // as in run-sandboxed.ts: a small young generation, so running out ends the thread, not the process
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(this.memoryMb / 16))), stackSizeMb: 4 },
    });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    // an idle deployment's thread must not keep the process alive
    this.worker.unref();
    this.worker.on('message', (m: LiveSandboxReply) => {
      const c = this.current;
      if (!c || c.seq !== m.seq) return;
      this.current = null;
      this.worker.unref();
      if (m.ok) c.resolve(m.value);
      else c.reject(new EngineError(m.error.code, m.error.message, m.error.details));
    });
    this.worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') this.end(new EngineError('STRATEGY_ERROR', `the strategy ran out of memory (limit ${this.memoryMb} MB) and was stopped`, { reason: 'memory', memoryMb: this.memoryMb }));
      else this.end(new EngineError('STRATEGY_ERROR', `the strategy sandbox failed: ${e.message}`, { reason: 'crash' }));
    });
    this.worker.on('exit', (code) => this.end(new EngineError('STRATEGY_ERROR', `the strategy sandbox exited (code ${code})`, { reason: 'exit' })));
    this.watchdog = this.startWatchdog();
  }

  private startWatchdog(): ReturnType<typeof setInterval> {
    const hb = new Int32Array(this.heartbeat, 0, 3);
    const hbTime = new Float64Array(this.heartbeat, 16, 1);
    let lastSeq = -1;
    let since = 0;
    const t = setInterval(
      () => {
        const hook = Atomics.load(hb, 1);
        const seq = Atomics.load(hb, 0);
        const now = performance.now();
        if (hook === 0 || seq !== lastSeq) {
          lastSeq = seq;
          since = now;
          return;
        }
        if (now - since < this.budgetMs) return;
        const name = HOOK_NAMES[hook] ?? 'a callback';
        const bar = hb[2];
        const time = hbTime[0];
        const where = bar >= 0 ? ` (bar ${bar}${Number.isFinite(time) ? `, ${new Date(time).toISOString()}` : ''})` : '';
        this.end(new EngineError('STRATEGY_ERROR', `${name} did not return within ${this.budgetMs} ms${where}; the strategy was stopped`, { hook: name, bar: bar >= 0 ? bar : null, time: Number.isFinite(time) ? time : null, budgetMs: this.budgetMs, reason: 'timeout' }));
      },
      Math.max(10, Math.min(100, this.budgetMs / 4)),
    );
    t.unref?.();
    return t;
  }

  /** Ends the thread; the call in progress (and every later one) fails with `why`. */
  private end(why: EngineError): void {
    if (this.dead) return;
    this.dead = why;
    clearInterval(this.watchdog);
    void this.worker.terminate();
    const c = this.current;
    this.current = null;
    c?.reject(why);
  }

  private call<T>(m: LiveSandboxCall extends infer C ? (C extends LiveSandboxCall ? Omit<C, 'seq'> : never) : never): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.current) return Promise.reject(new EngineError('INTERNAL', 'the live sandbox takes one call at a time'));
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.current = { seq, resolve: resolve as (v: unknown) => void, reject };
      this.worker.ref(); // a call in progress keeps the process alive
      this.worker.postMessage({ ...m, seq } as LiveSandboxCall);
    });
  }

  start(s: HostStart): Promise<HostStarted> {
    return this.call({ method: 'start', strategy: this.strategy, heartbeat: this.heartbeat, budgetMs: this.budgetMs, arg: s });
  }
  step(s: HostStep): Promise<HostOutput> {
    return this.call({ method: 'step', arg: s });
  }
  update(u: HostOrderUpdate): Promise<HostOutput> {
    return this.call({ method: 'update', arg: u });
  }
  stop(): Promise<HostOutput> {
    return this.call({ method: 'stop', arg: null });
  }
  close(): void {
    this.end(new EngineError('CANCELLED', 'the strategy sandbox was closed'));
  }
}
