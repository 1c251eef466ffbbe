/**
 * The account end of a deployment's broker: strategy intents become `OrderSpec`s sent through the
 * account (reconciliation gate, pre-trade check, order manager: journaled before sending), the
 * account's order events become the `OrderView`/`FillView` updates the strategy sees, and the
 * snapshot it reads positions from is the account's position attributed to this strategy.
 *
 * Strategy order ids (`<prefix><n>`) map to client order ids; the map of working orders is saved
 * with the deployment so a restarted strategy can still cancel what it placed before.
 */
import type { ClientOrderId, InstrumentId } from '../../../shared/ids';
import { splitInstrumentId } from '../../../shared/ids';
import { isEngineError } from '../../core/errors';
import type { FillView, OrderStatus as ViewStatus, OrderType, OrderView } from '../../model/orders';
import { Decimal } from '../../trading/decimal';
import type { StrategyId } from '../../trading/identifiers';
import { averagePrice, FINAL_STATUSES, type Order, type OrderSpec } from '../../trading/order';
import type { OrderEvent } from '../../trading/order-events';
import { pair, type AccountRuntime } from '../account-runtime';
import type { AccountSnapshot, Intent } from './protocol';

/** Events that change what the strategy's `OrderView` says (the rest are the OMS's own bookkeeping). */
const REPORTED: ReadonlySet<OrderEvent['type']> = new Set(['OrderAccepted', 'OrderFilled', 'OrderCanceled', 'OrderExpired', 'OrderRejected', 'OrderDenied', 'OrderModified']);

export interface AccountAdapterOptions {
  account: AccountRuntime;
  strategyId: StrategyId;
  instruments: InstrumentId[];
  /** Makes OCO group names unique on the account (strategies number their groups from 1 after each start). */
  ocoScope: string;
  /** Working orders placed before a restart: strategy order id → client order id. */
  orders?: Record<string, string>;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface StrategyUpdate {
  order: OrderView;
  fill: FillView | null;
}

export class AccountAdapter {
  private readonly toClient = new Map<string, ClientOrderId>();
  private readonly toStrategy = new Map<ClientOrderId, string>();
  private readonly createdAt = new Map<string, number>();
  /** Strategy orders being sent: their `OrderInitialized` (emitted inside the submit) names their client ids. */
  private sending: { id: string; spec: OrderSpec }[] = [];

  constructor(private readonly o: AccountAdapterOptions) {
    for (const [id, c] of Object.entries(o.orders ?? {})) this.link(id, c as ClientOrderId);
  }

  private get rt(): AccountRuntime {
    return this.o.account;
  }

  private link(id: string, c: ClientOrderId): void {
    this.toClient.set(id, c);
    this.toStrategy.set(c, id);
  }

  /** Lot per symbol as a float (the strategy's `sizing` rounds to it). */
  async lots(): Promise<number[]> {
    return Promise.all(this.o.instruments.map(async (id) => (await this.rt.spec(id)).amountStep.toNumber()));
  }

  /** The account as the strategy may see it; `marks` are the last closes per symbol. */
  snapshot(marks: readonly number[]): AccountSnapshot {
    const pf = this.rt.portfolio;
    const acc = this.rt.accountId;
    const quote = pair(this.o.instruments[0]).quote;
    const cashBal = pf.balance(acc, quote);
    let equity = cashBal.total.toNumber();
    const valued = new Set<string>();
    const positions = this.o.instruments.map((id, k) => {
      const p = pf.position(acc, this.o.strategyId, id);
      const { base } = pair(id);
      const baseBal = pf.balance(acc, base);
      if (!valued.has(base) && Number.isFinite(marks[k])) {
        valued.add(base);
        equity += baseBal.total.toNumber() * marks[k];
      }
      const size = p.quantity.toNumber();
      return { size, avgPrice: p.avgPrice.toNumber(), realizedPnl: p.realizedPnl.toNumber(), sellable: Math.max(0, Math.min(size, baseBal.free.toNumber())) };
    });
    return { positions, cash: cashBal.total.toNumber(), freeCash: cashBal.free.toNumber(), equity, currency: quote };
  }

  /** The strategy's orders that are not finished, as it knew them (after a restart). */
  openOrderViews(): OrderView[] {
    return this.rt.oms.allOrders({ strategyId: this.o.strategyId }).filter((x) => !FINAL_STATUSES.has(x.status)).map((x) => this.view(x));
  }

  /** Working orders to save with the deployment (finished ones are dropped from the map). */
  workingMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [id, c] of this.toClient) {
      const order = this.rt.oms.order(c);
      if (order && !FINAL_STATUSES.has(order.status)) out[id] = c;
    }
    return out;
  }

  /**
   * Sends the intents in order (a bracket's entry before its exits). Each outcome the strategy
   * must hear about without an account event (an order that could not be built or sent) comes
   * back as an update; the rest arrive through `onOrderEvent`.
   */
  async execute(intents: Intent[], marks: readonly number[]): Promise<{ sent: number; updates: StrategyUpdate[] }> {
    let sent = 0;
    const updates: StrategyUpdate[] = [];
    for (let i = 0; i < intents.length; i++) {
      const it = intents[i];
      if (it.kind === 'submit') {
        // an entry with its exits, or an OCO set: journaled together before anything goes out
        const linked = this.linkedAfter(intents, i);
        if (linked.length > 0) {
          sent += await this.executeLinked([it, ...linked], marks, updates);
          i += linked.length;
          continue;
        }
        this.createdAt.set(it.id, it.createdAt);
        const refused = (reason: string): void => {
          this.o.log('warn', `order ${it.id} not sent: ${reason}`);
          updates.push({ order: this.refusedView(it, reason), fill: null });
        };
        let spec: OrderSpec;
        try {
          const built = await this.toSpec(it);
          if (typeof built === 'string') {
            refused(built);
            continue;
          }
          spec = built;
        } catch (e) {
          refused(errorText(e));
          continue;
        }
        this.sending = [{ id: it.id, spec }];
        try {
          const px = marks[it.inst];
          const order = await this.rt.submit(this.o.strategyId, spec, Number.isFinite(px) ? { referencePrice: Decimal.fromNumber(px) } : {});
          this.link(it.id, order.clientOrderId);
          sent++;
          const r = it.request;
          this.o.log('info', `${spec.side} ${spec.quantity.toPlainString()} ${r.symbol ?? this.symbolOf(spec.instrumentId)} ${spec.kind}${r.tag ? ` (${r.tag})` : ''} → ${order.status}${order.reason ? `: ${order.reason}` : ''}`);
        } catch (e) {
          // not placed (the account is not ready, or an earlier order of the strategy is still unknown)
          if (!this.toClient.has(it.id)) refused(errorText(e));
          else this.o.log('error', `order ${it.id}: ${errorText(e)}`);
        } finally {
          this.sending = [];
        }
      } else {
        const c = this.toClient.get(it.id);
        if (!c) {
          this.o.log('warn', `${it.kind} of ${it.id}: not an order of this deployment at the account`);
          continue;
        }
        try {
          if (it.kind === 'cancel') await this.rt.oms.cancel(c, it.reason ?? 'cancelled by strategy');
          else await this.rt.oms.modify(c, await this.toChanges(c, it.changes));
        } catch (e) {
          this.o.log('warn', `${it.kind} of ${it.id} failed: ${errorText(e)}`);
        }
      }
    }
    return { sent, updates };
  }

  /** An account event of one of this strategy's orders → what the strategy should hear (or null). */
  onOrderEvent(order: Order, e: OrderEvent): StrategyUpdate | null {
    if (order.strategyId !== this.o.strategyId) return null;
    // only the orders being sent (the order manager may create orders of its own, e.g. a re-created exit)
    const s = e.type === 'OrderInitialized' && !this.toStrategy.has(order.clientOrderId) ? this.sending.find((x) => !this.toClient.has(x.id) && sameOrder(order.spec, x.spec)) : undefined;
    if (s) this.link(s.id, order.clientOrderId);
    if (!REPORTED.has(e.type) || !this.toStrategy.has(order.clientOrderId)) return null;
    const view = this.view(order);
    if (e.type !== 'OrderFilled') return { order: view, fill: null };
    const price = e.lastPx.toNumber();
    const { base } = pair(order.spec.instrumentId);
    const fee = e.fee.toNumber();
    const fill: FillView = {
      orderId: view.id,
      symbol: view.symbol,
      side: order.spec.side,
      size: e.lastQty.toNumber(),
      price,
      // the strategy API speaks quote currency; a fee taken in base is valued at the fill price
      commission: e.feeCurrency === base ? fee * price : fee,
      slippage: 0,
      liquidity: e.liquidity ?? 'taker',
      ts: e.tsEvent,
      barIndex: -1,
      tag: order.spec.tag ?? null,
    };
    return { order: view, fill };
  }

  /**
   * The intents that belong with `intents[i]` and follow it: a bracket's exits (their parent is it:
   * a take-profit limit and/or a stop) or the rest of its OCO set (same group, no parent).
   */
  private linkedAfter(intents: Intent[], i: number): Extract<Intent, { kind: 'submit' }>[] {
    const head = intents[i] as Extract<Intent, { kind: 'submit' }>;
    const out: Extract<Intent, { kind: 'submit' }>[] = [];
    for (let j = i + 1; j < intents.length; j++) {
      const x = intents[j];
      if (x.kind !== 'submit') break;
      const exit = head.links.parentId === undefined && head.links.ocoGroup === undefined && x.links.parentId === head.id && (x.request.type === 'limit' || x.request.type === 'stop');
      const sibling = head.links.parentId === undefined && head.links.ocoGroup !== undefined && x.links.parentId === undefined && x.links.ocoGroup === head.links.ocoGroup;
      if (!exit && !sibling) break;
      out.push(x);
    }
    // a bracket takes one take-profit and one stop; anything else goes order by order as before
    if (head.links.ocoGroup === undefined && (out.length > 2 || new Set(out.map((x) => x.request.type)).size !== out.length)) return [];
    return out;
  }

  /** Sends a bracket through `submitBracket` or an OCO set through `submitBatch`. Returns how many went out. */
  private async executeLinked(group: Extract<Intent, { kind: 'submit' }>[], marks: readonly number[], updates: StrategyUpdate[]): Promise<number> {
    const [head, ...rest] = group;
    for (const it of group) this.createdAt.set(it.id, it.createdAt);
    const refuseAll = (reason: string): number => {
      this.o.log('warn', `orders ${group.map((x) => x.id).join(', ')} not sent: ${reason}`);
      for (const it of group) if (!this.toClient.has(it.id)) updates.push({ order: this.refusedView(it, reason), fill: null });
      return 0;
    };
    const isBracket = head.links.ocoGroup === undefined;
    const specs: OrderSpec[] = [];
    try {
      for (const it of isBracket ? [head] : group) {
        const built = await this.toSpec(it);
        if (typeof built === 'string') return refuseAll(built);
        specs.push(built);
      }
    } catch (e) {
      return refuseAll(errorText(e));
    }
    const px = marks[head.inst];
    const ref = Number.isFinite(px) ? { referencePrice: Decimal.fromNumber(px) } : {};
    try {
      if (isBracket) {
        const entry = specs[0];
        const tick = (await this.rt.spec(entry.instrumentId)).priceTick;
        const at = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? undefined : Decimal.fromNumber(n).roundToStep(tick, 'half-even'));
        const tpIntent = rest.find((x) => x.request.type === 'limit');
        const slIntent = rest.find((x) => x.request.type === 'stop');
        const exitSide = entry.side === 'buy' ? 'sell' : 'buy';
        const exitSpec = (kind: OrderSpec['kind']): OrderSpec => ({ ...entry, side: exitSide, kind, price: undefined, triggerPrice: undefined });
        this.sending = [{ id: head.id, spec: entry }, ...(tpIntent ? [{ id: tpIntent.id, spec: exitSpec('limit') }] : []), ...(slIntent ? [{ id: slIntent.id, spec: exitSpec('stop-market') }] : [])];
        const r = await this.rt.submitBracket(this.o.strategyId, entry, { takeProfit: at(tpIntent?.request.limitPrice), stopLoss: at(slIntent?.request.stopPrice) }, ref);
        // the order manager lists the exits take-profit first
        const ids = [head.id, ...(tpIntent ? [tpIntent.id] : []), ...(slIntent ? [slIntent.id] : [])];
        [r.entry, ...r.exits].forEach((o, k) => this.toClient.has(ids[k]) || this.link(ids[k], o.clientOrderId));
        this.o.log('info', `bracket ${entry.side} ${entry.quantity.toPlainString()} ${this.symbolOf(entry.instrumentId)} ${entry.kind} → ${r.entry.status}; exits ${r.exits.map((x) => `${x.spec.kind} ${x.status}`).join(', ')}`);
      } else {
        this.sending = group.map((it, k) => ({ id: it.id, spec: specs[k] }));
        const out = await this.rt.submitBatch(this.o.strategyId, specs, ref);
        out.forEach((o, k) => this.toClient.has(group[k].id) || this.link(group[k].id, o.clientOrderId));
        this.o.log('info', `OCO ${head.links.ocoGroup}: ${out.map((o) => `${o.spec.side} ${o.spec.quantity.toPlainString()} ${o.spec.kind} → ${o.status}`).join(', ')}`);
      }
      return group.length;
    } catch (e) {
      return refuseAll(errorText(e));
    } finally {
      this.sending = [];
    }
  }

  private symbolOf(id: InstrumentId): string {
    return splitInstrumentId(id).symbol;
  }

  private view(order: Order): OrderView {
    const id = this.toStrategy.get(order.clientOrderId) ?? order.clientOrderId;
    const s = order.spec;
    const avg = averagePrice(order);
    const parent = s.parentId ? (this.toStrategy.get(s.parentId) ?? s.parentId) : null;
    return {
      id,
      symbol: this.symbolOf(s.instrumentId),
      side: s.side,
      type: viewType(s),
      size: s.quantity.toNumber(),
      filled: order.filledQty.toNumber(),
      limitPrice: s.price?.toNumber() ?? null,
      stopPrice: s.triggerPrice?.toNumber() ?? null,
      status: viewStatus(order),
      avgPrice: avg ? avg.toNumber() : NaN,
      reduceOnly: s.reduceOnly,
      tag: s.tag ?? null,
      parentId: parent,
      ocoGroup: s.ocoGroup ? s.ocoGroup.slice(s.ocoGroup.indexOf('/') + 1) : null,
      reason: order.reason,
      createdAt: this.createdAt.get(id) ?? order.tsInit,
    };
  }

  private refusedView(it: Extract<Intent, { kind: 'submit' }>, reason: string): OrderView {
    const r = it.request;
    return {
      id: it.id,
      symbol: this.symbolOf(this.o.instruments[it.inst]),
      side: r.side,
      type: r.type ?? 'market',
      size: r.size,
      filled: 0,
      limitPrice: r.limitPrice ?? null,
      stopPrice: r.stopPrice ?? null,
      status: 'rejected',
      avgPrice: NaN,
      reduceOnly: r.reduceOnly === true,
      tag: r.tag ?? null,
      parentId: it.links.parentId ?? null,
      ocoGroup: it.links.ocoGroup ?? null,
      reason,
      createdAt: it.createdAt,
    };
  }

  /** The venue's grid: quantities rounded down to the lot (never more than asked), prices to the tick. */
  private async toSpec(it: Extract<Intent, { kind: 'submit' }>): Promise<OrderSpec | string> {
    const id = this.o.instruments[it.inst];
    const spec = await this.rt.spec(id);
    const r = it.request;
    const qty = Decimal.fromNumber(r.size).roundToStep(spec.amountStep, 'down');
    if (!qty.isPositive()) return `size ${r.size} is below the venue's lot ${spec.amountStep.toPlainString()}`;
    const px = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? undefined : Decimal.fromNumber(n).roundToStep(spec.priceTick, 'half-even'));
    const type = r.type ?? 'market';
    const kind: OrderSpec['kind'] = type === 'stop' ? 'stop-market' : type;
    const out: OrderSpec = { instrumentId: id, side: r.side, kind, quantity: qty, price: type === 'limit' || type === 'stop-limit' ? px(r.limitPrice) : undefined, triggerPrice: type === 'stop' || type === 'stop-limit' ? px(r.stopPrice) : undefined, timeInForce: 'GTC', reduceOnly: r.reduceOnly === true };
    if (r.tag) out.tag = r.tag;
    // brackets and OCO: the links go to the order manager, which arms exits and cancels siblings
    if (it.links.parentId !== undefined) {
      const parent = this.toClient.get(it.links.parentId);
      if (!parent) return `its bracket entry ${it.links.parentId} was not placed`;
      out.parentId = parent;
    }
    if (it.links.ocoGroup !== undefined) out.ocoGroup = `${this.o.ocoScope}/${it.links.ocoGroup}`;
    return out;
  }

  private async toChanges(c: ClientOrderId, ch: { size?: number; limitPrice?: number; stopPrice?: number }): Promise<{ quantity?: Decimal; price?: Decimal; triggerPrice?: Decimal }> {
    const order = this.rt.oms.order(c)!;
    const spec = await this.rt.spec(order.spec.instrumentId);
    const out: { quantity?: Decimal; price?: Decimal; triggerPrice?: Decimal } = {};
    if (ch.size !== undefined) out.quantity = Decimal.fromNumber(ch.size).roundToStep(spec.amountStep, 'down');
    if (ch.limitPrice !== undefined) out.price = Decimal.fromNumber(ch.limitPrice).roundToStep(spec.priceTick, 'half-even');
    if (ch.stopPrice !== undefined) out.triggerPrice = Decimal.fromNumber(ch.stopPrice).roundToStep(spec.priceTick, 'half-even');
    return out;
  }
}

function sameOrder(a: OrderSpec, b: OrderSpec): boolean {
  return a.instrumentId === b.instrumentId && a.side === b.side && a.kind === b.kind && a.quantity.eq(b.quantity);
}

function viewType(s: OrderSpec): OrderType {
  if (s.kind === 'stop-market') return 'stop';
  if (s.kind === 'take-profit') return s.price ? 'limit' : 'stop';
  return s.kind;
}

function viewStatus(o: Order): ViewStatus {
  switch (o.status) {
    case 'filled':
      return 'filled';
    case 'canceled':
    case 'expired':
      return 'cancelled';
    case 'denied':
    case 'rejected':
      return 'rejected';
    default:
      return o.filledQty.isPositive() ? 'partially-filled' : 'accepted';
  }
}

function errorText(e: unknown): string {
  return isEngineError(e) ? e.message : e instanceof Error ? e.message : String(e);
}
