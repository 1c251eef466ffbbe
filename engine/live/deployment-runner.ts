/**
 * Runs one deployment: an exact strategy version with params, symbols and timeframe on one
 * account, as one persistent strategy instance (`StrategySession`: a sandbox worker for user code,
 * the engine thread for built-ins). `init` runs once; the history bars warm the indicators up;
 * then each newly closed bar is one `onBar` — the backtest's `StrategyContext`, with a broker whose
 * orders go through the account (reconciliation gate, pre-trade check, journal before send) and
 * whose positions are the account's, attributed to this deployment. Order updates and fills come
 * back as `onOrder` / `onFill`.
 *
 * Exactly-once: after each evaluated bar its time and `ctx.store` are saved with the deployment
 * before any order of that bar is sent. After a restart (and a clean reconciliation, which the
 * service checks first) the strategy is started again: `init`, the history bars as warm-up, the
 * store restored; a bar at or before the last evaluated one only feeds indicators, so no bar is
 * evaluated twice and no order is sent twice. At most once: an order of a bar whose sending was
 * cut short by a crash is not sent after the restart.
 *
 * A strategy that throws, hangs (watchdog) or exhausts its memory stops its deployment (status
 * `failed`, the error in the log and the state); the engine and other deployments go on.
 */
import type { InstrumentId } from '../../shared/ids';
import { instrumentId } from '../../shared/ids';
import type { Timeframe } from '../../shared/timeframe';
import { isEngineError } from '../core/errors';
import type { Deployment, TradingJournal } from '../store/trading-journal';
import { strategyId } from '../trading/identifiers';
import type { Order } from '../trading/order';
import type { OrderEvent } from '../trading/order-events';
import type { AccountRuntime } from './account-runtime';
import { AccountAdapter, type StrategyUpdate } from './runtime/account-adapter';
import type { HostOutput, StrategySession } from './runtime/protocol';

export interface RunnerBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

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
  /** `ctx.store` after the last evaluated bar (restored after a restart). */
  store: Record<string, unknown>;
  /** Working orders: strategy order id → client order id. */
  orders: Record<string, string>;
  /** Strategy order ids issued so far. */
  orderSeq: number;
  /** Account equity (quote currency) when the deployment first started: `portfolio.initialCapital`. */
  initialCapital: number | null;
}

export interface DeploymentRunnerOptions {
  deployment: Deployment;
  venue: string;
  account: AccountRuntime;
  journal: TradingJournal;
  /** A fresh strategy instance (called at each start). */
  openSession: () => StrategySession;
  onChange?: (d: Deployment) => void;
  onLog?: (e: DeploymentLogEntry) => void;
  /** The strategy failed and the deployment stopped on its own (the service drops its feeds). */
  onFailed?: (why: string) => void;
  now: () => number;
}

/** Order callbacks in a row without a new bar before the strategy is judged to be looping. */
const MAX_CALLBACKS_PER_BAR = 1000;

export class DeploymentRunner {
  private d: Deployment;
  private readonly logs: DeploymentLogEntry[] = [];
  private queue: Promise<void> = Promise.resolve();
  private running = false;
  private session: StrategySession | null = null;
  private adapter: AccountAdapter | null = null;
  private readonly history = new Map<string, RunnerBar[]>();
  /** Newest bar handed to the strategy per symbol, and bars waiting for the other symbols of their step. */
  private readonly lastTs: number[];
  private readonly pending: RunnerBar[][];
  private readonly marks: number[];
  private callbacks = 0;

  constructor(private readonly o: DeploymentRunnerOptions) {
    this.d = o.deployment;
    for (const s of this.d.symbols) this.history.set(s, []);
    this.lastTs = this.d.symbols.map(() => -Infinity);
    this.pending = this.d.symbols.map(() => []);
    this.marks = this.d.symbols.map(() => NaN);
  }

  get deployment(): Deployment {
    return this.d;
  }
  get state(): DeploymentState {
    const s = (this.d.state ?? {}) as Partial<DeploymentState>;
    return {
      lastBarTs: s.lastBarTs ?? null,
      startTs: s.startTs ?? null,
      ordersSent: s.ordersSent ?? 0,
      lastError: s.lastError ?? null,
      store: s.store ?? {},
      orders: s.orders ?? {},
      orderSeq: s.orderSeq ?? 0,
      initialCapital: s.initialCapital ?? null,
    };
  }
  get log(): DeploymentLogEntry[] {
    return this.logs;
  }
  get isRunning(): boolean {
    return this.running;
  }
  instrument(symbol: string): InstrumentId {
    return instrumentId(symbol, this.o.venue);
  }

  /** Closed history bars (oldest first): at start they warm the indicators up; none is evaluated. */
  seed(symbol: string, history: RunnerBar[]): void {
    const list = this.history.get(symbol);
    if (!list) return;
    for (const b of history) {
      const last = list[list.length - 1];
      if (!last || b.ts > last.ts) list.push(b);
      else if (b.ts === last.ts) list[list.length - 1] = b;
    }
  }

  /** Starts the strategy: `init`, warm-up on the seeded history, the saved store restored. Rejects (and marks the deployment failed) when the strategy fails to start. */
  start(): Promise<void> {
    this.running = true;
    if (this.state.startTs === null) {
      const newest = Math.max(...[...this.history.values()].map((l) => (l.length ? l[l.length - 1].ts : -Infinity)));
      this.saveState({ startTs: Number.isFinite(newest) ? newest : null });
    }
    this.save('running');
    this.info(`started on ${this.d.accountId}: ${this.d.strategyId}@${this.d.strategyVersion.slice(0, 12)} ${this.d.symbols.join(',')} ${this.d.timeframe}`);
    return this.enqueue(() => this.open(), true);
  }

  private async open(): Promise<void> {
    const st = this.state;
    const symbols = this.d.symbols;
    const adapter = new AccountAdapter({
      account: this.o.account,
      strategyId: strategyId(this.d.id),
      instruments: symbols.map((s) => this.instrument(s)),
      ocoScope: `${this.d.id}.${this.o.now().toString(36)}`,
      orders: st.orders,
      log: (level, m) => this.push(level, m),
    });
    this.adapter = adapter;
    const history = symbols.map((s) => this.history.get(s)!);
    history.forEach((h, k) => {
      if (h.length) {
        this.lastTs[k] = h[h.length - 1].ts;
        this.marks[k] = h[h.length - 1].close;
      }
    });
    const account = adapter.snapshot(this.marks);
    const initialCapital = st.initialCapital ?? account.equity;
    if (st.initialCapital === null) this.saveState({ initialCapital });
    const session = this.o.openSession();
    this.session = session;
    const started = await session.start({
      params: this.d.params,
      symbols,
      timeframe: this.d.timeframe as Timeframe,
      mode: this.o.account.account.kind === 'paper' ? 'paper' : 'live',
      lots: await adapter.lots(),
      history,
      store: st.store,
      openOrders: adapter.openOrderViews(),
      orderSeq: st.orderSeq,
      idPrefix: 's',
      initialCapital,
      account,
    });
    const missed = st.lastBarTs === null ? 0 : history[0].filter((b) => b.ts > st.lastBarTs!).length;
    this.info(`strategy ready: warmed up on ${started.bars.join('+')} bars${missed ? ` (${missed} closed while it was stopped: warm-up only)` : ''}`);
    this.history.clear();
    await this.dispatch(started.output, false);
  }

  /** Stops the deployment now; the strategy's `onStop` runs after whatever it is doing (its orders are not sent). */
  stop(status: 'stopped' | 'halted' = 'stopped', why?: string): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.save(status);
    this.info(why ? `${status}: ${why}` : status);
    if (!wasRunning) return Promise.resolve();
    return this.enqueue(async () => {
      const s = this.session;
      if (!s) return;
      try {
        const out = await s.stop();
        if (out.intents.some((i) => i.kind === 'submit')) this.warn(`${out.intents.length} order request(s) from onStop not sent: the deployment is stopping`);
        this.saveState({ store: out.store });
        this.pushLogs(out);
      } catch (e) {
        this.error(`onStop: ${errorText(e)}`);
      } finally {
        s.close();
        this.session = null;
      }
    });
  }

  /** A closed bar of one of the deployment's symbols. Steps run one at a time, in order. */
  onClosedBar(symbol: string, bar: RunnerBar): Promise<void> {
    return this.enqueue(() => this.handle(symbol, bar));
  }

  /** An event of an order on the deployment's account (the service forwards all of them). */
  onOrderEvent(order: Order, e: OrderEvent): void {
    const u = this.adapter?.onOrderEvent(order, e);
    if (u) void this.enqueue(() => this.deliver(u));
  }

  private enqueue(task: () => Promise<void>, rethrow = false): Promise<void> {
    const p = this.queue.then(async () => {
      try {
        await task();
      } catch (e) {
        try {
          this.fail(e);
        } catch {
          // the journal is gone (the engine is shutting down): nothing left to record it in
        }
        if (rethrow) throw e;
      }
    });
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async handle(symbol: string, bar: RunnerBar): Promise<void> {
    const k = this.d.symbols.indexOf(symbol);
    if (k < 0 || !this.running || !this.session) return;
    const queued = this.pending[k];
    const newest = queued.length ? queued[queued.length - 1].ts : this.lastTs[k];
    if (bar.ts <= newest) return; // seen already (history, or the feed repeating itself)
    queued.push(bar);
    // a step is complete when every symbol has a bar at or after its time (as the backtest merges feeds by time)
    while (this.running && this.pending.every((q) => q.length > 0)) {
      const t = Math.min(...this.pending.map((q) => q[0].ts));
      const bars = this.pending.map((q) => (q[0].ts === t ? q.shift()! : null));
      await this.step(t, bars);
    }
  }

  private async step(t: number, bars: Array<RunnerBar | null>): Promise<void> {
    const session = this.session!;
    bars.forEach((b, k) => {
      if (!b) return;
      this.lastTs[k] = b.ts;
      this.marks[k] = b.close;
    });
    const last = this.state.lastBarTs;
    const seen = last !== null && t <= last; // evaluated before a restart: never again
    const tradable = this.o.account.tradable;
    if (!seen && !tradable) this.warn(`bar ${new Date(t).toISOString()} skipped: account is ${this.o.account.status}`);
    this.callbacks = 0;
    const out = await session.step({ ts: t, bars, evaluate: !seen && tradable, account: this.adapter!.snapshot(this.marks) });
    if (seen) return;
    // durable before anything of this bar is sent
    this.saveState({ lastBarTs: t, store: out.store, orderSeq: out.orderSeq });
    await this.dispatch(out, true);
  }

  private async deliver(u: StrategyUpdate): Promise<void> {
    if (!this.running || !this.session) return;
    if (++this.callbacks > MAX_CALLBACKS_PER_BAR) throw new Error(`more than ${MAX_CALLBACKS_PER_BAR} order callbacks without a new bar: the strategy seems to be looping`);
    const out = await this.session.update({ order: u.order, fill: u.fill, account: this.adapter!.snapshot(this.marks) });
    this.saveState({ store: out.store, orderSeq: out.orderSeq });
    await this.dispatch(out, true);
  }

  /** Logs, then the intents through the account; outcomes the account will not report go back to the strategy. */
  private async dispatch(out: HostOutput, send: boolean): Promise<void> {
    this.pushLogs(out);
    if (!out.intents.length) return;
    if (!send || !this.running) {
      this.warn(`${out.intents.length} order request(s) outside onBar/onOrder/onFill not sent`);
      return;
    }
    const { sent, updates } = await this.adapter!.execute(out.intents, this.marks);
    this.saveState({ ordersSent: this.state.ordersSent + sent, orders: this.adapter!.workingMap() });
    for (const u of updates) await this.deliver(u);
  }

  private pushLogs(out: HostOutput): void {
    for (const l of out.logs) this.push(l.level === 'debug' ? 'info' : l.level, `strategy: ${l.message}`);
  }

  private fail(e: unknown): void {
    const msg = errorText(e);
    this.error(msg);
    const wasRunning = this.running;
    this.running = false;
    this.saveState({ lastError: msg });
    this.save('failed');
    this.session?.close();
    this.session = null;
    if (wasRunning) this.o.onFailed?.(msg);
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

function errorText(e: unknown): string {
  return isEngineError(e) ? e.message : `strategy failed (${e instanceof Error ? `${e.name}: ${e.message}` : typeof e})`;
}
