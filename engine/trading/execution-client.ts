/**
 * The seam between the order manager and a venue: the paper broker and the ccxt broker
 * (`engine/brokers/{paper,ccxt}`) implement it, unit tests use a fake. Everything is in decimals
 * and our ids; the client maps them to the venue's. The client owns timeouts, rate limits and
 * stream reconnection (with backoff); it reports failures as `ExecutionError`s so the order
 * manager can tell "refused" (safe to treat as not placed) from "no answer" (unknown).
 */
import type { ClientOrderId, InstrumentId } from '../../shared/ids';
import type { Decimal } from './decimal';
import type { AccountId, TradeId, VenueOrderId } from './identifiers';
import type { OrderSide, OrderSpec } from './order';

export type ExecutionErrorKind =
  /** The venue answered and refused (bad params, insufficient funds, post-only would cross…): nothing was placed. */
  | 'rejected'
  /** The venue answered: no such order (cancel/modify/query). */
  | 'not-found'
  /** No answer in time: the request may or may not have reached the venue. */
  | 'timeout'
  /** Connection failed or dropped mid-request: same as a timeout for a create. */
  | 'network'
  /** Rate limited before sending: nothing was sent. */
  | 'rate-limited'
  /** Key refused. */
  | 'auth';

/** What an `ExecutionClient` throws. Messages never contain a key or a signed request. */
export class ExecutionError extends Error {
  constructor(
    readonly kind: ExecutionErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ExecutionError';
  }
}

export function isExecutionError(e: unknown): e is ExecutionError {
  return e instanceof ExecutionError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ExecutionError');
}

/** An error kind after which we know the request did not take effect at the venue. */
export function definitelyNotApplied(e: unknown): boolean {
  return isExecutionError(e) && (e.kind === 'rejected' || e.kind === 'rate-limited' || e.kind === 'auth' || e.kind === 'not-found');
}

export type VenueOrderStatus = 'open' | 'partially-filled' | 'filled' | 'canceled' | 'rejected' | 'expired';

/** The venue's view of one order. */
export interface OrderStatusReport {
  accountId: AccountId;
  instrumentId: InstrumentId;
  /** Null for an order not placed by us (or whose client id the venue dropped). */
  clientOrderId: ClientOrderId | null;
  venueOrderId: VenueOrderId;
  side: OrderSide;
  status: VenueOrderStatus;
  quantity: Decimal;
  filledQty: Decimal;
  price: Decimal | null;
  avgPx: Decimal | null;
  /** Venue time of the last change (UTC ms). */
  tsEvent: number;
}

/** The venue's view of one execution. */
export interface FillReport {
  accountId: AccountId;
  instrumentId: InstrumentId;
  clientOrderId: ClientOrderId | null;
  venueOrderId: VenueOrderId;
  tradeId: TradeId;
  side: OrderSide;
  quantity: Decimal;
  price: Decimal;
  fee: Decimal;
  feeCurrency: string;
  liquidity: 'maker' | 'taker' | null;
  tsEvent: number;
}

export interface BalanceReport {
  currency: string;
  total: Decimal;
  /** Frozen by open orders. */
  reserved: Decimal;
}

export interface SubmitOrder {
  clientOrderId: ClientOrderId;
  spec: OrderSpec;
}

export interface ModifyOrder {
  clientOrderId: ClientOrderId;
  /** The order as the venue holds it now (its kind and trigger: a stop stays a stop). */
  current?: OrderSpec;
  venueOrderId: VenueOrderId | null;
  instrumentId: InstrumentId;
  quantity?: Decimal;
  price?: Decimal;
  triggerPrice?: Decimal;
}

export interface OrderRef {
  clientOrderId: ClientOrderId;
  venueOrderId: VenueOrderId | null;
  instrumentId: InstrumentId;
}

/** What a venue does itself for an instrument; what it lacks the order manager emulates. */
export interface VenueCapabilities {
  stopMarket: boolean;
  stopLimit: boolean;
  takeProfit: boolean;
  /** Orders one batch request may carry (0: no batch endpoint; batches go one by one). */
  batchMax: number;
}

/** One order's outcome in a batch: the venue's report, or what went wrong for that order alone. */
export type BatchOutcome = { ok: true; report: OrderStatusReport } | { ok: false; error: unknown };

/** Pushed by the client's streams (or its REST polling fallback). Duplicates are expected. */
export interface ExecutionListener {
  orderUpdated(report: OrderStatusReport): void;
  filled(fill: FillReport): void;
  /** The stream dropped (and the client is reconnecting) or came back: reconcile after a gap. */
  connectionChanged?(connected: boolean): void;
}

export interface ExecutionClient {
  readonly accountId: AccountId;
  /**
   * Places an order under our client order id. Resolves with the venue's report once the venue
   * has answered (accepted, or already filled/canceled for IOC/FOK/market). Throws
   * `ExecutionError`: `rejected` when refused; `timeout`/`network` when the outcome is unknown.
   */
  submit(order: SubmitOrder): Promise<OrderStatusReport>;
  /** Requests a cancel; resolves when the venue acknowledged it (the report says canceled or already filled). */
  cancel(order: OrderRef): Promise<OrderStatusReport>;
  /** Changes price/quantity (cancel-replace on venues without edit); resolves with the new report. */
  modify(order: ModifyOrder): Promise<OrderStatusReport>;
  /**
   * The venue's report for one of our orders, searched by client order id among open and recent
   * closed orders. Resolves null only when the venue answered and does not know the order; throws
   * when it could not be asked.
   */
  queryOrder(clientOrderId: ClientOrderId, instrumentId: InstrumentId): Promise<OrderStatusReport | null>;
  /** Every execution of one order (for resolving an unknown order and reconciliation). */
  fillsOfOrder(order: OrderRef): Promise<FillReport[]>;
  openOrders(instrumentId?: InstrumentId): Promise<OrderStatusReport[]>;
  /** Executions since a time (UTC ms), for reconciliation. */
  fillsSince(since: number, instrumentId?: InstrumentId): Promise<FillReport[]>;
  balances(): Promise<BalanceReport[]>;
  /** Starts the order and fill streams; returns an unsubscribe. */
  subscribe(listener: ExecutionListener): () => void;
  /** What the venue does itself; a client without it is taken to hold every order kind (paper). */
  capabilities?(instrumentId: InstrumentId): Promise<VenueCapabilities>;
  /**
   * Places several orders, in one request where the venue has a batch endpoint, else one by one.
   * Resolves with one outcome per order, in order; never retries a create.
   */
  submitBatch?(orders: SubmitOrder[]): Promise<BatchOutcome[]>;
}
