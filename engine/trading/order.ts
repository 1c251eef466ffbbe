/**
 * A live order: what was asked for (`OrderSpec`, decimals) and where it stands (`Order`, rebuilt
 * from its events by `applyOrderEvent`). The backtest's float64 orders are in `engine/model/orders.ts`.
 */
import type { ClientOrderId, InstrumentId } from '../../shared/ids';
import type { Decimal } from './decimal';
import type { AccountId, StrategyId, VenueOrderId } from './identifiers';

export type OrderSide = 'buy' | 'sell';
export type OrderKind = 'market' | 'limit' | 'stop-market' | 'stop-limit' | 'take-profit';
/** `post-only` is a limit order the venue must refuse (not fill) if it would take liquidity. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'post-only';

/**
 * `initialized` — created and journaled, not sent; `held` — journaled and kept here on purpose (a
 * bracket exit until its entry fills, a stop the venue cannot hold until its trigger is crossed;
 * see `emulation/`), sent later through `submitted` like any other order; `denied` — refused by the pre-trade check
 * (never sent); `submitted` — sent, no answer yet; `unknown` — the outcome of a request is not
 * known (timeout, network error, restart with a request in flight) until the venue is asked by
 * client order id.
 */
export type OrderStatus =
  | 'initialized'
  | 'held'
  | 'denied'
  | 'submitted'
  | 'accepted'
  | 'pending-cancel'
  | 'pending-modify'
  | 'partially-filled'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired'
  | 'unknown';

export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['denied', 'filled', 'canceled', 'rejected', 'expired']);
/** A request to the venue is in flight: after a restart these become `unknown`. */
export const IN_FLIGHT_STATUSES: ReadonlySet<OrderStatus> = new Set(['initialized', 'submitted', 'pending-cancel', 'pending-modify']);
/** Working at the venue (may fill). */
export const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['accepted', 'partially-filled', 'pending-cancel', 'pending-modify']);

export function isFinal(s: OrderStatus): boolean {
  return FINAL_STATUSES.has(s);
}

/** What is asked for. Quantities are positive; the side gives the direction. */
export interface OrderSpec {
  instrumentId: InstrumentId;
  side: OrderSide;
  kind: OrderKind;
  quantity: Decimal;
  /** `limit`, `stop-limit`, and a limit `take-profit`. */
  price?: Decimal;
  /** `stop-market`, `stop-limit`, `take-profit`. */
  triggerPrice?: Decimal;
  timeInForce: TimeInForce;
  reduceOnly: boolean;
  /**
   * Orders sharing a group: a fill of one cancels the others (a partial fill shrinks them by as
   * much). Always done here, by the order emulator, never with a venue's OCO lists.
   */
  ocoGroup?: string;
  /** Bracket exit of this entry: held until the entry fills, sized to what the entry filled. */
  parentId?: ClientOrderId;
  tag?: string;
}

/** An order's current state (derived from its events; never edited directly). */
export interface Order {
  readonly clientOrderId: ClientOrderId;
  readonly accountId: AccountId;
  readonly strategyId: StrategyId;
  readonly spec: OrderSpec;
  /** The quantity first asked for (an OCO member's share of the group; `spec.quantity` may shrink). */
  readonly initialQuantity: Decimal;
  /**
   * The trigger (`stop-*`, `take-profit`) is watched here, not at the venue: the order is held
   * until the price crosses it, then sent as a market (or, with a price, a limit) order.
   */
  readonly emulatedTrigger: boolean;
  readonly status: OrderStatus;
  /** The status before a pending-cancel / pending-modify / unknown, to return to when a request fails. */
  readonly previousStatus: OrderStatus | null;
  readonly venueOrderId: VenueOrderId | null;
  readonly filledQty: Decimal;
  /** Σ price × quantity over the fills (exact): the average price is this / filledQty. */
  readonly filledNotional: Decimal;
  readonly fee: Decimal;
  /** Why it was denied, rejected, canceled or became unknown. */
  readonly reason: string | null;
  /** Events applied so far (a version number). */
  readonly eventCount: number;
  readonly tsInit: number;
  readonly tsLast: number;
}

/** Average fill price (12 places, half-even), or null before the first fill. */
export function averagePrice(o: Pick<Order, 'filledQty' | 'filledNotional'>): Decimal | null {
  return o.filledQty.isZero() ? null : o.filledNotional.div(o.filledQty, 12, 'half-even');
}

/** Whether an order kind waits for a trigger price. */
export function hasTrigger(kind: OrderKind): boolean {
  return kind === 'stop-market' || kind === 'stop-limit' || kind === 'take-profit';
}

/**
 * What goes to the venue for an order whose trigger was watched here: the order the trigger
 * releases (market, or limit at the order's price).
 */
export function releasedSpec(o: Pick<Order, 'spec' | 'emulatedTrigger'>): OrderSpec {
  if (!o.emulatedTrigger) return o.spec;
  const { triggerPrice: _trigger, price, ...rest } = o.spec;
  const limit = price !== undefined && o.spec.kind !== 'stop-market';
  return limit ? { ...rest, kind: 'limit', price } : { ...rest, kind: 'market' };
}

export function leavesQty(o: Pick<Order, 'spec' | 'filledQty'>): Decimal {
  return o.spec.quantity.sub(o.filledQty);
}
