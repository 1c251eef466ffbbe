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
import type { Decimal } from './decimal';
import {
  definitelyNotApplied,
  isExecutionError,
  type ExecutionClient,
  type FillReport,
  type OrderRef,
  type OrderStatusReport,
} from './execution-client';
import type { AccountId, StrategyId, TradeId, VenueOrderId } from './identifiers';
import { FINAL_STATUSES, IN_FLIGHT_STATUSES, OPEN_STATUSES, type Order, type OrderSpec } from './order';
import type { OrderEvent, OrderFilled } from './order-events';
import { tradeKey, type OrderJournal } from './order-journal';
import { applyOrderEvent } from './order-state-machine';
import type { PreTradeCheck } from './pre-trade';

/** Test-only crash points (`QUANTDESK_CRASH_AT`): after the intent is journaled, after the venue answered. */
export type CrashPoint = 'after-journal' | 'after-send';

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

  constructor(o: OrderManagerOptions) {
    this.o = o;
    this.accountId = o.accountId;
    this.log = o.log ?? NO_LOG;
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
      if (e.type === 'OrderFilled') m.seenTrades.add(tradeKey(e.accountId, e.tradeId));
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

  // ---- commands ----

  /**
   * Journals the intent, runs the pre-trade check, journals the submission, then sends. Resolves
   * with the order in whatever state the answer left it: `denied`, `rejected`, `accepted`,
   * `filled`… or `unknown` (no answer; the next submit for the strategy resolves it first).
   * Throws CONFLICT when an earlier order of the strategy is still unknown after asking the venue.
   */
  async submit(strategyId: StrategyId, spec: OrderSpec, opts: SubmitOptions = {}): Promise<Order> {
    await this.requireResolved(strategyId);
    const id = this.o.ids.next();
    if (this.orders.has(id)) throw new EngineError('INTERNAL', `client order id ${id} was generated twice`);
    const tsInit = this.o.clock.now();
    let order = this.applyOrThrow(null, { type: 'OrderInitialized', clientOrderId: id, accountId: this.accountId, strategyId, spec, tsEvent: tsInit, tsInit });

    const verdict = this.o.preTrade?.check({ accountId: this.accountId, strategyId, spec, referencePrice: opts.referencePrice }) ?? { ok: true };
    if (!verdict.ok) {
      this.log.info('order denied by the pre-trade check', { clientOrderId: id, rule: verdict.rule, reason: verdict.reason });
      return this.applyOrThrow(order, { type: 'OrderDenied', reason: `${verdict.rule}: ${verdict.reason}` });
    }
    order = this.applyOrThrow(order, { type: 'OrderSubmitted' });
    this.o.crashAt?.('after-journal');

    let report: OrderStatusReport;
    try {
      report = await this.o.client.submit({ clientOrderId: id, spec });
    } catch (e) {
      const current = this.orders.get(id)!;
      // a stream may already have told us the outcome while we waited
      if (current.status !== 'submitted') return current;
      if (definitelyNotApplied(e)) return this.apply(current, { type: 'OrderRejected', reason: errorText(e) });
      this.log.warn('order outcome unknown', { clientOrderId: id, reason: errorText(e) });
      return this.apply(current, { type: 'OrderBecameUnknown', reason: errorText(e) });
    }
    this.o.crashAt?.('after-send');
    return this.syncToReport(this.orders.get(id)!, report, true);
  }

  /** Submits one after another (venues' batch endpoints are the broker's business); stops at the first throw. */
  async submitBatch(strategyId: StrategyId, specs: OrderSpec[], opts: SubmitOptions = {}): Promise<Order[]> {
    const out: Order[] = [];
    for (const s of specs) out.push(await this.submit(strategyId, s, opts));
    return out;
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
    if (order.status === 'initialized') return this.apply(order, { type: 'OrderCanceled', reason: reason ?? 'canceled before it was sent' });
    order = this.apply(order, { type: 'OrderPendingCancel' });
    try {
      const report = await this.o.client.cancel(this.ref(order));
      return this.syncToReport(this.mustGet(id), report, true);
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
    const targets = this.allOrders(filter).filter((o) => OPEN_STATUSES.has(o.status) || o.status === 'submitted' || o.status === 'unknown');
    const out: Order[] = [];
    for (const o of targets) out.push(await this.cancel(o.clientOrderId, reason));
    return out;
  }

  /** Changes quantity and/or prices of a working order. Refused while the strategy is blocked. */
  async modify(id: ClientOrderId, changes: { quantity?: Decimal; price?: Decimal; triggerPrice?: Decimal }): Promise<Order> {
    let order = this.mustGet(id);
    await this.requireResolved(order.strategyId);
    order = this.mustGet(id);
    if (order.status !== 'accepted' && order.status !== 'partially-filled') throw new EngineError('CONFLICT', `order ${id} is ${order.status}; only a working order can be modified`);
    if (changes.quantity && changes.quantity.lte(order.filledQty)) throw new EngineError('INVALID_INPUT', `the new quantity must be above the filled ${order.filledQty.toPlainString()}`);
    const verdict = this.o.preTrade?.check({ accountId: this.accountId, strategyId: order.strategyId, spec: { ...order.spec, ...definedOnly(changes) } });
    if (verdict && !verdict.ok) throw new EngineError('RISK_REJECTED', `${verdict.rule}: ${verdict.reason}`);
    order = this.apply(order, { type: 'OrderPendingModify' });
    try {
      const report = await this.o.client.modify({ ...this.ref(order), ...changes });
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
    this.o.onEvent?.(event, r.order);
    return 'applied';
  }

  /** Whether a trade id was already applied (for reconciliation). */
  hasTrade(id: TradeId): boolean {
    return this.seenTrades.has(tradeKey(this.accountId, id));
  }

  // ---- internals ----

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
        this.apply(current, { type: 'OrderRejected', reason: 'not found at the venue after an unanswered request: it was not placed' });
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
  private async syncToReport(order: Order, report: OrderStatusReport, fetchFills: boolean): Promise<Order> {
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
        if (!FINAL_STATUSES.has(cur.status)) cur = this.apply(cur, { type: 'OrderCanceled', tsEvent: report.tsEvent });
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
