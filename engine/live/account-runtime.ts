/**
 * One trading account at run time: its broker, the order manager recovered from the journal, the
 * portfolio rebuilt from the ledger and fills, the pre-trade check, and reconciliation. Nothing
 * a strategy sends goes out before the account has been reconciled clean ("fail closed"): a
 * report that could not be fetched halts it; a difference waits for a decision.
 */
import type { ClientOrderId, InstrumentId } from '../../shared/ids';
import { splitInstrumentId } from '../../shared/ids';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { TradingAccount, TradingJournal } from '../store/trading-journal';
import { Decimal } from '../trading/decimal';
import type { ExecutionClient, FillReport, OrderStatusReport } from '../trading/execution-client';
import { clientOrderId, ClientOrderIdFactory, MANUAL_STRATEGY, type StrategyId } from '../trading/identifiers';
import type { InstrumentSpec } from '../trading/instrument-spec';
import type { KillSwitch } from '../trading/kill-switch';
import { averagePrice, OPEN_STATUSES, type Order, type OrderSpec } from '../trading/order';
import type { OrderEvent } from '../trading/order-events';
import { OrderManager, type CrashPoint, type TradingLog } from '../trading/order-manager';
import { Portfolio } from '../trading/portfolio';
import { KillSwitchRule, MaxOrderNotionalRule, PreTradeCheck, SpotInventoryRule, VenueLimitsRule, type PreTradeVerdict } from '../trading/pre-trade';
import { decide, diffAccount, planActions, type ReconDecision, type ReconDiff, type ReconOutcome } from '../trading/reconciliation';
import { DailyPnlRecorder } from './daily-pnl-recorder';
import { VenueAdoption } from './venue-adoption';

/** What a broker offers beyond the seam (both brokers have these). */
export interface Broker extends ExecutionClient {
  instrumentSpec?(id: InstrumentId): Promise<InstrumentSpec>;
  close?(): Promise<void>;
  /** Paper: the last price seen; ccxt: none (ask the ticker). */
  lastPrice?(id: InstrumentId): number | undefined;
}

export type AccountStatus = 'starting' | 'reconciling' | 'ready' | 'needs-decision' | 'halted';

export interface AccountEvents {
  order(order: Order, event: OrderEvent): void;
  fill(fill: FillReport): void;
  balances(): void;
  status(status: AccountStatus, diff: ReconDiff | null, outcome: ReconOutcome | null): void;
}

export interface AccountRuntimeOptions {
  account: TradingAccount;
  broker: Broker;
  journal: TradingJournal;
  clock: Clock;
  killSwitch: KillSwitch;
  log: TradingLog;
  events: AccountEvents;
  /** Whether an absent currency in the venue's balances means zero (paper: yes; ccxt: not always). */
  balancesComplete: boolean;
  crashAt?: (p: CrashPoint) => void;
  /** An order's trigger is watched here: feed the instrument's live price to `oms.onPrice`. */
  watchPrice?: (id: InstrumentId) => void;
  /** Reconciliation looks back this far for fills (ms). */
  fillWindowMs?: number;
  /** How often a ready account is compared with the venue again (ms; 0 = never). */
  reconcileEveryMs?: number;
  /** How often the daily PnL snapshot checks for a day boundary (ms; 0 = only on start). */
  dailyPnlEveryMs?: number;
}

export interface OrderPreview {
  notional: Decimal | null;
  feeEstimate: Decimal | null;
  feeCurrency: string;
  check: PreTradeVerdict;
}

const TAKER_FEE_ESTIMATE = Decimal.parse('0.001');

export class AccountRuntime {
  readonly oms: OrderManager;
  readonly portfolio: Portfolio;
  readonly check: PreTradeCheck;
  status: AccountStatus = 'starting';
  diff: ReconDiff | null = null;
  outcome: ReconOutcome | null = null;
  private readonly specs = new Map<InstrumentId, InstrumentSpec>();
  private readonly adoption: VenueAdoption;
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly o: AccountRuntimeOptions;
  private reconciling: Promise<ReconOutcome> | null = null;
  readonly dailyPnl: DailyPnlRecorder;

  constructor(o: AccountRuntimeOptions) {
    this.o = o;
    const acc = o.account;
    this.portfolio = new Portfolio({ onLedger: (rows) => void o.journal.appendLedger(rows) });
    this.portfolio.restore(o.journal.loadLedger(acc.id));
    for (const f of o.journal.loadFills(acc.id)) this.portfolio.applyFill(f);
    this.check = new PreTradeCheck([
      new KillSwitchRule(o.killSwitch),
      new MaxOrderNotionalRule(() => acc.maxOrderNotional),
      new VenueLimitsRule((id) => this.specs.get(id)),
      new SpotInventoryRule(
        (id) => this.specs.get(id),
        (a, c) => this.portfolio.balance(a, c).free,
      ),
    ]);
    this.adoption = new VenueAdoption(o.broker, new ClientOrderIdFactory(() => o.clock.now()));
    this.oms = OrderManager.recover({
      accountId: acc.id,
      client: this.adoption.executionClient,
      journal: o.journal,
      clock: o.clock,
      ids: this.adoption.idFactory,
      preTrade: this.adoption.gate(this.check),
      log: o.log,
      crashAt: o.crashAt,
      // exits and triggers act only on a reconciled journal (a fill missed while down comes in first)
      emulationGate: () => this.status === 'ready',
      watchPrice: (id) => o.watchPrice?.(id),
      // bracket exits are sized down to the lot (a fee in the base leaves the entry off the grid)
      amountStep: (id) => this.specs.get(id)?.amountStep,
      onEvent: (e, order) => {
        // a held order is not at the venue: it reserves nothing until it is sent
        if (order.status !== 'held') this.portfolio.onOrderEvent(e, order);
        o.events.order(order, e);
        if (e.type === 'OrderFilled') o.events.balances();
      },
    });
    for (const order of this.oms.openOrders()) this.portfolio.reserveFor(order);
    this.dailyPnl = new DailyPnlRecorder({
      accountId: acc.id,
      journal: o.journal,
      clock: o.clock,
      log: o.log,
      everyMs: o.dailyPnlEveryMs,
      mark: (id) => {
        const last = o.broker.lastPrice?.(id);
        return last === undefined ? undefined : Decimal.fromNumber(last);
      },
    });
  }

  get accountId() {
    return this.o.account.id;
  }
  get account(): TradingAccount {
    return this.o.account;
  }
  get broker(): Broker {
    return this.o.broker;
  }

  /** Subscribes to the broker's streams, then reconciles. */
  async start(): Promise<ReconOutcome> {
    this.unsubscribe = this.o.broker.subscribe({
      orderUpdated: (r) => void this.oms.onOrderReport(r).catch((e) => this.o.log.warn('order report not applied', { error: String(e) })),
      filled: (f) => {
        const r = this.oms.onFill(f);
        if (r === 'applied') this.o.events.fill(f);
      },
      connectionChanged: (up) => {
        // after a gap, compare again (the broker fetched missed fills; orders may have changed too)
        if (up && this.status === 'ready') void this.reconcile().catch(() => undefined);
      },
    });
    const every = this.o.reconcileEveryMs ?? 60_000;
    if (every > 0) {
      // a fill in flight can make one comparison differ: only a difference seen twice, 5 s apart, stops the account
      this.timer = setInterval(() => {
        if (this.status !== 'ready' || this.reconciling) return;
        void this.compare()
          .then(({ outcome }) => (outcome.status === 'clean' ? undefined : new Promise((r) => setTimeout(r, 5_000)).then(() => this.reconcile())))
          .catch(() => undefined);
      }, every);
      (this.timer as { unref?: () => void }).unref?.();
    }
    this.dailyPnl.start();
    return this.reconcile();
  }

  /** Waits for a reconciliation in flight (a cash transfer must not land between its two reads). */
  async idle(): Promise<void> {
    await this.reconciling?.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.dailyPnl.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.o.broker.close?.();
  }

  /** The venue's rules for an instrument (loaded once per instrument). */
  async spec(id: InstrumentId): Promise<InstrumentSpec> {
    let s = this.specs.get(id);
    if (!s) {
      s = this.o.broker.instrumentSpec ? await this.o.broker.instrumentSpec(id) : defaultSpec(id);
      this.specs.set(id, s);
    }
    return s;
  }

  /** Whether strategies may send orders now. */
  get tradable(): boolean {
    return this.status === 'ready';
  }

  /**
   * Compares the journal with the venue: open orders (and a lookup for each local open order the
   * venue does not list), fills in the window, balances. Sets the status: `ready` when clean,
   * `needs-decision` with a diff, `halted` when a report is missing.
   */
  reconcile(): Promise<ReconOutcome> {
    if (this.reconciling) return this.reconciling;
    const p = this.doReconcile().finally(() => (this.reconciling = null));
    this.reconciling = p;
    return p;
  }

  private async doReconcile(): Promise<ReconOutcome> {
    this.setStatus('reconciling');
    const { diff, outcome } = await this.compare();
    this.diff = diff;
    this.outcome = outcome;
    this.setStatus(outcome.status === 'clean' ? 'ready' : outcome.status === 'halted' ? 'halted' : 'needs-decision');
    if (this.status === 'ready') {
      // a held exit is checked against the venue's rules when released: load them first (after a restart nothing has)
      for (const id of new Set(this.oms.heldOrders().map((x) => x.spec.instrumentId))) await this.spec(id).catch(() => undefined);
      this.oms.rearm();
    }
    this.o.events.balances();
    return outcome;
  }

  /** The comparison itself (resolving unknown orders first); changes no status. */
  private async compare(): Promise<{ diff: ReconDiff; outcome: ReconOutcome }> {
    await this.oms.resolveUnknown().catch(() => undefined);
    const b = this.o.broker;
    const since = this.o.clock.now() - (this.o.fillWindowMs ?? 24 * 3_600_000);
    const local = this.oms.allOrders().filter((x) => OPEN_STATUSES.has(x.status) || x.status === 'unknown' || x.status === 'submitted' || x.status === 'initialized');
    const [openOrders, fills, balances] = await Promise.all([b.openOrders().catch(() => null), b.fillsSince(since).catch(() => null), b.balances().catch(() => null)]);
    const lookups = new Map<ClientOrderId, OrderStatusReport | null>();
    if (openOrders) {
      const listed = new Set(openOrders.map((r) => r.clientOrderId));
      for (const order of local) {
        if (listed.has(order.clientOrderId)) continue;
        try {
          lookups.set(order.clientOrderId, await b.queryOrder(order.clientOrderId, order.spec.instrumentId));
        } catch {
          // absent: not asked → the pure diff halts the account
        }
      }
    }
    // the first time an account is seen, the venue's balances are its opening balances
    if (balances && this.o.journal.loadLedger(this.accountId).length === 0 && local.length === 0) {
      const now = this.o.clock.now();
      for (const bal of balances) {
        if (!bal.total.isZero()) this.portfolio.adjust(this.accountId, bal.currency, bal.total, 'adjustment', 'opening-balance', { tsEvent: now, tsInit: now });
      }
    }
    const diff = diffAccount(
      { accountId: this.accountId, orders: local, hasTrade: (t) => this.oms.hasTrade(t as never), balances: this.o.journal.ledgerBalances(this.accountId) },
      { accountId: this.accountId, openOrders, lookups, fills, balances, balancesComplete: this.o.balancesComplete, tsEvent: this.o.clock.now() },
    );
    return { diff, outcome: decide(diff) };
  }

  /** Executes the chosen resolutions (fills first), then reconciles again. */
  async resolve(decisions: ReconDecision[]): Promise<ReconOutcome> {
    if (!this.diff) throw new EngineError('CONFLICT', `account ${this.accountId} has not been reconciled yet`);
    const { actions, refused } = planActions(this.diff, decisions);
    if (refused.length) throw new EngineError('INVALID_INPUT', refused.map((r) => r.reason).join('; '), { refused: refused.map((r) => ({ item: r.decision.item, reason: r.reason })) });
    const now = this.o.clock.now();
    const problems: string[] = [];
    for (const a of actions) {
      switch (a.kind) {
        case 'apply-fill':
          if (this.oms.onFill(a.fill) === 'unmatched') {
            // a fill of an order we never had: book it on the account as an adjustment of both legs
            const { base, quote } = pair(a.fill.instrumentId);
            const sign = a.fill.side === 'buy' ? Decimal.ONE : Decimal.ONE.neg();
            this.portfolio.adjust(this.accountId, base, a.fill.quantity.mul(sign), 'adjustment', `recon-fill-${a.fill.tradeId}`, { tsEvent: a.fill.tsEvent, tsInit: now });
            this.portfolio.adjust(this.accountId, quote, a.fill.quantity.mul(a.fill.price).mul(sign).neg().sub(a.fill.fee), 'adjustment', `recon-fill-${a.fill.tradeId}`, { tsEvent: a.fill.tsEvent, tsInit: now });
          }
          break;
        case 'apply-order-report':
          await this.oms.onOrderReport(a.report);
          break;
        case 'close-local-order':
          await this.oms.cancel(a.clientOrderId, a.reason).catch(() => undefined);
          break;
        case 'import-venue-order':
          await this.importVenueOrder(a.report);
          break;
        case 'cancel-venue-order':
          await this.o.broker.cancel({ clientOrderId: (a.report.clientOrderId ?? 'qext') as ClientOrderId, venueOrderId: a.report.venueOrderId, instrumentId: a.report.instrumentId });
          break;
        case 'flatten-venue-order': {
          // imported already (its fills are the account's); now nothing more may fill, and what did is traded back
          const order = await this.importVenueOrder(a.report);
          const after = order.status === 'accepted' || order.status === 'partially-filled' ? await this.oms.cancel(order.clientOrderId, 'flattened in reconciliation') : order;
          const baseFee = after.spec.side === 'buy' ? this.baseFeesOf(after) : Decimal.ZERO;
          problems.push(...(await this.tradeBack(after.spec.instrumentId, after.spec.side === 'buy' ? after.filledQty.sub(baseFee) : after.filledQty.neg(), averagePrice(after) ?? undefined)));
          break;
        }
        case 'adjust-balance': {
          const by = a.target.sub(this.o.journal.ledgerBalances(this.accountId).get(a.currency) ?? Decimal.ZERO);
          if (!by.isZero()) this.portfolio.adjust(this.accountId, a.currency, by, 'adjustment', `recon-${a.currency}-${now}`, { tsEvent: now, tsInit: now });
          break;
        }
        case 'flatten':
          problems.push(...(await this.tradeBack(a.instrumentId, a.amount, this.lastTradedPrice(a.instrumentId))));
          break;
      }
    }
    const outcome = await this.reconcile();
    if (problems.length) throw new EngineError('RISK_REJECTED', problems.join('; '), { outcome: outcome.status });
    return outcome;
  }

  /**
   * Journals a venue-only order as an external order of the account (the manual strategy), with
   * its fills, under the venue's client order id when it has one we do not use.
   */
  private async importVenueOrder(report: OrderStatusReport): Promise<Order> {
    const known = this.oms.orderByVenueId(report.venueOrderId);
    if (known) return known;
    const free = report.clientOrderId && !this.oms.order(report.clientOrderId);
    const id = free ? report.clientOrderId! : clientOrderId(`x${report.venueOrderId}`.slice(0, 36));
    if (this.oms.order(id)) return this.oms.order(id)!;
    await this.spec(report.instrumentId).catch(() => undefined);
    const order = await this.adoption.adopt(id, report, (spec) => this.oms.submit(MANUAL_STRATEGY, spec));
    this.o.log.info('venue order adopted', { clientOrderId: order.clientOrderId, venueOrderId: report.venueOrderId, status: order.status });
    return order;
  }

  /** Base currency an order's fills paid as fees (a buy received that much less). */
  private baseFeesOf(order: Order): Decimal {
    const { base } = pair(order.spec.instrumentId);
    const fees = this.o.journal.loadOrderEvents(this.accountId).flatMap((e) => (e.type === 'OrderFilled' && e.clientOrderId === order.clientOrderId && e.feeCurrency === base ? [e.fee] : []));
    return Decimal.sum(fees);
  }

  /**
   * Sells `amount` of the instrument's base (buys back when negative), on the lot grid;
   * reconciliation's own trade, past the account's status (not past the pre-trade check). Returns
   * what went wrong, for the caller to report.
   */
  private async tradeBack(instrumentId: InstrumentId, amount: Decimal, referencePrice: Decimal | undefined): Promise<string[]> {
    if (amount.isZero()) return [];
    const s = await this.spec(instrumentId);
    const qty = amount.abs().roundToStep(s.amountStep, 'down');
    if (!qty.isPositive()) return [];
    const side = amount.isPositive() ? 'sell' : 'buy';
    const order = await this.submit(MANUAL_STRATEGY, { instrumentId, side, kind: 'market', quantity: qty, timeInForce: 'IOC', reduceOnly: side === 'sell' }, { force: true, referencePrice });
    return order.status === 'denied' || order.status === 'rejected' ? [`flattening ${qty.toPlainString()} ${instrumentId}: ${order.status} (${order.reason ?? 'no reason given'})`] : [];
  }

  /** The last price this account traded the instrument at (a reference for a market order's notional). */
  private lastTradedPrice(id: InstrumentId): Decimal | undefined {
    const last = this.o.broker.lastPrice?.(id);
    if (last !== undefined) return Decimal.fromNumber(last);
    return this.o.journal.loadFills(this.accountId).filter((f) => f.instrumentId === id).at(-1)?.price;
  }

  /** Notional, fee estimate and the pre-trade verdict of an order, without sending it. */
  async preview(strategyId: StrategyId, spec: OrderSpec, referencePrice?: Decimal): Promise<OrderPreview> {
    const s = await this.spec(spec.instrumentId).catch(() => undefined);
    const px = spec.price ?? spec.triggerPrice ?? referencePrice ?? null;
    const notional = px ? spec.quantity.mul(px) : null;
    return {
      notional,
      feeEstimate: notional ? notional.mul(TAKER_FEE_ESTIMATE).round(8, 'up') : null,
      feeCurrency: s?.quote ?? pair(spec.instrumentId).quote,
      check: this.check.check({ accountId: this.accountId, strategyId, spec, referencePrice }),
    };
  }

  /**
   * Sends an order through the pre-trade check. Refused (CONFLICT) while the account is not
   * reconciled clean, except `force` (reconciliation's own flatten, the kill switch's flatten).
   */
  async submit(strategyId: StrategyId, spec: OrderSpec, o: { referencePrice?: Decimal; force?: boolean } = {}): Promise<Order> {
    if (!this.tradable && !o.force) throw new EngineError('CONFLICT', `account ${this.accountId} is ${this.status}: reconcile it before trading`);
    const s = await this.spec(spec.instrumentId);
    return this.oms.submit(strategyId, this.heldToPosition(strategyId, spec, s), { referencePrice: o.referencePrice });
  }

  /** An entry with take-profit/stop-loss exits (held here until the entry fills). */
  async submitBracket(strategyId: StrategyId, entry: OrderSpec, exits: { takeProfit?: Decimal; stopLoss?: Decimal }, o: { referencePrice?: Decimal } = {}) {
    if (!this.tradable) throw new EngineError('CONFLICT', `account ${this.accountId} is ${this.status}: reconcile it before trading`);
    const s = await this.spec(entry.instrumentId);
    // spot has no reduce-only flag; the inventory rule keeps the exits' sells to what is held
    return this.oms.submitBracket(strategyId, entry, { ...exits, reduceOnly: s.spot === false }, { referencePrice: o.referencePrice });
  }

  /** Several orders, all journaled and checked before the first is sent. */
  async submitBatch(strategyId: StrategyId, specs: OrderSpec[], o: { referencePrice?: Decimal } = {}): Promise<Order[]> {
    if (!this.tradable) throw new EngineError('CONFLICT', `account ${this.accountId} is ${this.status}: reconcile it before trading`);
    for (const id of new Set(specs.map((x) => x.instrumentId))) await this.spec(id);
    return this.oms.submitBatch(strategyId, specs, { referencePrice: o.referencePrice });
  }

  /**
   * On spot a strategy sells at most what it holds: a base-currency fee left it less than it bought
   * (buy 0.001, fee 0.000001 BTC → 0.000999), and selling the replay's 0.001 would sell another
   * strategy's coins and leave this one short. The sell shrinks to the position on the lot grid; what
   * is left below one lot is dust.
   */
  private heldToPosition(strategyId: StrategyId, spec: OrderSpec, s: InstrumentSpec): OrderSpec {
    if (strategyId === MANUAL_STRATEGY || spec.side !== 'sell' || s.spot === false) return spec;
    const held = this.portfolio.position(this.accountId, strategyId, spec.instrumentId).quantity;
    if (!held.isPositive() || spec.quantity.lte(held)) return spec;
    const { quantity, dust } = this.portfolio.closable(this.accountId, strategyId, spec.instrumentId, s.amountStep);
    this.o.log.info('sell reduced to the strategy\'s position', { strategyId, instrumentId: spec.instrumentId, asked: spec.quantity.toPlainString(), sent: quantity.toPlainString(), dust: dust.toPlainString() });
    if (!quantity.isPositive()) throw new EngineError('INVALID_INPUT', `strategy ${strategyId} holds only dust of ${spec.instrumentId} (${held.toPlainString()}, below one lot of ${s.amountStep.toPlainString()})`);
    return { ...spec, quantity };
  }

  /** Spot: positions are balances of base currencies, per instrument the account has traded. */
  netPosition(id: InstrumentId): Decimal {
    return this.portfolio.netQuantity(this.accountId, id);
  }

  private setStatus(s: AccountStatus): void {
    this.status = s;
    this.o.events.status(s, this.diff, this.outcome);
  }
}

export function pair(id: InstrumentId): { base: string; quote: string } {
  const [base, rest] = splitInstrumentId(id).symbol.split('/');
  return { base, quote: (rest ?? '').split(':')[0] };
}

/** Paper: a fine grid and no minimums (the fill model does not need more). */
function defaultSpec(id: InstrumentId): InstrumentSpec {
  const { base, quote } = pair(id);
  return { instrumentId: id, base, quote, priceTick: Decimal.parse('1e-8'), amountStep: Decimal.parse('1e-8'), spot: true };
}
