/**
 * The seam between the strategy runtime and whatever executes orders: the simulated broker of a
 * backtest, and later the paper and live brokers. The runtime speaks only this interface.
 * Instruments are addressed by their index in the run's symbol list (fast in the hot loop).
 */
import type { AccountView, PortfolioView, PositionView } from './api';
import type { FillView, OrderChanges, OrderRequest, OrderView } from '../model/orders';

export interface OrderLinks {
  /** Orders sharing a group: the first to fill cancels the others. */
  ocoGroup?: string;
  /** Bracket exit: held until this order fills, cancelled with it. */
  parentId?: string;
}

export interface Broker {
  submit(inst: number, request: OrderRequest, links?: OrderLinks): OrderView;
  cancel(orderId: string, reason?: string): boolean;
  /** Cancels every working order of one instrument; returns how many. */
  cancelAllOf(inst: number, reason?: string): number;
  modify(orderId: string, changes: OrderChanges): boolean;
  /** Working orders (accepted, partially filled, or bracket exits waiting for their entry), oldest first. */
  openOrders(inst?: number): OrderView[];
  position(inst: number): PositionView;
  readonly portfolio: PortfolioView;
  readonly account: AccountView;
  /** The last known price of an instrument (last close in a backtest). */
  lastPrice(inst: number): number;
  /** Rounds a size down to the instrument's lot. */
  roundSize(inst: number, size: number): number;
}

/** What a broker reports back; the runtime turns these into `onOrder` / `onFill` calls. */
export interface BrokerListener {
  orderChanged(order: OrderView): void;
  filled(fill: FillView, inst: number): void;
}
