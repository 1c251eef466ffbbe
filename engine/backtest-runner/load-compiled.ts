// Loads a strategy inside a sandbox thread: a built-in by id, or a compiled user bundle evaluated
// with `vm` in a context without process, require or import(), every hook wrapped with the
// heartbeat the parent's watchdog reads. Both sandboxes use it: the per-run backtest one
// (sandbox-worker.ts) and the persistent live one.
import vm from 'node:vm';
import { EngineError, isEngineError } from '../core/errors';
import { COMPILED_FILENAME, EXPORTS_GLOBAL } from '../compiler/compile-strategy';
import { createStackMapper } from '../compiler/stack-map';
import type { Strategy } from '../strategy/api';
import { BUILTIN_STRATEGIES } from '../strategy/builtins';
import { hookCode, type HookName, type StrategyCode } from './sandbox-protocol';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStrategy = Strategy<any, any>;

export interface LoadedStrategy {
  strategy: AnyStrategy;
  /** A STRATEGY_ERROR with the user's file:line:column of the first throw (compiled code only). */
  withUserStack(e: unknown): unknown;
}

export function loadStrategy(code: StrategyCode, budgetMs: number, heartbeat: SharedArrayBuffer): LoadedStrategy {
  if (code.kind === 'builtin') {
    const s = (BUILTIN_STRATEGIES as Record<string, AnyStrategy>)[code.id];
    if (!s) throw new EngineError('NOT_FOUND', `no built-in strategy "${code.id}"`);
    return { strategy: s, withUserStack: (e) => e };
  }
  const hb = new Int32Array(heartbeat, 0, 3);
  const hbTime = new Float64Array(heartbeat, 16, 1);
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
  const mapper = createStackMapper(code.map);
  let firstError: unknown = null;
  const loaded = evaluate(code.code, budgetMs, enter, leave);
  const guard = <F extends (...a: never[]) => unknown>(name: HookName, fn: F | undefined): F | undefined => {
    if (!fn) return undefined;
    return ((...args: Parameters<F>) => {
      const ctx = args[0] as unknown as { barIndex?: number; time?: number };
      const outer = enter(name, Number(ctx?.barIndex ?? -1), Number(ctx?.time ?? NaN));
      try {
        return fn(...args);
      } catch (e) {
        firstError = e;
        throw e;
      } finally {
        leave(outer);
      }
    }) as F;
  };
  const strategy = {
    ...loaded,
    init: guard('init', loaded.init),
    onBar: guard('onBar', loaded.onBar)!,
    onOrder: guard('onOrder', loaded.onOrder),
    onFill: guard('onFill', loaded.onFill),
    onStop: guard('onStop', loaded.onStop),
  } as AnyStrategy;
  return {
    strategy,
    withUserStack(e) {
      if (!isEngineError(e) || e.code !== 'STRATEGY_ERROR' || firstError === null) return e;
      const cause = firstError;
      firstError = null;
      const raw = cause instanceof Error || (cause && typeof (cause as Error).stack === 'string') ? String((cause as Error).stack) : String(cause);
      const { stack, top } = mapper.mapStack(raw);
      return new EngineError('STRATEGY_ERROR', top ? `${e.message} (${top.file}:${top.line}:${top.column})` : e.message, { ...(e.details as object), stack, ...(top ? { location: top } : {}) });
    },
  };
}

function evaluate(code: string, budgetMs: number, enter: (n: HookName, bar: number, time: number) => number, leave: (o: number) => void): AnyStrategy {
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
