/**
 * Runs one deployment: an exact strategy version with params, symbols and timeframe on one
 * account. On every closed bar the strategy is evaluated over the bar window with the backtest
 * engine itself (same runtime, same fill model, same sizing), and the orders it creates on that
 * last bar are sent through the account's order manager — so paper mode sends what a backtest of
 * the same bars sends (the parity test). The last evaluated bar is persisted with the deployment:
 * after a restart a bar is never evaluated twice, so no order is sent twice.
 *
 * History bars before the deployment's start only warm indicators up (`startupBars`): the
 * strategy acts from its start, so it never "holds" a position it did not trade.
 * Known limit: the strategy sees the backtest's simulated position over the window, not the
 * account's; on paper (same fill model) they agree, live they can drift after partial fills, and
 * once the window (1000 bars) slides past the start the replay begins at the window's first bar.
 */
import type { InstrumentId } from '../../shared/ids';
import { instrumentId } from '../../shared/ids';
import type { Timeframe } from '../../shared/timeframe';
import { timeframeMs } from '../../shared/timeframe';
import type { BacktestConfigInput } from '../backtest/config';
import type { FeedInput } from '../backtest/feeds';
import { isEngineError } from '../core/errors';
import type { BarColumns } from '../model/bars';
import type { OrderView } from '../model/orders';
import type { Deployment, TradingJournal } from '../store/trading-journal';
import { Decimal } from '../trading/decimal';
import { strategyId } from '../trading/identifiers';
import type { OrderSpec } from '../trading/order';
import type { AccountRuntime } from './account-runtime';

export interface RunnerBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Evaluates the strategy over bars and returns every order it created (a backtest's `orders`). */
export type Evaluate = (feeds: FeedInput[], config: BacktestConfigInput) => Promise<OrderView[]>;

export interface DeploymentLogEntry {
  ts: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface DeploymentState {
  lastBarTs: number | null;
  /** The newest history bar when the deployment first started: the strategy acts only after it. */
  startTs: number | null;
  ordersSent: number;
  lastError: string | null;
}

export interface DeploymentRunnerOptions {
  deployment: Deployment;
  venue: string;
  account: AccountRuntime;
  journal: TradingJournal;
  evaluate: Evaluate;
  /** Bars kept for evaluation (history + live). */
  windowBars?: number;
  initialCapital?: number;
  onChange?: (d: Deployment) => void;
  onLog?: (e: DeploymentLogEntry) => void;
  now: () => number;
}

export class DeploymentRunner {
  private d: Deployment;
  private readonly bars = new Map<string, RunnerBar[]>();
  private readonly logs: DeploymentLogEntry[] = [];
  private queue: Promise<void> = Promise.resolve();
  private running = false;

  constructor(private readonly o: DeploymentRunnerOptions) {
    this.d = o.deployment;
    for (const s of this.d.symbols) this.bars.set(s, []);
  }

  get deployment(): Deployment {
    return this.d;
  }
  get state(): DeploymentState {
    const s = (this.d.state ?? {}) as Partial<DeploymentState>;
    return { lastBarTs: s.lastBarTs ?? null, startTs: s.startTs ?? null, ordersSent: s.ordersSent ?? 0, lastError: s.lastError ?? null };
  }
  get log(): DeploymentLogEntry[] {
    return this.logs;
  }
  instrument(symbol: string): InstrumentId {
    return instrumentId(symbol, this.o.venue);
  }

  /** Seeds the window with closed history bars (oldest first); nothing is evaluated for them. */
  seed(symbol: string, history: RunnerBar[]): void {
    const list = this.bars.get(symbol);
    if (!list) return;
    for (const b of history) this.append(list, b);
  }

  start(): void {
    this.running = true;
    if (this.state.startTs === null) {
      const newest = Math.max(...[...this.bars.values()].map((l) => (l.length ? l[l.length - 1].ts : -Infinity)));
      this.saveState({ startTs: Number.isFinite(newest) ? newest : null });
    }
    this.save('running');
    this.info(`started on ${this.d.accountId}: ${this.d.strategyId}@${this.d.strategyVersion.slice(0, 12)} ${this.d.symbols.join(',')} ${this.d.timeframe}`);
  }

  stop(status: 'stopped' | 'halted' = 'stopped', why?: string): void {
    this.running = false;
    this.save(status);
    this.info(why ? `${status}: ${why}` : status);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** A closed bar of one of the deployment's symbols. Evaluations run one at a time, in order. */
  onClosedBar(symbol: string, bar: RunnerBar): Promise<void> {
    const p = this.queue.then(() => this.handle(symbol, bar));
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async handle(symbol: string, bar: RunnerBar): Promise<void> {
    const list = this.bars.get(symbol);
    if (!list) return;
    this.append(list, bar);
    if (!this.running) return;
    const last = this.state.lastBarTs;
    if (last !== null && bar.ts <= last) return; // evaluated before a restart: never again
    // every symbol must have this bar before the step is complete
    if (![...this.bars.values()].every((l) => l.length > 0 && l[l.length - 1].ts >= bar.ts)) return;
    if (!this.o.account.tradable) {
      this.warn(`bar ${new Date(bar.ts).toISOString()} skipped: account is ${this.o.account.status}`);
      this.saveState({ lastBarTs: bar.ts });
      return;
    }
    const tfMs = timeframeMs(this.d.timeframe as Timeframe);
    let orders: OrderView[];
    try {
      orders = await this.o.evaluate(
        this.d.symbols.map((s) => ({ symbol: s, timeframe: this.d.timeframe as Timeframe, bars: toColumns(this.bars.get(s)!) })),
        // history bars only warm the indicators up: the strategy acts (and holds positions) from the deployment's start
        { params: this.d.params, initialCapital: this.o.initialCapital ?? 100_000, currency: 'USD', startupBars: this.startupBars() },
      );
    } catch (e) {
      const msg = isEngineError(e) ? e.message : `strategy failed (${e instanceof Error ? e.name : typeof e})`;
      this.error(msg);
      this.saveState({ lastBarTs: bar.ts, lastError: msg });
      return;
    }
    // orders the strategy created on this bar (createdAt is the bar's close)
    const fresh = orders.filter((o) => o.createdAt === bar.ts + tfMs && o.status !== 'rejected');
    this.saveState({ lastBarTs: bar.ts });
    let sent = 0;
    for (const v of fresh) {
      try {
        const spec = await this.toSpec(v);
        if (!spec) continue;
        const order = await this.o.account.submit(strategyId(this.d.id), spec, { referencePrice: Decimal.fromNumber(bar.close) });
        sent++;
        this.info(`${spec.side} ${spec.quantity.toPlainString()} ${v.symbol} ${spec.kind}${v.tag ? ` (${v.tag})` : ''} → ${order.status}${order.reason ? `: ${order.reason}` : ''}`);
      } catch (e) {
        this.error(`order not sent: ${isEngineError(e) ? e.message : String(e)}`);
      }
    }
    if (sent) this.saveState({ ordersSent: this.state.ordersSent + sent });
  }

  private startupBars(): number {
    const startTs = this.state.startTs;
    if (startTs === null) return 0;
    return this.bars.get(this.d.symbols[0])!.filter((b) => b.ts <= startTs).length;
  }

  private async toSpec(v: OrderView): Promise<OrderSpec | null> {
    const id = this.instrument(v.symbol);
    const spec = await this.o.account.spec(id);
    const qty = Decimal.fromNumber(v.size).roundToStep(spec.amountStep, 'down');
    if (!qty.isPositive()) {
      this.warn(`order of ${v.size} ${v.symbol} is below the venue's lot ${spec.amountStep.toPlainString()}; skipped`);
      return null;
    }
    const px = (n: number | null) => (n === null || !Number.isFinite(n) ? undefined : Decimal.fromNumber(n).roundToStep(spec.priceTick, 'half-even'));
    const kind: OrderSpec['kind'] = v.type === 'stop' ? 'stop-market' : v.type;
    return { instrumentId: id, side: v.side, kind, quantity: qty, price: px(v.limitPrice), triggerPrice: px(v.stopPrice), timeInForce: 'GTC', reduceOnly: v.reduceOnly, ...(v.tag ? { tag: v.tag } : {}) };
  }

  private append(list: RunnerBar[], b: RunnerBar): void {
    const last = list[list.length - 1];
    if (last && b.ts <= last.ts) {
      if (b.ts === last.ts) list[list.length - 1] = b;
      return;
    }
    list.push(b);
    const max = this.o.windowBars ?? 1000;
    if (list.length > max) list.splice(0, list.length - max);
  }

  private saveState(patch: Partial<DeploymentState>): void {
    this.d = this.o.journal.upsertDeployment({ ...this.d, state: { ...this.state, ...patch } });
    this.o.onChange?.(this.d);
  }

  private save(status: string): void {
    this.d = this.o.journal.upsertDeployment({ ...this.d, status });
    this.o.onChange?.(this.d);
  }

  private push(level: DeploymentLogEntry['level'], message: string): void {
    const e = { ts: this.o.now(), level, message };
    this.logs.push(e);
    if (this.logs.length > 500) this.logs.splice(0, this.logs.length - 500);
    this.o.onLog?.(e);
  }
  private info(m: string) {
    this.push('info', m);
  }
  private warn(m: string) {
    this.push('warn', m);
  }
  private error(m: string) {
    this.push('error', m);
  }
}

function toColumns(list: RunnerBar[]): BarColumns {
  const n = list.length;
  const c = { ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  list.forEach((b, i) => {
    c.ts[i] = b.ts;
    c.open[i] = b.open;
    c.high[i] = b.high;
    c.low[i] = b.low;
    c.close[i] = b.close;
    c.volume[i] = b.volume;
  });
  return c;
}
