/**
 * The order state machine. `applyOrderEvent` is the only way an order changes: it returns the next
 * state, or a refusal (the caller logs it and applies nothing). Replaying an order's journaled
 * events through it rebuilds the order exactly.
 */
import { Decimal } from './decimal';
import type { OrderEvent, OrderEventType, OrderFilled } from './order-events';
import type { Order, OrderStatus } from './order';

export type ApplyResult = { ok: true; order: Order } | { ok: false; reason: string };

type Rule = OrderStatus | ((o: Order, e: OrderEvent) => OrderStatus);

/** Back to where the order was before a pending request (an open status). */
const back = (o: Order): OrderStatus => o.previousStatus ?? (o.filledQty.isZero() ? 'accepted' : 'partially-filled');
const working = (o: Order): OrderStatus => (o.filledQty.isZero() ? 'accepted' : 'partially-filled');
/** A fill completes the order, or else leaves it working (or pending: the request is still in flight). */
const fill = (pendingStays: boolean) => (o: Order): OrderStatus =>
  o.filledQty.gte(o.spec.quantity) ? 'filled' : pendingStays ? o.status : 'partially-filled';
/** A late fill after a cancel or expiry (messages cross on the wire): the money moved, the order stays closed. */
const lateFill = (o: Order): OrderStatus => (o.filledQty.gte(o.spec.quantity) ? 'filled' : o.status);

const TRANSITIONS: Partial<Record<OrderStatus, Partial<Record<OrderEventType, Rule>>>> = {
  // held here: nothing is at the venue, so a change or a cancel is ours alone
  held: {
    OrderSubmitted: 'submitted',
    OrderDenied: 'denied',
    OrderModified: 'held',
    OrderCanceled: 'canceled',
  },
  initialized: {
    OrderDenied: 'denied',
    OrderSubmitted: 'submitted',
    OrderBecameUnknown: 'unknown',
    OrderRejected: 'rejected',
    OrderCanceled: 'canceled',
  },
  submitted: {
    OrderAccepted: 'accepted',
    OrderRejected: 'rejected',
    OrderBecameUnknown: 'unknown',
    OrderPendingCancel: 'pending-cancel',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderFilled: fill(false),
  },
  accepted: {
    OrderAccepted: 'accepted',
    OrderRejected: 'rejected',
    OrderPendingCancel: 'pending-cancel',
    OrderPendingModify: 'pending-modify',
    OrderModified: 'accepted',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderBecameUnknown: 'unknown',
    OrderFilled: fill(false),
  },
  'partially-filled': {
    OrderPendingCancel: 'pending-cancel',
    OrderPendingModify: 'pending-modify',
    OrderModified: 'partially-filled',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderBecameUnknown: 'unknown',
    OrderFilled: fill(false),
  },
  'pending-cancel': {
    OrderAccepted: 'pending-cancel',
    OrderCancelRejected: back,
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderBecameUnknown: 'unknown',
    OrderFilled: fill(true),
  },
  'pending-modify': {
    OrderAccepted: 'pending-modify',
    OrderModified: back,
    OrderModifyRejected: back,
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderBecameUnknown: 'unknown',
    OrderFilled: fill(true),
  },
  unknown: {
    OrderAccepted: working,
    OrderModified: working,
    OrderCancelRejected: working,
    OrderModifyRejected: working,
    OrderRejected: 'rejected',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderFilled: fill(true),
  },
  canceled: { OrderFilled: lateFill },
  expired: { OrderFilled: lateFill },
};

/** The statuses an order in `from` may move to (for docs and tests). */
export function allowedEvents(from: OrderStatus): OrderEventType[] {
  return Object.keys(TRANSITIONS[from] ?? {}) as OrderEventType[];
}

export function applyOrderEvent(order: Order | null, e: OrderEvent): ApplyResult {
  if (e.type === 'OrderInitialized') {
    if (order) return { ok: false, reason: `order ${e.clientOrderId} already exists` };
    if (!e.spec.quantity.isPositive()) return { ok: false, reason: `order ${e.clientOrderId}: quantity must be positive` };
    return {
      ok: true,
      order: {
        clientOrderId: e.clientOrderId,
        accountId: e.accountId,
        strategyId: e.strategyId,
        spec: e.spec,
        initialQuantity: e.spec.quantity,
        emulatedTrigger: e.emulatedTrigger === true,
        status: e.held ? 'held' : 'initialized',
        previousStatus: null,
        venueOrderId: null,
        filledQty: Decimal.ZERO,
        filledNotional: Decimal.ZERO,
        fee: Decimal.ZERO,
        reason: null,
        eventCount: 1,
        tsInit: e.tsInit,
        tsLast: e.tsEvent,
      },
    };
  }
  if (!order) return { ok: false, reason: `${e.type} for order ${e.clientOrderId}, which is not known` };
  if (order.clientOrderId !== e.clientOrderId || order.accountId !== e.accountId) {
    return { ok: false, reason: `${e.type} for ${e.accountId}/${e.clientOrderId} applied to ${order.accountId}/${order.clientOrderId}` };
  }
  const rule = TRANSITIONS[order.status]?.[e.type];
  if (rule === undefined) return { ok: false, reason: `${e.type} is not allowed for order ${order.clientOrderId} in status ${order.status}` };

  let next: Order = { ...order, eventCount: order.eventCount + 1, tsLast: Math.max(order.tsLast, e.tsEvent) };
  switch (e.type) {
    case 'OrderFilled': {
      const refused = checkFill(order, e);
      if (refused) return { ok: false, reason: refused };
      next = {
        ...next,
        filledQty: order.filledQty.add(e.lastQty),
        filledNotional: order.filledNotional.add(e.lastQty.mul(e.lastPx)),
        fee: order.fee.add(e.fee),
        venueOrderId: order.venueOrderId ?? e.venueOrderId,
      };
      break;
    }
    case 'OrderAccepted':
      next = { ...next, venueOrderId: e.venueOrderId };
      break;
    case 'OrderModified': {
      const quantity = e.quantity ?? order.spec.quantity;
      if (quantity.lt(order.filledQty)) return { ok: false, reason: `modified quantity ${quantity} is below the filled ${order.filledQty} of order ${order.clientOrderId}` };
      next = {
        ...next,
        spec: { ...order.spec, quantity, price: e.price ?? order.spec.price, triggerPrice: e.triggerPrice ?? order.spec.triggerPrice },
        venueOrderId: e.venueOrderId ?? order.venueOrderId,
      };
      break;
    }
    case 'OrderDenied':
    case 'OrderRejected':
    case 'OrderBecameUnknown':
    case 'OrderCancelRejected':
    case 'OrderModifyRejected':
      next = { ...next, reason: e.reason };
      break;
    case 'OrderCanceled':
      if (e.reason) next = { ...next, reason: e.reason };
      break;
  }
  const status = typeof rule === 'function' ? rule(next, e) : rule;
  const entersPending = (status === 'pending-cancel' || status === 'pending-modify' || status === 'unknown') && status !== order.status;
  let previousStatus: OrderStatus | null = entersPending ? (order.status === 'unknown' || order.status.startsWith('pending') ? order.previousStatus : order.status) : status === order.status ? order.previousStatus : null;
  // a partial fill while a request is in flight changes where the order goes back to
  if (e.type === 'OrderFilled' && status === order.status && (status === 'pending-cancel' || status === 'pending-modify' || status === 'unknown')) previousStatus = 'partially-filled';
  return { ok: true, order: { ...next, status, previousStatus } };
}

function checkFill(order: Order, e: OrderFilled): string | null {
  if (!e.lastQty.isPositive()) return `fill ${e.tradeId} of order ${order.clientOrderId} has a quantity of ${e.lastQty}`;
  if (!e.lastPx.isPositive()) return `fill ${e.tradeId} of order ${order.clientOrderId} has a price of ${e.lastPx}`;
  const total = order.filledQty.add(e.lastQty);
  if (total.gt(order.spec.quantity)) return `fill ${e.tradeId} would overfill order ${order.clientOrderId} (${total} of ${order.spec.quantity})`;
  return null;
}

/** Rebuilds orders from journaled events (in journal order); refused events are returned, not applied. */
export function replayOrderEvents(events: Iterable<OrderEvent>): { orders: Map<string, Order>; refused: { event: OrderEvent; reason: string }[] } {
  const orders = new Map<string, Order>();
  const refused: { event: OrderEvent; reason: string }[] = [];
  for (const e of events) {
    const r = applyOrderEvent(orders.get(e.clientOrderId) ?? null, e);
    if (r.ok) orders.set(e.clientOrderId, r.order);
    else refused.push({ event: e, reason: r.reason });
  }
  return { orders, refused };
}
