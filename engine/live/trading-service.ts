/**
 * Trading in the engine thread: accounts and their keys, one `AccountRuntime` per account in use
 * (broker + order manager + portfolio + reconciliation), deployments and the kill switch. The
 * host's handlers and the CLI talk to this; events go out through `publish`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstrumentId } from '../../shared/ids';
import { splitInstrumentId } from '../../shared/ids';
import type { Timeframe } from '../../shared/timeframe';
import { LiveSandboxSession } from '../backtest-runner/live-sandbox';
import type { StrategyCode } from '../backtest-runner/sandbox-protocol';
import { openCcxtBroker } from '../brokers/ccxt/open-ccxt-broker';
import { PaperBroker, type PaperVenueState } from '../brokers/paper/paper-broker';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { createExchange } from '../data/ccxt/open-exchange';
import type { FillReport } from '../trading/execution-client';
import { averagePrice, type Order } from '../trading/order';
import type { CredentialService } from '../secrets/credentials';
import type { ExchangeFactory, PrivateReader } from '../secrets/verify-credentials';
import { BUILTIN_STRATEGIES } from '../strategy/builtins';
import type { Deployment, TradingAccount, TradingJournal } from '../store/trading-journal';
import { Decimal } from '../trading/decimal';
import type { AccountId } from '../trading/identifiers';
import { accountId as toAccountId, strategyId } from '../trading/identifiers';
import { KillSwitch, type KillSwitchMode } from '../trading/kill-switch';
import type { CrashPoint, TradingLog } from '../trading/order-manager';
import { AccountRuntime, pair, type Broker } from './account-runtime';
import { DeploymentRunner, type RunnerBar } from './deployment-runner';
import { InProcessSession } from './runtime/in-process-session';
import type { StrategySession } from './runtime/protocol';
import type { AnyStrategy } from './runtime/strategy-host';

export type Publish = (topic: string, payload: unknown) => void;

export interface MarketFeed {
  /** Closed history bars, oldest first. */
  history(exchange: string, baseUrl: string | null, symbol: string, timeframe: Timeframe, limit: number): Promise<RunnerBar[]>;
  /** Live bars (forming and closed); returns an unsubscribe. */
  subscribe(exchange: string, baseUrl: string | null, symbol: string, timeframe: Timeframe, onBar: (bar: RunnerBar & { closed: boolean }) => void): Promise<() => void>;
}

export interface TradingServiceOptions {
  dataDir: string;
  journal: TradingJournal;
  credentials: CredentialService;
  clock: Clock;
  log: TradingLog;
  publish: Publish;
  feed: MarketFeed;
  /** Test-only crash points (`QUANTDESK_CRASH_AT`). */
  crashAt?: (p: CrashPoint) => void;
  /** Deadline for each venue request of the kill switch's cancels (ms). */
  killTimeoutMs?: number;
}

export interface AddAccountInput {
  id: string;
  exchange: string;
  paper: boolean;
  label?: string;
  baseUrl?: string | null;
  sandbox?: boolean;
  maxOrderNotional?: string | null;
  /** Paper: starting balances. */
  startingBalances?: Record<string, string>;
}

export interface StartDeploymentInput {
  accountId: string;
  strategy: { kind: 'builtin'; id: string } | { kind: 'compiled'; entry: string; code: string; map: string; version: string; name: string };
  symbols: string[];
  timeframe: Timeframe;
  params: Record<string, unknown>;
  /** An existing deployment to resume (same strategy version, same settings). */
  id?: string;
}

interface RunningDeployment {
  runner: DeploymentRunner;
  unsubscribe: (() => void)[];
}

export class TradingService {
  readonly killSwitch: KillSwitch;
  private readonly runtimes = new Map<AccountId, Promise<AccountRuntime>>();
  private readonly deployments = new Map<string, RunningDeployment>();
  private readonly paperFeeds = new Map<AccountId, (() => void)[]>();

  constructor(private readonly o: TradingServiceOptions) {
    this.killSwitch = new KillSwitch(o.journal, () => o.clock.now());
  }

  // ---- accounts ----

  accounts(): TradingAccount[] {
    return this.o.journal.accounts();
  }

  account(id: string): TradingAccount {
    const a = this.o.journal.account(toAccountId(id));
    if (!a) throw new EngineError('NOT_FOUND', `no account ${id}`);
    return a;
  }

  async addAccount(i: AddAccountInput): Promise<TradingAccount> {
    const id = toAccountId(i.id);
    if (i.baseUrl && !/^https?:\/\/[^/\s]+/.test(i.baseUrl)) throw new EngineError('INVALID_INPUT', 'the base URL must be an http(s) URL');
    // the exchange must exist in ccxt (paper accounts price off an exchange's feed too)
    await createExchange({ exchange: i.exchange, ...(i.baseUrl ? { baseUrl: i.baseUrl } : {}) });
    return this.o.journal.upsertAccount({
      id,
      kind: i.paper ? 'paper' : 'exchange',
      venue: i.exchange.toLowerCase(),
      label: i.label ?? i.id,
      sandbox: i.sandbox ?? false,
      baseUrl: i.baseUrl ?? null,
      maxOrderNotional: i.maxOrderNotional ? Decimal.parse(i.maxOrderNotional) : null,
      options: i.paper ? { startingBalances: i.startingBalances ?? { USDT: '100000' } } : null,
    });
  }

  async removeAccount(id: string): Promise<void> {
    const a = this.account(id);
    await this.closeAccount(a.id);
    this.o.journal.removeAccount(a.id);
    // a paper account never had a key; an exchange account's key goes with it
    if (a.kind === 'exchange') await this.o.credentials.remove(a.id);
  }

  /** The ccxt exchange factory for "test key": the account's base URL and sandbox flag apply. */
  exchangeFactory(a: TradingAccount): ExchangeFactory {
    return async (exchangeId, config) => {
      const { sandbox, ...rest } = config;
      const ex = (await createExchange({ exchange: exchangeId, ...(a.baseUrl ? { baseUrl: a.baseUrl } : {}) })) as unknown as PrivateReader & Record<string, unknown> & { setSandboxMode?(on: boolean): void };
      if (sandbox && !a.baseUrl) ex.setSandboxMode?.(true);
      Object.assign(ex, rest);
      return ex;
    };
  }

  // ---- runtimes ----

  /** The account's runtime, opened (and reconciled) on first use. */
  runtime(id: string): Promise<AccountRuntime> {
    const a = this.account(id);
    let p = this.runtimes.get(a.id);
    if (!p) {
      p = this.openRuntime(a);
      this.runtimes.set(a.id, p);
      p.catch(() => this.runtimes.delete(a.id));
    }
    return p;
  }

  openRuntimes(): Promise<AccountRuntime[]> {
    return Promise.all([...this.runtimes.values()]);
  }

  private async openRuntime(a: TradingAccount): Promise<AccountRuntime> {
    const broker = await this.openBroker(a);
    const rt = new AccountRuntime({
      account: a,
      broker,
      journal: this.o.journal,
      clock: this.o.clock,
      killSwitch: this.killSwitch,
      log: this.o.log,
      balancesComplete: a.kind === 'paper',
      crashAt: this.o.crashAt,
      watchPrice: (id) => void this.watchPrice(a, id, () => rt),
      events: {
        order: (order, e) => {
          this.o.publish('trading.order', { accountId: a.id, event: e.type, order: orderDto(order) });
          // the strategy hears about its own orders (onOrder / onFill)
          for (const d of this.deploymentsOf(a.id)) d.runner.onOrderEvent(order, e);
        },
        fill: (f) => this.o.publish('trading.fill', { accountId: a.id, fill: fillDto(f) }),
        balances: () => this.o.publish('trading.balances', { accountId: a.id }),
        status: (status, diff, outcome) => {
          this.o.publish('trading.accountStatus', { accountId: a.id, status, outcome: outcome?.status ?? null });
          if (status === 'halted' || status === 'needs-decision') for (const d of this.deploymentsOf(a.id)) if (d.runner.isRunning) d.runner.stop('halted', `account ${status}`);
          void diff;
        },
      },
    });
    await rt.start();
    if (a.kind === 'paper') await this.feedPaper(a, rt);
    return rt;
  }

  private async openBroker(a: TradingAccount): Promise<Broker> {
    if (a.kind === 'paper') {
      const file = join(this.o.dataDir, 'paper', `${a.id}.json`);
      const state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PaperVenueState) : undefined;
      const opts = (a.options ?? {}) as { startingBalances?: Record<string, string> };
      return new PaperBroker({
        accountId: a.id,
        clock: this.o.clock,
        startingBalances: opts.startingBalances ?? { USDT: '100000' },
        state,
        onChange: (s) => writeAtomic(file, JSON.stringify(s)),
      });
    }
    const credentials = await this.o.credentials.load(a.id, a.venue);
    const symbols = [...new Set([...this.o.journal.deployments(a.id).flatMap((d) => d.symbols), ...this.o.journal.orders(a.id).map((r) => splitInstrumentId(r.instrument_id as InstrumentId).symbol)])];
    // an account may keep its stops off the venue (hidden stops): the order manager watches them
    const localTriggers = (a.options as { localTriggers?: unknown } | null)?.localTriggers === true;
    return openCcxtBroker({ accountId: a.id, exchange: a.venue, credentials, sandbox: a.sandbox, baseUrl: a.baseUrl, clock: this.o.clock, symbols, log: this.o.log, localTriggers });
  }

  /** Paper accounts fill on the live feed: 1m bars of every instrument they trade. */
  private async feedPaper(a: TradingAccount, rt: AccountRuntime): Promise<void> {
    const paper = rt.broker as PaperBroker;
    const symbols = new Set([...this.o.journal.deployments(a.id).flatMap((d) => d.symbols), ...rt.oms.openOrders().map((o) => splitInstrumentId(o.spec.instrumentId).symbol)]);
    for (const s of symbols) await this.ensurePaperFeed(a, paper, s);
  }

  private readonly paperSymbols = new Set<string>();
  async ensurePaperFeed(a: TradingAccount, paper: PaperBroker, symbol: string): Promise<void> {
    const key = `${a.id} ${symbol}`;
    if (this.paperSymbols.has(key)) return;
    this.paperSymbols.add(key);
    const id = `${symbol}@${a.venue}` as InstrumentId;
    const un = await this.o.feed.subscribe(a.venue, a.baseUrl, symbol, '1m', (b) => {
      if (b.closed) paper.onBar(id, b);
      else paper.onPrice(id, b.close, b.ts);
    });
    this.paperFeeds.set(a.id, [...(this.paperFeeds.get(a.id) ?? []), un]);
  }

  /** An order's trigger is watched here: the instrument's live price (1m bars as they form) goes to the order manager. */
  private readonly priceWatches = new Set<string>();
  private async watchPrice(a: TradingAccount, id: InstrumentId, rt: () => AccountRuntime): Promise<void> {
    const key = `${a.id} ${id}`;
    if (this.priceWatches.has(key)) return;
    this.priceWatches.add(key);
    try {
      const un = await this.o.feed.subscribe(a.venue, a.baseUrl, splitInstrumentId(id).symbol, '1m', (b) => rt().oms.onPrice(id, Decimal.fromNumber(b.close)));
      this.paperFeeds.set(a.id, [...(this.paperFeeds.get(a.id) ?? []), un]);
    } catch (e) {
      this.priceWatches.delete(key);
      this.o.log.error('no live price for a locally watched trigger', { accountId: a.id, instrumentId: id, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private async closeAccount(id: AccountId): Promise<void> {
    for (const [depId, d] of this.deployments) {
      if (d.runner.deployment.accountId === id) await this.stopDeployment(depId);
    }
    for (const un of this.paperFeeds.get(id) ?? []) un();
    this.paperFeeds.delete(id);
    for (const k of [...this.paperSymbols]) if (k.startsWith(`${id} `)) this.paperSymbols.delete(k);
    for (const k of [...this.priceWatches]) if (k.startsWith(`${id} `)) this.priceWatches.delete(k);
    const p = this.runtimes.get(id);
    this.runtimes.delete(id);
    if (p) await (await p.catch(() => null))?.stop();
  }

  async close(): Promise<void> {
    for (const id of [...this.runtimes.keys()]) await this.closeAccount(id);
  }

  // ---- deployments ----

  deploymentsOf(accountId?: string): RunningDeployment[] {
    return [...this.deployments.values()].filter((d) => !accountId || d.runner.deployment.accountId === accountId);
  }

  listDeployments(accountId?: string): Array<Deployment & { running: boolean }> {
    return this.o.journal.deployments(accountId ? toAccountId(accountId) : undefined).map((d) => ({ ...d, running: this.deployments.get(d.id)?.runner.isRunning ?? false }));
  }

  deploymentLogs(id: string) {
    return this.deployments.get(id)?.runner.log ?? [];
  }

  /**
   * Starts (or resumes) a deployment: the account is reconciled first and must be clean; history
   * bars seed the window; every closed bar after the last one evaluated is evaluated once.
   */
  async startDeployment(i: StartDeploymentInput): Promise<Deployment> {
    const a = this.account(i.accountId);
    const mode = this.killSwitch.modeFor(a.id);
    if (mode === 'halted') throw new EngineError('CONFLICT', `the kill switch is engaged for ${a.id}; release it first`);
    const { openSession, strategyKey, version } = this.strategyFor(i.strategy);
    const existing = i.id ? this.o.journal.deployments(a.id).find((d) => d.id === i.id) : this.o.journal.deployments(a.id).find((d) => d.strategyId === strategyKey && d.strategyVersion === version && sameList(d.symbols, i.symbols) && d.timeframe === i.timeframe && JSON.stringify(d.params) === JSON.stringify(i.params));
    if (existing && this.deployments.has(existing.id)) return this.deployments.get(existing.id)!.runner.deployment;
    if (existing && existing.strategyVersion !== version) throw new EngineError('CONFLICT', `deployment ${existing.id} runs version ${existing.strategyVersion.slice(0, 12)}; start a new deployment for another version`);
    const rt = await this.runtime(a.id);
    const outcome = await rt.reconcile();
    if (outcome.status !== 'clean') throw new EngineError('CONFLICT', `account ${a.id} is ${rt.status} after reconciliation: resolve the differences before a strategy resumes`, { status: rt.status });
    const dep: Deployment = existing ?? this.o.journal.upsertDeployment({
      id: `dep-${this.o.clock.now().toString(36)}-${Math.floor(Math.random() * 36 ** 3).toString(36)}`,
      accountId: a.id,
      strategyId: strategyId(strategyKey),
      strategyVersion: version,
      params: i.params,
      symbols: i.symbols,
      timeframe: i.timeframe,
      status: 'starting',
      state: { lastBarTs: null, ordersSent: 0, lastError: null },
    });
    const runner = new DeploymentRunner({
      deployment: dep,
      venue: a.venue,
      account: rt,
      journal: this.o.journal,
      openSession,
      now: () => this.o.clock.now(),
      onFailed: () => {
        // the strategy threw or hung: its deployment stops; the engine and the account go on
        for (const un of running.unsubscribe) un();
        if (this.deployments.get(dep.id) === running) this.deployments.delete(dep.id);
      },
      onChange: (d) => this.o.publish('trading.deployment', { deployment: deploymentDto({ ...d, running: runner.isRunning }) }),
      onLog: (e) => this.o.publish('trading.deploymentLog', { deploymentId: dep.id, ...e }),
    });
    const running: RunningDeployment = { runner, unsubscribe: [] };
    this.deployments.set(dep.id, running);
    try {
      for (const s of i.symbols) {
        if (a.kind === 'paper') await this.ensurePaperFeed(a, rt.broker as PaperBroker, s);
        const history = await this.o.feed.history(a.venue, a.baseUrl, s, i.timeframe, 500);
        runner.seed(s, history);
      }
      await runner.start();
      for (const s of i.symbols) {
        running.unsubscribe.push(
          await this.o.feed.subscribe(a.venue, a.baseUrl, s, i.timeframe, (b) => {
            if (b.closed) void runner.onClosedBar(s, b);
          }),
        );
      }
    } catch (e) {
      this.deployments.delete(dep.id);
      for (const un of running.unsubscribe) un();
      if (runner.isRunning) void runner.stop('stopped', 'could not start');
      throw e;
    }
    return runner.deployment;
  }

  async stopDeployment(id: string, status: 'stopped' | 'halted' = 'stopped', why?: string): Promise<void> {
    const d = this.deployments.get(id);
    if (!d) {
      const row = this.o.journal.deployments().find((x) => x.id === id);
      if (!row) throw new EngineError('NOT_FOUND', `no deployment ${id}`);
      if (row.status === 'running') this.o.journal.upsertDeployment({ ...row, status });
      return;
    }
    for (const un of d.unsubscribe) un();
    // the status changes now; the strategy's onStop runs after its current callback (never delays a kill)
    void d.runner.stop(status, why);
    this.deployments.delete(id);
  }

  /** Built-ins (shipped, trusted) run in this thread; user code in its own sandbox thread per deployment. */
  private strategyFor(s: StartDeploymentInput['strategy']): { openSession: () => StrategySession; strategyKey: string; version: string } {
    if (s.kind === 'builtin') {
      const strategy = (BUILTIN_STRATEGIES as Record<string, AnyStrategy>)[s.id];
      if (!strategy) throw new EngineError('NOT_FOUND', `no built-in strategy ${s.id}; built-ins: ${Object.keys(BUILTIN_STRATEGIES).join(', ')}`);
      return { strategyKey: s.id, version: `builtin:${s.id}`, openSession: () => new InProcessSession(strategy) };
    }
    const code: StrategyCode = { kind: 'compiled', entry: s.entry, code: s.code, map: s.map };
    return { strategyKey: s.name, version: s.version, openSession: () => new LiveSandboxSession(code) };
  }

  // ---- kill switch ----

  /**
   * Halts (or sets reduce-only), persisted before anything else; then stops every strategy on
   * the scope, cancels every open order and, with `flatten`, sells the spot positions. Each
   * venue request has its own deadline, so a slow venue delays nothing: what did not answer in
   * time stays `unknown` and is resolved later.
   */
  async kill(o: { accountId?: string; mode?: Exclude<KillSwitchMode, 'off'>; flatten?: boolean; reason?: string; actor: string }): Promise<{ canceled: number; unknown: number; flattened: number; stopped: number }> {
    const scope = o.accountId ? this.account(o.accountId).id : '*';
    const mode = o.mode ?? 'halted';
    this.killSwitch.engage({ scope, mode, reason: o.reason ?? 'kill switch', actor: o.actor, flatten: o.flatten ?? false });
    this.o.publish('trading.killSwitch', { states: this.killStates() });
    let stopped = 0;
    if (mode === 'halted') {
      for (const [id, d] of this.deployments) {
        if (scope === '*' || d.runner.deployment.accountId === scope) {
          await this.stopDeployment(id, 'halted', 'kill switch');
          stopped++;
        }
      }
    }
    const accounts = scope === '*' ? this.o.journal.accounts().filter((a) => this.runtimes.has(a.id)) : [this.account(scope)];
    let canceled = 0;
    let unknown = 0;
    let flattened = 0;
    const deadline = this.o.killTimeoutMs ?? 5_000;
    for (const a of accounts) {
      const rt = await withDeadline(this.runtime(a.id), deadline * 4).catch(() => null);
      if (!rt) continue;
      // held orders too (a stop watched here, a bracket exit): released after the halt they would trade
      const targets = rt.oms.openOrders().concat(rt.oms.unknownOrders(), rt.oms.heldOrders());
      const results = await Promise.all(targets.map((x) => withDeadline(rt.oms.cancel(x.clientOrderId, 'kill switch'), deadline).catch(() => null)));
      for (const r of results) {
        if (r?.status === 'canceled') canceled++;
        else unknown++;
      }
      if (o.flatten) {
        for (const inst of new Set(rt.oms.allOrders().map((x) => x.spec.instrumentId))) {
          const { base } = pair(inst);
          const free = rt.portfolio.balance(a.id, base).free;
          if (!free.isPositive()) continue;
          const spec = await rt.spec(inst).catch(() => null);
          const qty = spec ? free.roundToStep(spec.amountStep, 'down') : free;
          if (!qty.isPositive()) continue;
          const order = await withDeadline(rt.submit(strategyId('kill-switch'), { instrumentId: inst, side: 'sell', kind: 'market', quantity: qty, timeInForce: 'IOC', reduceOnly: true }, { force: true }), deadline).catch(() => null);
          if (order) flattened++;
        }
      }
    }
    return { canceled, unknown, flattened, stopped };
  }

  release(o: { accountId?: string; actor: string }): void {
    this.killSwitch.release({ scope: o.accountId ? this.account(o.accountId).id : '*', actor: o.actor });
    this.o.publish('trading.killSwitch', { states: this.killStates() });
  }

  killStates() {
    return this.killSwitch.all().map((s) => ({ scope: s.scope, mode: s.mode, reason: s.reason, actor: s.actor, flatten: s.flatten, tsEvent: s.tsEvent }));
  }
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new EngineError('TIMEOUT', `no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

// ---- DTOs (decimals as text) ----

export function orderDto(o: Order) {
  return {
    clientOrderId: o.clientOrderId,
    accountId: o.accountId,
    strategyId: o.strategyId,
    instrumentId: o.spec.instrumentId,
    side: o.spec.side,
    kind: o.spec.kind,
    quantity: o.spec.quantity.toPlainString(),
    price: o.spec.price?.toPlainString() ?? null,
    triggerPrice: o.spec.triggerPrice?.toPlainString() ?? null,
    timeInForce: o.spec.timeInForce,
    reduceOnly: o.spec.reduceOnly,
    status: o.status,
    venueOrderId: o.venueOrderId,
    filledQty: o.filledQty.toPlainString(),
    avgPrice: averagePrice(o)?.normalize().toPlainString() ?? null,
    fee: o.fee.toPlainString(),
    reason: o.reason,
    tsInit: o.tsInit,
    tsLast: o.tsLast,
    parentId: o.spec.parentId ?? null,
    ocoGroup: o.spec.ocoGroup ?? null,
    emulatedTrigger: o.emulatedTrigger,
  };
}

export function fillDto(f: FillReport) {
  return {
    tradeId: f.tradeId,
    clientOrderId: f.clientOrderId,
    venueOrderId: f.venueOrderId,
    instrumentId: f.instrumentId,
    side: f.side,
    quantity: f.quantity.toPlainString(),
    price: f.price.toPlainString(),
    fee: f.fee.toPlainString(),
    feeCurrency: f.feeCurrency,
    liquidity: f.liquidity,
    tsEvent: f.tsEvent,
  };
}

export function deploymentDto(d: Deployment & { running: boolean }) {
  return { id: d.id, accountId: d.accountId, strategyId: d.strategyId, strategyVersion: d.strategyVersion, params: d.params, symbols: d.symbols, timeframe: d.timeframe, status: d.status, running: d.running, state: d.state, createdAt: d.createdAt, updatedAt: d.updatedAt };
}

