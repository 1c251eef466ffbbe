// Entry of a strategy sandbox thread (bundled to out/…/sandbox-worker.js). It runs one whole
// backtest: the engine is pure, so strategy and engine share this thread; the thread has no env,
// a memory ceiling and a watchdog in the parent. User code is evaluated in a vm context without
// process, require or import() (defence in depth: the thread boundary is the main wall).
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { runBacktest } from '../backtest/engine';
import { EngineError, isEngineError, toContractError } from '../core/errors';
import { COMPILED_FILENAME, EXPORTS_GLOBAL } from '../compiler/compile-strategy';
import { createStackMapper } from '../compiler/stack-map';
import type { Strategy } from '../strategy/api';
import { BUILTIN_STRATEGIES } from '../strategy/builtins';
import { hookCode, type HookName, type SandboxReply, type SandboxRequest } from './sandbox-protocol';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStrategy = Strategy<any, any>;

const port = parentPort;
if (!port) throw new Error('sandbox-worker runs as a worker thread');
const reply = (m: SandboxReply): void => port.postMessage(m);

port.once('message', (req: SandboxRequest) => {
  try {
    reply({ type: 'done', result: run(req) });
  } catch (e) {
    reply({ type: 'error', error: isEngineError(e) ? toContractError(e) : { code: 'INTERNAL', message: String((e as Error)?.message ?? e) } });
  }
});

function run(req: SandboxRequest) {
  const hb = new Int32Array(req.heartbeat, 0, 3);
  const hbTime = new Float64Array(req.heartbeat, 16, 1);
  let firstError: unknown = null;
  let strategy: AnyStrategy;
  let mapper: ReturnType<typeof createStackMapper> | null = null;
  if (req.strategy.kind === 'builtin') {
    const s = (BUILTIN_STRATEGIES as Record<string, AnyStrategy>)[req.strategy.id];
    if (!s) throw new EngineError('NOT_FOUND', `no built-in strategy "${req.strategy.id}"`);
    strategy = s;
  } else {
    mapper = createStackMapper(req.strategy.map);
    const enter = (name: HookName, bar: number, time: number): number => {
      const outer = Atomics.load(hb, 1);
      hb[2] = bar;
      hbTime[0] = time;
      Atomics.add(hb, 0, 1);
      Atomics.store(hb, 1, hookCode(name));
      return outer;
    };
    const leave = (outer: number): void => {
      Atomics.add(hb, 0, 1);
      Atomics.store(hb, 1, outer);
    };
    const loaded = loadCompiled(req.strategy.code, req.budgetMs, enter, leave);
    // Every callback: heartbeat in and out, and the first thing it threw kept with its own stack
    // (the engine reports which hook failed; the stack says where in the user's file).
    const guard = <F extends (...a: never[]) => unknown>(name: HookName, fn: F | undefined): F | undefined => {
      if (!fn) return undefined;
      return ((...args: Parameters<F>) => {
        const ctx = args[0] as unknown as { barIndex?: number; time?: number };
        const outer = enter(name, Number(ctx?.barIndex ?? -1), Number(ctx?.time ?? NaN));
        try {
          return fn(...args);
        } catch (e) {
          firstError ??= e;
          throw e;
        } finally {
          leave(outer);
        }
      }) as F;
    };
    strategy = {
      ...loaded,
      init: guard('init', loaded.init),
      onBar: guard('onBar', loaded.onBar)!,
      onOrder: guard('onOrder', loaded.onOrder),
      onFill: guard('onFill', loaded.onFill),
      onStop: guard('onStop', loaded.onStop),
    } as AnyStrategy;
  }
  try {
    return runBacktest(
      { strategy, feeds: req.feeds, config: req.config },
      { onProgress: (progress) => reply({ type: 'progress', progress }), checkEvery: 1 << 18 },
    );
  } catch (e) {
    if (isEngineError(e) && e.code === 'STRATEGY_ERROR' && mapper && firstError) throw withUserStack(e, firstError, mapper);
    throw e;
  }
}

function loadCompiled(code: string, budgetMs: number, enter: (n: HookName, bar: number, time: number) => number, leave: (o: number) => void): AnyStrategy {
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, name: 'strategy' });
  const outer = enter('load', -1, NaN);
  try {
    new vm.Script(code, { filename: COMPILED_FILENAME }).runInContext(context, { timeout: budgetMs, breakOnSigint: false });
  } catch (e) {
    const m = (e as Error)?.message ?? String(e);
    throw new EngineError('STRATEGY_ERROR', `strategy module failed while loading: ${m}`, { hook: 'load' });
  } finally {
    leave(outer);
  }
  const exported = (context as Record<string, { default?: unknown }>)[EXPORTS_GLOBAL]?.default as AnyStrategy | undefined;
  if (!exported || exported.kind !== 'quantdesk.strategy') throw new EngineError('STRATEGY_ERROR', 'the strategy file must `export default defineStrategy({...})` (imported from "quantdesk")');
  return exported;
}

function withUserStack(e: EngineError, cause: unknown, mapper: ReturnType<typeof createStackMapper>): EngineError {
  const raw = cause instanceof Error || (cause && typeof (cause as Error).stack === 'string') ? String((cause as Error).stack) : String(cause);
  const { stack, top } = mapper.mapStack(raw);
  const details = { ...(e.details as object), stack, ...(top ? { location: top } : {}) };
  return new EngineError('STRATEGY_ERROR', top ? `${e.message} (${top.file}:${top.line}:${top.column})` : e.message, details);
}
