/**
 * One deployment's strategy, alive for as long as the deployment runs: `init` once, the history
 * bars through the indicators (warm-up), then `onBar` per newly closed bar — the backtest's
 * `StrategyRuntime` over growing feeds and streaming indicators, with the `IntentBroker` in place
 * of the simulated broker. Pure (no I/O): the same class runs in the sandbox worker and, for
 * built-in strategies, in the engine thread.
 */
import { EngineError, isEngineError } from '../../core/errors';
import { timeframeMs } from '../../../shared/timeframe';
import type { FillView } from '../../model/orders';
import type { ParamSpecs, Strategy } from '../../strategy/api';
import { STRATEGY_API_VERSION } from '../../strategy/api';
import { StrategyRuntime } from '../../strategy/context';
import { StreamingIndicators } from '../../strategy/live-indicators';
import { LiveFeed, type LiveBar } from '../../strategy/live-series';
import { resolveParams } from '../../strategy/params';
import { IntentBroker } from './intent-broker';
import type { HostOrderUpdate, HostOutput, HostStart, HostStarted, HostStep } from './protocol';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStrategy = Strategy<any, any>;

export class StrategyHost {
  private ctx: StrategyRuntime<ParamSpecs, LiveFeed> | null = null;
  private broker: IntentBroker | null = null;
  private feeds: LiveFeed[] = [];
  private state: unknown;
  private startup = 0;
  private tfMs = 0;
  private hook = 'init';

  constructor(private readonly strategy: AnyStrategy) {
    if (strategy?.kind !== 'quantdesk.strategy' || typeof strategy.onBar !== 'function') throw new EngineError('INVALID_INPUT', 'not a strategy: wrap it in defineStrategy({...})');
    if (Math.floor(strategy.apiVersion) !== STRATEGY_API_VERSION) throw new EngineError('STRATEGY_ERROR', `strategy written for API version ${strategy.apiVersion}; this engine runs version ${STRATEGY_API_VERSION}`);
  }

  start(s: HostStart): HostStarted {
    const strategy = this.strategy;
    const params = resolveParams(strategy.params as ParamSpecs | undefined, s.params);
    this.tfMs = timeframeMs(s.timeframe);
    this.feeds = s.symbols.map((symbol) => new LiveFeed(symbol, s.timeframe));
    const byKey = new Map(this.feeds.map((f) => [`${f.symbol}|${f.timeframe}`, f]));
    const ind = new StreamingIndicators();
    const broker = new IntentBroker({ symbols: s.symbols, feeds: this.feeds, lots: s.lots, idPrefix: s.idPrefix, orderSeq: s.orderSeq, initialCapital: s.initialCapital, account: s.account, openOrders: s.openOrders });
    this.broker = broker;
    const ctx = new StrategyRuntime<ParamSpecs, LiveFeed>({ mode: s.mode, params, symbols: s.symbols, timeframe: s.timeframe, trading: this.feeds, feeds: byKey, broker, ind, store: { ...s.store }, maxLogEntries: 1000 });
    this.ctx = ctx;
    this.hook = 'init';
    this.state = this.call(() => (strategy.init ? strategy.init(ctx) : undefined));
    ind.open = false;
    this.startup = typeof strategy.startupBars === 'function' ? strategy.startupBars(params) : (strategy.startupBars ?? 0);
    this.warm(s.history);
    return { bars: this.feeds.map((f) => f.size), startupBars: this.startup, output: this.output() };
  }

  /** History bars of every symbol, merged by time, through the indicators; no callback runs. */
  private warm(history: LiveBar[][]): void {
    const ptr = history.map(() => 0);
    for (;;) {
      let t = Infinity;
      for (let k = 0; k < history.length; k++) if (ptr[k] < history[k].length && history[k][ptr[k]].ts < t) t = history[k][ptr[k]].ts;
      if (t === Infinity) return;
      for (let k = 0; k < history.length; k++) if (ptr[k] < history[k].length && history[k][ptr[k]].ts === t) this.append(k, history[k][ptr[k]++]);
    }
  }

  private append(k: number, bar: LiveBar): boolean {
    const f = this.feeds[k];
    if (f.size > 0 && !(bar.ts > f.ts.column.last())) return false; // seen already (history and the live feed overlap)
    f.append(bar);
    return true;
  }

  step(s: HostStep): HostOutput {
    const ctx = this.started();
    const broker = this.broker!;
    broker.snapshot = s.account;
    const fresh = s.bars.map((b, k) => (b ? this.append(k, b) : false));
    if (s.evaluate) {
      const now = s.ts + this.tfMs;
      broker.now = now;
      this.hook = 'onBar';
      for (let k = 0; k < this.feeds.length; k++) {
        const i = this.feeds[k].index;
        if (!fresh[k] || i < this.startup) continue;
        ctx.setBar(k, i, now);
        this.call(() => this.strategy.onBar(ctx, this.state));
      }
    }
    return this.output();
  }

  /** An order update: `onFill` first (for a fill), then `onOrder`, as the backtest calls them. */
  update(u: HostOrderUpdate): HostOutput {
    const ctx = this.started();
    const broker = this.broker!;
    broker.snapshot = u.account;
    const view = broker.applyUpdate(u.order);
    const k = Math.max(0, ctx.symbols.indexOf(view.symbol));
    const prevInst = ctx.inst;
    const prevTime = ctx.time;
    if (u.fill && this.strategy.onFill) {
      this.hook = 'onFill';
      ctx.setBar(k, this.feeds[k].index, u.fill.ts);
      // it happened in the bar that is forming now (the backtest's fill at bar i, seen with the cursor at i − 1)
      const fill: FillView = { ...u.fill, barIndex: this.feeds[k].index + 1 };
      this.call(() => this.strategy.onFill!(ctx, this.state, fill));
    }
    if (this.strategy.onOrder) {
      this.hook = 'onOrder';
      ctx.setBar(k, this.feeds[k].index, prevTime);
      this.call(() => this.strategy.onOrder!(ctx, this.state, view));
    }
    ctx.setBar(prevInst, this.feeds[prevInst].index, prevTime);
    return this.output();
  }

  stop(): HostOutput {
    const ctx = this.started();
    if (this.strategy.onStop) {
      this.hook = 'onStop';
      this.call(() => this.strategy.onStop!(ctx, this.state));
    }
    return this.output();
  }

  private started(): StrategyRuntime<ParamSpecs, LiveFeed> {
    if (!this.ctx) throw new EngineError('INTERNAL', 'the strategy host has not started');
    return this.ctx;
  }

  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      const ctx = this.ctx;
      if (isEngineError(e) && e.code !== 'STRATEGY_ERROR') throw e;
      // user code runs in its own vm realm: its errors are not `instanceof Error` here
      const m = (e as { message?: unknown } | null)?.message;
      const message = typeof m === 'string' ? m : String(e);
      throw new EngineError('STRATEGY_ERROR', `strategy ${this.strategy.id} failed in ${this.hook}: ${message}`, { hook: this.hook, symbol: ctx?.symbol ?? null, time: ctx?.time ?? null, bar: ctx?.barIndex ?? null });
    }
  }

  private output(): HostOutput {
    const ctx = this.ctx!;
    // log data crosses a thread and lands in the journal: keep what JSON can carry
    const logs = ctx.logs.splice(0, ctx.logs.length).map((l) => (l.data === undefined ? l : { ...l, data: jsonSafe(l.data) }));
    let store: Record<string, unknown>;
    try {
      store = JSON.parse(JSON.stringify(ctx.store)) as Record<string, unknown>;
    } catch (e) {
      throw new EngineError('STRATEGY_ERROR', `ctx.store must hold JSON data (it is saved after every bar): ${e instanceof Error ? e.message : String(e)}`, { hook: this.hook });
    }
    return { intents: this.broker!.drain(), store, logs, orderSeq: this.broker!.orderSeq };
  }
}

function jsonSafe(v: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(v) ?? 'null');
  } catch {
    return String(v);
  }
}
