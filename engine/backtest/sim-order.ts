import type { OrderSide, OrderStatus, OrderType, OrderView } from '../model/orders';

/** An order inside the simulated broker; strategies see it through `OrderView` (read-only). */
export class SimOrder implements OrderView {
  // Plain assignments in the constructor (not class fields): cheaper to construct in V8.
  filled: number;
  avgPrice: number;
  status: OrderStatus;
  reason: string | null;
  triggered: boolean;
  /** Matched only in steps after this one (an order never fills in the bar it was created in). */
  activeAfterStep: number;
  /** Bracket exits wait (unmatched) until the entry has filled. */
  waitingForParent: boolean;

  constructor(
    /** 1, 2, 3, … in submission order; the id is `o<seq>`. */
    readonly seq: number,
    readonly id: string,
    readonly inst: number,
    readonly symbol: string,
    readonly side: OrderSide,
    readonly type: OrderType,
    public size: number,
    public limitPrice: number | null,
    public stopPrice: number | null,
    readonly reduceOnly: boolean,
    readonly tag: string | null,
    readonly parentId: string | null,
    readonly ocoGroup: string | null,
    readonly createdAt: number,
    step: number,
    /** The tag's id in the broker's string table (interned once, not per fill). */
    readonly tagId: number,
  ) {
    this.filled = 0;
    this.avgPrice = NaN;
    this.status = 'accepted';
    this.reason = null;
    this.triggered = false;
    this.activeAfterStep = step;
    this.waitingForParent = parentId !== null;
  }

  get remaining(): number {
    return this.size - this.filled;
  }

  get working(): boolean {
    return this.status === 'accepted' || this.status === 'partially-filled';
  }
}
