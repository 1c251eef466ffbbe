import type { OrderSide, OrderStatus, OrderType, OrderView } from '../model/orders';

/** An order inside the simulated broker; strategies see it through `OrderView` (read-only). */
export class SimOrder implements OrderView {
  // `declare`: assigned in the constructor only. Emitted as class fields (ES2022) they were first
  // defined as undefined, so V8 kept them tagged and every double written to one (the average
  // price at each fill) was a fresh heap number. (Turning class fields off for the whole engine,
  // useDefineForClassFields false, made the warm event loop ~30% slower: not that.)
  declare filled: number;
  declare avgPrice: number;
  declare status: OrderStatus;
  declare reason: string | null;
  declare triggered: boolean;
  /** Matched only in steps after this one (an order never fills in the bar it was created in). */
  declare activeAfterStep: number;
  /** Bracket exits wait (unmatched) until the entry has filled. */
  declare waitingForParent: boolean;

  constructor(
    /** 1, 2, 3, … in submission order; the id is `o<seq>`. */
    readonly seq: number,
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

  /** Made when read: most orders of a backtest are never asked for their id, and a string per order was a third of what the order path allocated. */
  get id(): string {
    return `o${this.seq}`;
  }

  get remaining(): number {
    return this.size - this.filled;
  }

  get working(): boolean {
    return this.status === 'accepted' || this.status === 'partially-filled';
  }
}
