/**
 * The order manager (OMS) of one account. Rules it keeps:
 * - the intent (`OrderInitialized`, then `OrderSubmitted`) is journaled before a request is sent;
 * - a create is never retried: no answer makes the order `unknown`, and before anything else is
 *   sent for that strategy the venue is asked by client order id (`resolveUnknown`);
 * - every state change goes through `applyOrderEvent` and is journaled; refused events are
 *   logged and recorded, never applied;
 * - a fill is applied once per venue trade id (the journal's unique key decides);
 * - after a restart (`OrderManager.recover`) orders with a request in flight become `unknown`.
 * It knows nothing about sockets or exchanges: an `ExecutionClient` does the talking.
 */
import type { ClientOrderId, InstrumentId } from '../../shared/ids';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { Decimal } from './decimal';
import { OrderEmulator } from './emulation/order-emulator';
import { NOT_PLACED, watchedInstruments, type EmulatorAction } from './emulation/plan';
import {
  definitelyNotApplied,
  isExecutionError,
  type BatchOutcome,
  type ExecutionClient,
  type FillReport,
  type OrderRef,
  type OrderStatusReport,
} from './execution-client';
import type { AccountId, StrategyId, TradeId, VenueOrderId } from './identifiers';
import { FINAL_STATUSES, hasTrigger, IN_FLIGHT_STATUSES, OPEN_STATUSES, releasedSpec, type Order, type OrderSpec } from './order';
import type { OrderEvent, OrderFilled } from './order-events';
import { tradeKey, type OrderJournal } from './order-journal';
import { applyOrderEvent } from './order-state-machine';
import type { PreTradeCheck } from './pre-trade';

/**
 * Test-only crash points (`QUANTDESK_CRASH_AT`): after the intent is journaled, after the venue
 * answered, just before the emulator releases a held order (an exit whose entry filled), and
 * after a release is journaled (`OrderSubmitted`) but before its request leaves.
 */
export type CrashPoint = 'after-journal' | 'after-send' | 'before-release' | 'after-release-journal';
export const CRASH_POINTS: readonly CrashPoint[] = ['after-journal', 'after-send', 'before-release', 'after-release-journal'];

export interface TradingLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}
const NO_LOG: TradingLog = { info() {}, warn() {}, error() {} };

export interface OrderManagerOptions {
  accountId: AccountId;
  client: ExecutionClient;
  journal: OrderJournal;
  clock: Clock;
  /** Creates client order ids (`ClientOrderIdFactory`). */
  ids: { next(): ClientOrderId };
  preTrade?: PreTradeCheck;
  log?: TradingLog;
  /** Called after each applied event (portfolio, UI projections, strategy callbacks). */
  onEvent?: (event: OrderEvent, order: Order) => void;
  /** Called with an execution that matches no order of ours (for reconciliation). */
  onUnmatchedFill?: (fill: FillReport) => void;
  /** Test-only: the node layer kills the process here when `QUANTDESK_CRASH_AT` names the point. */
  crashAt?: (point: CrashPoint) => void;
  /**
   * Whether the order emulator may act (release exits, cancel OCO siblings, fire triggers). The
   * account runtime opens it once reconciliation is clean; default open.
   */
  emulationGate?: () => boolean;
  /** Called when an order with a locally watched trigger needs the instrument's live price (`onPrice`). */
  watchPrice?: (instrumentId: InstrumentId) => void;
  /** The venue's lot, where known (bracket exits are sized down to it). */
  amountStep?: (instrumentId: InstrumentId) => Decimal | undefined;
}

/** Bracket exits of an entry: a take-profit limit and/or a stop-loss stop, as one OCO pair. */
export interface BracketExits {
  takeProfit?: Decimal;
  stopLoss?: Decimal;
  /** Derivatives: true; spot venues have no reduce-only flag (the inventory rule holds sells). */
  reduceOnly: boolean;
  /**
   * The exits draw on the same coins (spot: each resting sell locks the whole position, so a venue
   * refuses the second). Then only the take-profit rests at the venue and the stop-loss is watched
   * here; when it fires the take-profit is canceled first. Default: `!reduceOnly`.
   */
  sharedInventory?: boolean;
}

export interface BracketResult {
  entry: Order;
  exits: Order[];
}

export interface SubmitOptions {
  /** For notional checks of market and stop-market orders. */
  referencePrice?: Decimal;
}

export type FillOutcome = 'applied' | 'duplicate' | 'unmatched' | 'refused';

export interface UnresolvedOrder {
  clientOrderId: ClientOrderId;
  strategyId: StrategyId;
  reason: string;
}

export interface ResolveResult {
  resolved: Order[];
  unresolved: UnresolvedOrder[];
}

export class OrderManager {
  readonly accountId: AccountId;
  private readonly o: OrderManagerOptions;
  private readonly log: TradingLog;
  private readonly orders = new Map<ClientOrderId, Order>();
  private readonly byVenueId = new Map<VenueOrderId, ClientOrderId>();
  private readonly seenTrades = new Set<string>();
  /** Fills that arrived (by venue order id) before the venue's answer to the create. */
  private readonly earlyFills = new Map<VenueOrderId, FillReport[]>();
  /** One resolution at a time per strategy. */
  private readonly resolving = new Map<StrategyId, Promise<ResolveResult>>();
  private readonly emulator: OrderEmulator;
  /** Why we asked for a cancel: the venue's stream may report it before the cancel's own answer. */
  private readonly cancelReasons = new Map<ClientOrderId, string>();
  /** Fees an order's fills paid in the instrument's base currency (quantity never received). */
  private readonly baseFees = new Map<ClientOrderId, Decimal>();

  constructor(o: OrderManagerOptions) {
    this.o = o;
    this.accountId = o.accountId;
    this.log = o.log ?? NO_LOG;
    this.emulator = new OrderEmulator({
      orders: () => this.orders.values(),
      execute: (a) => this.execute(a),
      received: (entry) => this.received(entry),
      gate: () => o.emulationGate?.() ?? true,
      log: (level, msg, fields) => this.log[level](msg, fields),
    });
  }

  /**
   * A manager rebuilt from the journal: every order as it was, and each order that had a request
   * in flight (journaled but not answered: the process died) marked `unknown`. Call
   * `resolveUnknown()` before trading (a submit does so for its strategy).
   */
  static recover(o: OrderManagerOptions): OrderManager {
    const m = new OrderManager(o);
    for (const e of o.journal.loadOrderEvents(o.accountId)) {
      const r = applyOrderEvent(m.orders.get(e.clientOrderId) ?? null, e);
      if (!r.ok) {
        m.log.warn('journal replay: event refused', { clientOrderId: e.clientOrderId, type: e.type, reason: r.reason });
        continue;
      }
      m.remember(r.order);
      if (e.type === 'OrderFilled') {
        m.seenTrades.add(tradeKey(e.accountId, e.tradeId));
        m.countBaseFee(r.order, e);
      }
    }
    for (const order of [...m.orders.values()]) {
      if (IN_FLIGHT_STATUSES.has(order.status)) m.apply(order, { type: 'OrderBecameUnknown', reason: `restarted while ${order.status === 'initialized' ? 'an order was about to be sent' : `the order was ${order.status}`}` });
    }
    return m;
  }

  // ---- queries ----

  order(id: ClientOrderId): Order | undefined {
    return this.orders.get(id);
  }
  orderByVenueId(id: VenueOrderId): Order | undefined {
    const c = this.byVenueId.get(id);
    return c ? this.orders.get(c) : undefined;
  }
  allOrders(filter: { strategyId?: StrategyId; instrumentId?: InstrumentId } = {}): Order[] {
    return [...this.orders.values()].filter((o) => (!filter.strategyId || o.strategyId === filter.strategyId) && (!filter.instrumentId || o.spec.instrumentId === filter.instrumentId));
  }
  /** Working at the venue (accepted, partially filled, or with a cancel/modify in flight). */
  openOrders(filter: { strategyId?: StrategyId; instrumentId?: InstrumentId } = {}): Order[] {
    return this.allOrders(filter).filter((o) => OPEN_STATUSES.has(o.status));
  }
  unknownOrders(strategyId?: StrategyId): Order[] {
    return this.allOrders(strategyId ? { strategyId } : {}).filter((o) => o.status === 'unknown');
  }
  /** Whether a strategy must wait: it has an order whose outcome is not known. */
  isBlocked(strategyId: StrategyId): boolean {
    return this.unknownOrders(strategyId).length > 0;
  }
  /** Orders kept here: bracket exits waiting for their entry, triggers watched locally. */
  heldOrders(filter: { strategyId?: StrategyId; instrumentId?: InstrumentId } = {}): Order[] {
    return this.allOrders(filter).filter((o) => o.status === 'held');
  }
  /** Instruments whose live price the emulator needs now. */
  watchedInstruments(): InstrumentId[] {
    return watchedInstruments(this.orders.values());
  }

  // ---- order emulation ----

  /**
   * Runs the emulator over the journal's orders: after a restart (once reconciled) this sends the
   * held exits of entries that filled, cancels OCO siblings of orders that filled while the app
   * was down, and resumes watching triggers.
   */
  rearm(): void {
    for (const id of this.watchedInstruments()) this.o.watchPrice?.(id);
    this.emulator.schedule();
  }
  /** The last trade price of an instrument from the live feed (fires locally watched triggers). */
  onPrice(instrumentId: InstrumentId, price: Decimal): void {
    this.emulator.onPrice(instrumentId, price);
  }
  lastPrice(instrumentId: InstrumentId): Decimal | undefined {
    return this.emulator.lastPrice(instrumentId);
  }
  /** Resolves when the emulator has nothing under way. */
  idle(): Promise<void> {
    return this.emulator.idle();
  }

  // ---- commands ----

  /**
   * Journals the intent, runs the pre-trade check, journals the submission, then sends. Resolves
   * with the order in whatever state the answer left it: `denied`, `rejected`, `accepted`,
   * `filled`… or `unknown` (no answer; the next submit for the strategy resolves it first).
   * An order the emulator keeps (a bracket exit, a trigger the venue cannot hold) resolves `held`.
   * Throws CONFLICT when an earlier order of the strategy is still unknown after asking the venue.
   */
  async submit(strategyId: StrategyId, spec: OrderSpec, opts: SubmitOptions = {}): Promise<Order> {
    await this.requireResolved(strategyId);
    const order = this.admit(await this.initialize(strategyId, spec), opts);
    if (order.status !== 'submitted') return order;
    this.o.crashAt?.('after-journal');
    return this.send(order);
  }

  /**
   * An entry with its exits: every order is journaled (the exits `held`, linked by `parentId`, one
   * OCO pair when both are given) before the entry goes out. The exits are sent when the entry
   * fills, sized to what it filled; a canceled entry with no fill takes them with it.
   */
  async submitBracket(strategyId: StrategyId, entry: OrderSpec, exits: BracketExits, opts: SubmitOptions = {}): Promise<BracketResult> {
    if (!exits.takeProfit && !exits.stopLoss) throw new EngineError('INVALID_INPUT', 'a bracket needs a take-profit or a stop-loss');
    if (entry.parentId || entry.ocoGroup) throw new EngineError('INVALID_INPUT', 'a bracket entry cannot itself be linked');
    await this.requireResolved(strategyId);
    let parent = await this.initialize(strategyId, entry);
    const base = { instrumentId: entry.instrumentId, side: entry.side === 'buy' ? 'sell' : 'buy', quantity: entry.quantity, timeInForce: 'GTC', reduceOnly: exits.reduceOnly, parentId: parent.clientOrderId, ...(entry.tag ? { tag: entry.tag } : {}) } as const;
    const group = exits.takeProfit && exits.stopLoss ? 'bracket' : undefined;
    const specs: OrderSpec[] = [];
    if (exits.takeProfit) specs.push({ ...base, kind: 'limit', price: exits.takeProfit, ...(group ? { ocoGroup: group } : {}) });
    if (exits.stopLoss) specs.push({ ...base, kind: 'stop-market', triggerPrice: exits.stopLoss, ...(group ? { ocoGroup: group } : {}) });
    // spot: two resting sells would each lock the whole position; the stop is watched here instead
    const localStop = exits.takeProfit !== undefined && (exits.sharedInventory ?? !exits.reduceOnly);
    const children: Order[] = [];
    for (const s of specs) children.push(await this.initialize(strategyId, s, { localTrigger: localStop && s.kind === 'stop-market' }));
    parent = this.admit(parent, opts);
    if (parent.status === 'submitted') {
      this.o.crashAt?.('after-journal');
      parent = await this.send(parent);
    }
    // a market entry fills at once: answer with its exits already sent
    await this.emulator.idle();
    return { entry: this.mustGet(parent.clientOrderId), exits: children.map((c) => this.mustGet(c.clientOrderId)) };
  }

  /**
   * Several orders: all are journaled (and through the pre-trade check) before any is sent, then
   * they go out in one request where the venue has a batch endpoint, else one by one. One result
   * per order; one order's refusal does not stop the others.
   */
  async submitBatch(strategyId: StrategyId, specs: OrderSpec[], opts: SubmitOptions = {}): Promise<Order[]> {
    await this.requireResolved(strategyId);
    const orders: Order[] = [];
    for (const s of specs) orders.push(await this.initialize(strategyId, s));
    const admitted = orders.map((o) => this.admit(o, opts));
    const toSend = admitted.filter((o) => o.status === 'submitted');
    if (toSend.length > 0) this.o.crashAt?.('after-journal');
    if (toSend.length > 1 && this.o.client.submitBatch) {
      let outcomes: BatchOutcome[];
      try {
        outcomes = await this.o.client.submitBatch(toSend.map((o) => ({ clientOrderId: o.clientOrderId, spec: releasedSpec(o) })));
      } catch (e) {
        outcomes = toSend.map(() => ({ ok: false as const, error: e }));
      }
      this.o.crashAt?.('after-send');
      for (let i = 0; i < toSend.length; i++) {
        const r = outcomes[i] ?? { ok: false as const, error: new EngineError('INTERNAL', 'the batch answer has no entry for this order') };
        if (r.ok) await this.syncToReport(this.mustGet(toSend[i].clientOrderId), r.report, true);
        else this.sendFailed(toSend[i].clientOrderId, r.error);
      }
    } else {
      for (const o of toSend) await this.send(o);
    }
    return admitted.map((o) => this.mustGet(o.clientOrderId));
  }

  /** Journals the intent: held when the emulator keeps it (an exit, a trigger the venue lacks). */
  private async initialize(strategyId: StrategyId, spec: OrderSpec, o: { localTrigger?: boolean } = {}): Promise<Order> {
    if (spec.parentId && !this.orders.has(spec.parentId)) throw new EngineError('INVALID_INPUT', `no entry order ${spec.parentId} for this exit`);
    const emulatedTrigger = hasTrigger(spec.kind) && (o.localTrigger === true || !(await this.venueHoldsTrigger(spec)));
    const held = emulatedTrigger || spec.parentId !== undefined;
    const id = this.o.ids.next();
    if (this.orders.has(id)) throw new EngineError('INTERNAL', `client order id ${id} was generated twice`);
    const tsInit = this.o.clock.now();
    const order = this.applyOrThrow(null, {
      type: 'OrderInitialized',
      clientOrderId: id,
      accountId: this.accountId,
      strategyId,
      spec,
      ...(held ? { held: true } : {}),
      ...(emulatedTrigger ? { emulatedTrigger: true } : {}),
      tsEvent: tsInit,
      tsInit,
    });
    if (emulatedTrigger) this.o.watchPrice?.(spec.instrumentId);
    return order;
  }

  /**
   * The pre-trade check, then `OrderSubmitted` (or `OrderDenied`). A held exit is checked when it
   * is released (its entry's fill is what makes it pass the inventory rule); a held standalone
   * trigger is checked now, so a refusal is seen at once, and again when it fires.
   */
  private admit(order: Order, opts: SubmitOptions): Order {
    if (order.status === 'held' && order.spec.parentId) return order;
    const verdict = this.o.preTrade?.check({ accountId: this.accountId, strategyId: order.strategyId, spec: order.spec, referencePrice: opts.referencePrice ?? this.lastPrice(order.spec.instrumentId) }) ?? { ok: true };
    if (!verdict.ok) {
      this.log.info('order denied by the pre-trade check', { clientOrderId: order.clientOrderId, rule: verdict.rule, reason: verdict.reason });
      return this.applyOrThrow(order, { type: 'OrderDenied', reason: `${verdict.rule}: ${verdict.reason}` });
    }
    if (order.status === 'held') {
      this.emulator.schedule();
      return order;
    }
    return this.applyOrThrow(order, { type: 'OrderSubmitted' });
  }

  /** Sends a journaled (`submitted`) order and applies the answer. A create is never retried. */
  private async send(order: Order): Promise<Order> {
    const id = order.clientOrderId;
    let report: OrderStatusReport;
    try {
      report = await this.o.client.submit({ clientOrderId: id, spec: releasedSpec(order) });
    } catch (e) {
      return this.sendFailed(id, e);
    }
    this.o.crashAt?.('after-send');
    return this.syncToReport(this.orders.get(id)!, report, true);
  }

  private sendFailed(id: ClientOrderId, e: unknown): Order {
    const current = this.orders.get(id)!;
    // a stream may already have told us the outcome while we waited
    if (current.status !== 'submitted') return current;
    if (definitelyNotApplied(e)) return this.apply(current, { type: 'OrderRejected', reason: errorText(e) });
    this.log.warn('order outcome unknown', { clientOrderId: id, reason: errorText(e) });
    return this.apply(current, { type: 'OrderBecameUnknown', reason: errorText(e) });
  }

  /** Whether the venue holds this order's trigger itself (else the emulator watches it). */
  private async venueHoldsTrigger(spec: OrderSpec): Promise<boolean> {
    if (!this.o.client.capabilities) return true;
    const caps = await this.o.client.capabilities(spec.instrumentId);
    return spec.kind === 'stop-market' ? caps.stopMarket : spec.kind === 'stop-limit' ? caps.stopLimit : caps.takeProfit;
  }

  /**
   * Cancels an order. Allowed while its strategy is blocked (a cancel only lowers risk). An
   * `unknown` order is resolved first; an order never sent is canceled locally; a final order is
   * returned as it is.
   */
  async cancel(id: ClientOrderId, reason?: string): Promise<Order> {
    let order = this.mustGet(id);
    if (order.status === 'unknown') {
      await this.resolveOne(order);
      order = this.mustGet(id);
    }
    if (FINAL_STATUSES.has(order.status) || order.status === 'unknown' || order.status === 'pending-cancel') return order;
    if (order.status === 'initialized' || order.status === 'held') return this.apply(order, { type: 'OrderCanceled', reason: reason ?? 'canceled before it was sent' });
    order = this.apply(order, { type: 'OrderPendingCancel' });
    if (reason) this.cancelReasons.set(id, reason);
    try {
      const report = await this.o.client.cancel(this.ref(order));
      return this.syncToReport(this.mustGet(id), report, true, reason);
    } catch (e) {
      const current = this.mustGet(id);
      if (current.status !== 'pending-cancel') return current;
      if (isExecutionError(e) && e.kind === 'not-found') {
        await this.resolveOne(this.apply(current, { type: 'OrderBecameUnknown', reason: `cancel: ${errorText(e)}` }));
        return this.mustGet(id);
      }
      if (definitelyNotApplied(e)) return this.apply(current, { type: 'OrderCancelRejected', reason: errorText(e) });
      return this.apply(current, { type: 'OrderBecameUnknown', reason: `cancel: ${errorText(e)}` });
    }
  }

  /** Cancels every open order (optionally of one strategy or instrument); used by the kill switch. */
  async cancelAll(filter: { strategyId?: StrategyId; instrumentId?: InstrumentId } = {}, reason = 'cancel all'): Promise<Order[]> {
    const targets = this.allOrders(filter).filter((o) => OPEN_STATUSES.has(o.status) || o.status === 'submitted' || o.status === 'unknown' || o.status === 'held');
    const out: Order[] = [];
    for (const o of targets) out.push(await this.cancel(o.clientOrderId, reason));
    return out;
  }

  /**
   * Changes quantity and/or prices of a working order (or, locally, of a held one). Refused while
   * the strategy is blocked. The quantity of a linked order (bracket exit, OCO member) follows its
   * entry and group and cannot be set by hand.
   */
  async modify(id: ClientOrderId, changes: { quantity?: Decimal; price?: Decimal; triggerPrice?: Decimal }): Promise<Order> {
    let order = this.mustGet(id);
    if (changes.quantity && (order.spec.parentId || order.spec.ocoGroup)) throw new EngineError('INVALID_INPUT', `order ${id} is linked (bracket exit or OCO member): its quantity follows the entry and the group`);
    await this.requireResolved(order.strategyId);
    order = this.mustGet(id);
    if (order.status === 'held') {
      if (changes.quantity && changes.quantity.lte(Decimal.ZERO)) throw new EngineError('INVALID_INPUT', 'the new quantity must be positive');
      const next = this.apply(order, { type: 'OrderModified', ...definedOnly(changes) });
      this.emulator.schedule();
      return next;
    }
    if (order.status !== 'accepted' && order.status !== 'partially-filled') throw new EngineError('CONFLICT', `order ${id} is ${order.status}; only a working order can be modified`);
    if (changes.quantity && changes.quantity.lte(order.filledQty)) throw new EngineError('INVALID_INPUT', `the new quantity must be above the filled ${order.filledQty.toPlainString()}`);
    const verdict = this.o.preTrade?.check({ accountId: this.accountId, strategyId: order.strategyId, spec: { ...order.spec, ...definedOnly(changes) } });
    if (verdict && !verdict.ok) throw new EngineError('RISK_REJECTED', `${verdict.rule}: ${verdict.reason}`);
    return this.modifyAtVenue(order, changes);
  }

  private async modifyAtVenue(order: Order, changes: { quantity?: Decimal; price?: Decimal; triggerPrice?: Decimal }): Promise<Order> {
    const id = order.clientOrderId;
    order = this.apply(order, { type: 'OrderPendingModify' });
    try {
      const report = await this.o.client.modify({ ...this.ref(order), current: releasedSpec(order), ...changes });
      const current = this.mustGet(id);
      if (current.status === 'pending-modify') this.apply(current, { type: 'OrderModified', ...definedOnly(changes), venueOrderId: report.venueOrderId });
      return this.syncToReport(this.mustGet(id), report, true);
    } catch (e) {
      const current = this.mustGet(id);
      if (current.status !== 'pending-modify') return current;
      if (definitelyNotApplied(e)) return this.apply(current, { type: 'OrderModifyRejected', reason: errorText(e) });
      return this.apply(current, { type: 'OrderBecameUnknown', reason: `modify: ${errorText(e)}` });
    }
  }

  /**
   * Carries out one emulator action. Throws when the action did not take effect (the emulator
   * counts the failure and gives up after a few, instead of looping on a refusal).
   */
  private async execute(a: EmulatorAction): Promise<void> {
    const order = this.mustGet(a.clientOrderId);
    switch (a.kind) {
      case 'cancel': {
        const after = await this.cancel(a.clientOrderId, a.reason);
        if (after.status === 'accepted' || after.status === 'partially-filled') throw new EngineError('CONFLICT', `cancel of ${a.clientOrderId} was refused: ${after.reason ?? ''}`);
        return;
      }
      case 'resize': {
        if (!a.atVenue) {
          this.apply(order, { type: 'OrderModified', quantity: a.quantity });
          return;
        }
        const after = await this.modifyAtVenue(order, { quantity: a.quantity });
        if (after.status !== 'unknown' && !after.spec.quantity.eq(a.quantity) && !FINAL_STATUSES.has(after.status)) throw new EngineError('CONFLICT', `resize of ${a.clientOrderId} was refused: ${after.reason ?? ''}`);
        return;
      }
      case 'release': {
        if (order.status !== 'held') return;
        this.o.crashAt?.('before-release');
        let o = a.quantity.eq(order.spec.quantity) ? order : this.apply(order, { type: 'OrderModified', quantity: a.quantity });
        // an exit is not held back by an unrelated unknown order of its strategy: it has its own id and protects a position
        const verdict = this.o.preTrade?.check({ accountId: this.accountId, strategyId: o.strategyId, spec: releasedSpec(o), referencePrice: this.lastPrice(o.spec.instrumentId) }) ?? { ok: true };
        if (!verdict.ok) {
          this.log.warn('held order denied by the pre-trade check on release', { clientOrderId: o.clientOrderId, rule: verdict.rule, reason: verdict.reason });
          this.apply(o, { type: 'OrderDenied', reason: `${verdict.rule}: ${verdict.reason}` });
          return;
        }
        this.log.info('releasing a held order', { clientOrderId: o.clientOrderId, why: a.why });
        o = this.applyOrThrow(o, { type: 'OrderSubmitted' });
        this.o.crashAt?.('after-release-journal');
        await this.send(o);
        return;
      }
      case 'recreate': {
        // the plan saw every instance of this leg final: a new one is journaled (held) and released next pass
        const next = await this.initialize(order.strategyId, { ...order.spec, quantity: a.quantity }, { localTrigger: order.emulatedTrigger });
        this.log.warn('bracket exit re-created', { clientOrderId: next.clientOrderId, replaces: order.clientOrderId, why: a.why });
        this.emulator.schedule();
        return;
      }
    }
  }

  /**
   * Asks the venue about every `unknown` order (of one strategy, or all) by client order id and
   * applies what it says. An order the venue does not know and never acknowledged was not placed
   * (rejected); anything that cannot be settled (the venue cannot be reached, fills missing, an
   * acknowledged order the venue forgot) stays unknown and keeps the strategy blocked.
   */
  resolveUnknown(strategyId?: StrategyId): Promise<ResolveResult> {
    if (!strategyId) {
      const ids = [...new Set(this.unknownOrders().map((o) => o.strategyId))];
      return Promise.all(ids.map((s) => this.resolveUnknown(s))).then((rs) => ({ resolved: rs.flatMap((r) => r.resolved), unresolved: rs.flatMap((r) => r.unresolved) }));
    }
    const running = this.resolving.get(strategyId);
    if (running) return running;
    const p = (async () => {
      const result: ResolveResult = { resolved: [], unresolved: [] };
      for (const o of this.unknownOrders(strategyId)) {
        const why = await this.resolveOne(o);
        const after = this.mustGet(o.clientOrderId);
        if (after.status === 'unknown') result.unresolved.push({ clientOrderId: o.clientOrderId, strategyId, reason: why ?? after.reason ?? 'unknown' });
        else result.resolved.push(after);
      }
      return result;
    })().finally(() => this.resolving.delete(strategyId));
    this.resolving.set(strategyId, p);
    return p;
  }

  // ---- venue input (streams, polling) ----

  /** An order report from the client's stream. Duplicates and stale reports change nothing. */
  async onOrderReport(report: OrderStatusReport): Promise<Order | null> {
    const order = this.find(report.clientOrderId, report.venueOrderId);
    if (!order) return null;
    return this.syncToReport(order, report, order.status === 'unknown');
  }

  /** An execution. Applied once per trade id; a fill for an order not answered yet is held until it is. */
  onFill(fill: FillReport): FillOutcome {
    if (fill.accountId !== this.accountId) return 'unmatched';
    if (this.seenTrades.has(tradeKey(this.accountId, fill.tradeId))) return 'duplicate';
    const order = this.find(fill.clientOrderId, fill.venueOrderId);
    if (!order) {
      const held = this.earlyFills.get(fill.venueOrderId) ?? [];
      if (!held.some((f) => f.tradeId === fill.tradeId)) held.push(fill);
      this.earlyFills.set(fill.venueOrderId, held);
      this.o.onUnmatchedFill?.(fill);
      return 'unmatched';
    }
    const event: OrderFilled = {
      type: 'OrderFilled',
      clientOrderId: order.clientOrderId,
      accountId: this.accountId,
      venueOrderId: fill.venueOrderId,
      tradeId: fill.tradeId,
      lastQty: fill.quantity,
      lastPx: fill.price,
      fee: fill.fee,
      feeCurrency: fill.feeCurrency,
      liquidity: fill.liquidity,
      tsEvent: fill.tsEvent,
      tsInit: this.o.clock.now(),
    };
    const r = applyOrderEvent(order, event);
    if (!r.ok) {
      this.refuse(event, r.reason);
      return 'refused';
    }
    if (!this.o.journal.appendFill(event, r.order)) {
      this.seenTrades.add(tradeKey(this.accountId, fill.tradeId));
      return 'duplicate';
    }
    this.seenTrades.add(tradeKey(this.accountId, fill.tradeId));
    this.remember(r.order);
    this.countBaseFee(r.order, event);
    this.o.onEvent?.(event, r.order);
    this.emulator.schedule();
    return 'applied';
  }

  /** Whether a trade id was already applied (for reconciliation). */
  hasTrade(id: TradeId): boolean {
    return this.seenTrades.has(tradeKey(this.accountId, id));
  }

  // ---- internals ----

  private countBaseFee(order: Order, e: OrderFilled): void {
    if (e.feeCurrency !== baseCurrency(order.spec.instrumentId) || !e.fee.isPositive()) return;
    this.baseFees.set(order.clientOrderId, (this.baseFees.get(order.clientOrderId) ?? Decimal.ZERO).add(e.fee));
  }

  /**
   * What a bracket entry's fills left the account with: a buy whose fee was taken in the coin
   * bought holds the filled quantity less that fee, rounded down to the lot (an exit for the filled
   * quantity would sell more than is there, and the venue or the inventory rule refuses it).
   */
  received(entry: Order): Decimal {
    const fee = entry.spec.side === 'buy' ? (this.baseFees.get(entry.clientOrderId) ?? Decimal.ZERO) : Decimal.ZERO;
    let q = entry.filledQty.sub(fee);
    const lot = this.o.amountStep?.(entry.spec.instrumentId);
    if (lot && lot.isPositive()) q = q.roundToStep(lot, 'down');
    return q.isPositive() ? q : Decimal.ZERO;
  }

  private async requireResolved(strategyId: StrategyId): Promise<void> {
    if (!this.isBlocked(strategyId)) return;
    const r = await this.resolveUnknown(strategyId);
    if (r.unresolved.length > 0) {
      throw new EngineError('CONFLICT', `strategy ${strategyId} has ${r.unresolved.length} order(s) whose outcome is not known yet; nothing more is sent for it until they are resolved`, {
        unresolved: r.unresolved,
      });
    }
  }

  /** Returns why an order stays unknown, or null when it was settled. */
  private async resolveOne(order: Order): Promise<string | null> {
    let report: OrderStatusReport | null;
    try {
      report = await this.o.client.queryOrder(order.clientOrderId, order.spec.instrumentId);
    } catch (e) {
      return `the venue could not be asked: ${errorText(e)}`;
    }
    const current = this.mustGet(order.clientOrderId);
    if (current.status !== 'unknown') return null;
    if (report === null) {
      if (current.venueOrderId === null && current.filledQty.isZero()) {
        this.apply(current, { type: 'OrderRejected', reason: NOT_PLACED });
        return null;
      }
      return 'the venue does not know an order it acknowledged (reconcile the account)';
    }
    const after = await this.syncToReport(current, report, true);
    return after.status === 'unknown' ? `fills missing: the venue reports ${report.filledQty.toPlainString()} filled, the journal has ${after.filledQty.toPlainString()}` : null;
  }

  /**
   * Brings an order to what a venue report says: fetches missing fills (when asked), then
   * applies the status. An `unknown` order whose fills do not add up stays unknown.
   */
  private async syncToReport(order: Order, report: OrderStatusReport, fetchFills: boolean, cancelReason?: string): Promise<Order> {
    const id = order.clientOrderId;
    if (order.venueOrderId === null) this.byVenueId.set(report.venueOrderId, id);
    if (report.filledQty.gt(order.filledQty) && fetchFills) {
      try {
        for (const f of await this.o.client.fillsOfOrder({ ...this.ref(order), venueOrderId: report.venueOrderId })) this.onFill({ ...f, clientOrderId: f.clientOrderId ?? id });
      } catch (e) {
        this.log.warn('could not fetch fills of an order', { clientOrderId: id, reason: errorText(e) });
      }
    }
    this.drainEarlyFills(report.venueOrderId, id);
    let cur = this.mustGet(id);
    const fillsComplete = cur.filledQty.gte(report.filledQty);
    if (cur.status === 'unknown' && !fillsComplete) return cur;

    const accept = () => {
      if (cur.status === 'submitted' || cur.status === 'unknown' || cur.status === 'initialized' || (cur.status === 'accepted' && cur.venueOrderId !== report.venueOrderId)) {
        cur = this.apply(cur, { type: 'OrderAccepted', venueOrderId: report.venueOrderId, tsEvent: report.tsEvent });
      }
    };
    switch (report.status) {
      case 'open':
      case 'partially-filled':
        accept();
        break;
      case 'filled':
        if (!FINAL_STATUSES.has(cur.status)) accept();
        break;
      case 'canceled':
        if (!FINAL_STATUSES.has(cur.status)) {
          const reason = cancelReason ?? this.cancelReasons.get(id);
          cur = this.apply(cur, { type: 'OrderCanceled', tsEvent: report.tsEvent, ...(reason ? { reason } : {}) });
        }
        this.cancelReasons.delete(id);
        break;
      case 'expired':
        if (!FINAL_STATUSES.has(cur.status)) cur = this.apply(cur, { type: 'OrderExpired', tsEvent: report.tsEvent });
        break;
      case 'rejected':
        if (!FINAL_STATUSES.has(cur.status)) cur = this.apply(cur, { type: 'OrderRejected', reason: 'rejected by the venue', tsEvent: report.tsEvent });
        break;
    }
    return cur;
  }

  private drainEarlyFills(venueId: VenueOrderId, id: ClientOrderId): void {
    const held = this.earlyFills.get(venueId);
    if (!held) return;
    this.earlyFills.delete(venueId);
    for (const f of held) this.onFill({ ...f, clientOrderId: id });
  }

  private find(clientId: ClientOrderId | null, venueId: VenueOrderId | null): Order | undefined {
    if (clientId) {
      const o = this.orders.get(clientId);
      if (o) return o;
    }
    return venueId ? this.orderByVenueId(venueId) : undefined;
  }

  private ref(o: Order): OrderRef {
    return { clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId, instrumentId: o.spec.instrumentId };
  }

  private mustGet(id: ClientOrderId): Order {
    const o = this.orders.get(id);
    if (!o) throw new EngineError('NOT_FOUND', `no order ${id} in account ${this.accountId}`);
    return o;
  }

  private remember(o: Order): void {
    this.orders.set(o.clientOrderId, o);
    if (o.venueOrderId) this.byVenueId.set(o.venueOrderId, o.clientOrderId);
  }

  /**
   * Applies one event: the state machine decides, the journal records, memory follows. A refused
   * event is logged and recorded and the order is returned unchanged.
   */
  private apply(order: Order, partial: DistributiveOmit<OrderEvent, 'clientOrderId' | 'accountId' | 'tsEvent' | 'tsInit'> & { tsEvent?: number }): Order {
    const now = this.o.clock.now();
    const event = { ...partial, clientOrderId: order.clientOrderId, accountId: this.accountId, tsEvent: partial.tsEvent ?? now, tsInit: now } as OrderEvent;
    const r = applyOrderEvent(order, event);
    if (!r.ok) {
      this.refuse(event, r.reason);
      return order;
    }
    this.o.journal.appendOrderEvent(event, r.order);
    this.remember(r.order);
    this.o.onEvent?.(event, r.order);
    this.emulator.schedule();
    return r.order;
  }

  private applyOrThrow(order: Order | null, partial: DistributiveOmit<OrderEvent, 'clientOrderId' | 'accountId' | 'tsEvent' | 'tsInit'> | OrderEvent): Order {
    if (order === null) {
      const e = partial as OrderEvent;
      const r = applyOrderEvent(null, e);
      if (!r.ok) throw new EngineError('INVALID_INPUT', r.reason);
      this.o.journal.appendOrderEvent(e, r.order);
      this.remember(r.order);
      this.o.onEvent?.(e, r.order);
      return r.order;
    }
    const next = this.apply(order, partial as never);
    if (next === order) throw new EngineError('INTERNAL', `order ${order.clientOrderId}: ${partial.type} was refused in status ${order.status}`);
    return next;
  }

  private refuse(event: OrderEvent, reason: string): void {
    this.log.warn('order event refused', { clientOrderId: event.clientOrderId, type: event.type, reason });
    try {
      this.o.journal.recordRefusedEvent(event, reason);
    } catch (e) {
      this.log.error('could not record a refused order event', { reason: errorText(e) });
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * An error as text for the journal and logs. `ExecutionError` and `EngineError` messages are
 * written key-free; anything else (a library's raw error may quote a signed request) is named only.
 */
function errorText(e: unknown): string {
  if (isExecutionError(e)) return `${e.kind}: ${e.message}`;
  if (e instanceof EngineError) return e.message;
  return `unexpected ${e instanceof Error ? e.name : typeof e} from the execution client`;
}

/** `BTC` of `BTC/USDT@binance` (also of a derivative's `BTC/USDT:USDT`). */
function baseCurrency(id: InstrumentId): string {
  return id.slice(0, id.indexOf('/'));
}
