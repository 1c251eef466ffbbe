import type { OrderSide, OrderStatus, OrderType, OrderView } from '../model/orders';
import type { Interner } from './columns';

// Fields of an order's row in the broker's order log. The row is the order's state while it works
// and its record once it is final: nothing is copied when an order finishes.
export const O_INST = 0;
/** 1 buy, −1 sell. */
export const O_SIDE = 1;
/** Index in `ORDER_TYPES`. */
export const O_TYPE = 2;
export const O_SIZE = 3;
export const O_FILLED = 4;
/** NaN: none. */
export const O_LIMIT = 5;
export const O_STOP = 6;
/** Index in `ORDER_STATUSES`. */
export const O_STATUS = 7;
export const O_AVG_PRICE = 8;
export const O_REDUCE_ONLY = 9;
/** String ids (see Interner), −1 for none. */
export const O_TAG = 10;
/** The bracket entry's seq, −1 for none. */
export const O_PARENT = 11;
export const O_OCO = 12;
export const O_REASON = 13;
export const O_CREATED_AT = 14;
/** Matched only in steps after this one (an order never fills in the bar it was created in). */
export const O_ACTIVE_AFTER = 15;
/** A stop-limit whose stop was reached (1) works as a limit. */
export const O_TRIGGERED = 16;
/** A bracket exit (1) waits, unmatched, until its entry has filled. */
export const O_WAITING = 17;
export const ORDER_STRIDE = 18;

export const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stop-limit'];
export const ORDER_STATUSES: readonly OrderStatus[] = ['accepted', 'partially-filled', 'filled', 'cancelled', 'rejected'];
export const ST_ACCEPTED = 0;
export const ST_PARTIAL = 1;
export const ST_FILLED = 2;
export const ST_CANCELLED = 3;
export const ST_REJECTED = 4;

/** What an order's getters need besides its row: the run's symbols and strings. */
export interface OrderBook {
  readonly symbols: readonly string[];
  readonly strings: Interner;
}

/**
 * An order inside the simulated broker, as strategies see it (read-only). Its state is its row in
 * the order log (`d[o + field]`), not fields of its own: an object holding doubles keeps each in a
 * heap box, and orders were most of what a trading run allocated. The row outlives the object's
 * use: the log goes back to the buffer pool only after the run's results are made.
 */
export class SimOrder implements OrderView {
  constructor(
    private readonly book: OrderBook,
    /** 1, 2, 3, … in submission order; the id is `o<seq>`. */
    readonly seq: number,
    /** The log segment holding the row, and the row's offset in it. */
    readonly d: Float64Array,
    readonly o: number,
  ) {}

  /** Made when read: most orders of a backtest are never asked for their id. */
  get id(): string {
    return `o${this.seq}`;
  }
  get symbol(): string {
    return this.book.symbols[this.d[this.o + O_INST]];
  }
  get side(): OrderSide {
    return this.d[this.o + O_SIDE] > 0 ? 'buy' : 'sell';
  }
  get type(): OrderType {
    return ORDER_TYPES[this.d[this.o + O_TYPE]];
  }
  get size(): number {
    return this.d[this.o + O_SIZE];
  }
  get filled(): number {
    return this.d[this.o + O_FILLED];
  }
  get remaining(): number {
    return this.d[this.o + O_SIZE] - this.d[this.o + O_FILLED];
  }
  get limitPrice(): number | null {
    return nullIfNaN(this.d[this.o + O_LIMIT]);
  }
  get stopPrice(): number | null {
    return nullIfNaN(this.d[this.o + O_STOP]);
  }
  get status(): OrderStatus {
    return ORDER_STATUSES[this.d[this.o + O_STATUS]];
  }
  get working(): boolean {
    return this.d[this.o + O_STATUS] <= ST_PARTIAL;
  }
  get avgPrice(): number {
    return this.d[this.o + O_AVG_PRICE];
  }
  get reduceOnly(): boolean {
    return this.d[this.o + O_REDUCE_ONLY] === 1;
  }
  get tag(): string | null {
    return this.book.strings.value(this.d[this.o + O_TAG]);
  }
  get parentId(): string | null {
    const p = this.d[this.o + O_PARENT];
    return p < 0 ? null : `o${p}`;
  }
  get ocoGroup(): string | null {
    return this.book.strings.value(this.d[this.o + O_OCO]);
  }
  get reason(): string | null {
    return this.book.strings.value(this.d[this.o + O_REASON]);
  }
  get createdAt(): number {
    return this.d[this.o + O_CREATED_AT];
  }

  /** The order as a plain object (for results and messages: no getters, no link to the log). */
  toJSON(): OrderView {
    return orderFromRow(this.book, this.seq, this.d, this.o);
  }
}

/** Row `o` of segment `d` (order `seq`) as a plain object. */
export function orderFromRow(book: OrderBook, seq: number, d: Float64Array, o: number): OrderView {
  const p = d[o + O_PARENT];
  return {
    id: `o${seq}`,
    symbol: book.symbols[d[o + O_INST]],
    side: d[o + O_SIDE] > 0 ? 'buy' : 'sell',
    type: ORDER_TYPES[d[o + O_TYPE]],
    size: d[o + O_SIZE],
    filled: d[o + O_FILLED],
    limitPrice: nullIfNaN(d[o + O_LIMIT]),
    stopPrice: nullIfNaN(d[o + O_STOP]),
    status: ORDER_STATUSES[d[o + O_STATUS]],
    avgPrice: d[o + O_AVG_PRICE],
    reduceOnly: d[o + O_REDUCE_ONLY] === 1,
    tag: book.strings.value(d[o + O_TAG]),
    parentId: p < 0 ? null : `o${p}`,
    ocoGroup: book.strings.value(d[o + O_OCO]),
    reason: book.strings.value(d[o + O_REASON]),
    createdAt: d[o + O_CREATED_AT],
  };
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
