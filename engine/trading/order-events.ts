/**
 * Order events, past tense. Each carries `tsEvent` (when it happened, venue time where the venue
 * says) and `tsInit` (when we created the event). Every applied event is written to `journal.db`;
 * replaying an order's events through `applyOrderEvent` rebuilds it exactly.
 */
import type { ClientOrderId } from '../../shared/ids';
import type { Decimal } from './decimal';
import type { AccountId, StrategyId, TradeId, VenueOrderId } from './identifiers';
import type { OrderSpec } from './order';

interface OrderEventBase {
  clientOrderId: ClientOrderId;
  accountId: AccountId;
  tsEvent: number;
  tsInit: number;
}

/** The intent: written before anything is sent. */
export interface OrderInitialized extends OrderEventBase {
  type: 'OrderInitialized';
  strategyId: StrategyId;
  spec: OrderSpec;
  /** Kept here (status `held`) until the order emulator releases it; absent on older journals. */
  held?: boolean;
  /** The trigger is watched here, not at the venue (`Order.emulatedTrigger`). */
  emulatedTrigger?: boolean;
}
/** Refused by the pre-trade check; never sent. */
export interface OrderDenied extends OrderEventBase {
  type: 'OrderDenied';
  reason: string;
}
/** About to be sent (journaled before the request goes out). */
export interface OrderSubmitted extends OrderEventBase {
  type: 'OrderSubmitted';
}
export interface OrderAccepted extends OrderEventBase {
  type: 'OrderAccepted';
  venueOrderId: VenueOrderId;
}
export interface OrderRejected extends OrderEventBase {
  type: 'OrderRejected';
  reason: string;
}
/** A request's outcome is not known (timeout, network error, restart with a request in flight). */
export interface OrderBecameUnknown extends OrderEventBase {
  type: 'OrderBecameUnknown';
  reason: string;
}
export interface OrderPendingCancel extends OrderEventBase {
  type: 'OrderPendingCancel';
}
export interface OrderCancelRejected extends OrderEventBase {
  type: 'OrderCancelRejected';
  reason: string;
}
export interface OrderCanceled extends OrderEventBase {
  type: 'OrderCanceled';
  reason?: string;
}
export interface OrderExpired extends OrderEventBase {
  type: 'OrderExpired';
}
export interface OrderPendingModify extends OrderEventBase {
  type: 'OrderPendingModify';
}
export interface OrderModifyRejected extends OrderEventBase {
  type: 'OrderModifyRejected';
  reason: string;
}
/** The venue confirmed new terms. */
export interface OrderModified extends OrderEventBase {
  type: 'OrderModified';
  quantity?: Decimal;
  price?: Decimal;
  triggerPrice?: Decimal;
  /** Some venues give a modified order a new id (cancel-replace). */
  venueOrderId?: VenueOrderId;
}
/** One execution; `tradeId` is unique per account, which is what makes fills idempotent. */
export interface OrderFilled extends OrderEventBase {
  type: 'OrderFilled';
  venueOrderId: VenueOrderId | null;
  tradeId: TradeId;
  lastQty: Decimal;
  lastPx: Decimal;
  fee: Decimal;
  feeCurrency: string;
  liquidity: 'maker' | 'taker' | null;
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderBecameUnknown
  | OrderPendingCancel
  | OrderCancelRejected
  | OrderCanceled
  | OrderExpired
  | OrderPendingModify
  | OrderModifyRejected
  | OrderModified
  | OrderFilled;

export type OrderEventType = OrderEvent['type'];
