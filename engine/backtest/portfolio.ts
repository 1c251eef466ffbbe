import type { OrderSide } from '../model/orders';

/**
 * Cash and positions of a simulated account, in float64. Cash moves by the full notional on every
 * fill (a short's proceeds are cash, its liability the negative position), so
 * equity = cash + Σ size × mark × multiplier, for longs and shorts alike.
 *
 * Marks are the close of each instrument's newest closed bar (its cursor), read when something
 * asks (`refreshMarks`): the event loop does not touch them per bar, and the equity curve is
 * marked after the loop from the position history (mark-to-market.ts), one column at a time.
 */
export class Portfolio {
  /** `declare`d: assigned in the constructor, so V8 keeps it a double field (see sim-order.ts). */
  declare cash: number;
  readonly size: Float64Array;
  readonly avgPrice: Float64Array;
  readonly realized: Float64Array;
  /** Close of each open position's newest closed bar, as of the last `refreshMarks` (flat instruments: stale). */
  readonly mark: Float64Array;
  readonly multiplier: Float64Array;
  /** Units bought on `buyDay` (exchange day number), for T+1. */
  readonly boughtToday: Float64Array;
  readonly buyDay: Float64Array;
  totalFees = 0;

  constructor(
    readonly n: number,
    readonly initialCapital: number,
    multipliers: ArrayLike<number> | undefined,
    /** Each instrument's close column and cursor (index of its newest closed bar). */
    private readonly closes: readonly Float64Array[],
    private readonly cursors: readonly { i: number }[],
  ) {
    this.cash = initialCapital;
    this.size = new Float64Array(n);
    this.avgPrice = new Float64Array(n).fill(NaN);
    this.realized = new Float64Array(n);
    this.mark = new Float64Array(n).fill(NaN);
    this.multiplier = new Float64Array(n).fill(1);
    if (multipliers) for (let k = 0; k < n; k++) this.multiplier[k] = multipliers[k];
    this.boughtToday = new Float64Array(n);
    this.buyDay = new Float64Array(n).fill(NaN);
  }

  /** Applies a fill; returns the realised PnL (gross of fees) of the part that closed exposure. */
  apply(k: number, side: OrderSide, qty: number, price: number, fee: number, exchangeDay: number): number {
    const m = this.multiplier[k];
    const buy = side === 'buy';
    const signed = buy ? qty : -qty;
    this.cash -= signed * price * m + fee;
    this.totalFees += fee;
    if (buy) {
      if (this.buyDay[k] !== exchangeDay) {
        this.buyDay[k] = exchangeDay;
        this.boughtToday[k] = 0;
      }
      this.boughtToday[k] += qty;
    }
    const prev = this.size[k];
    const next = prev + signed;
    const flat = Math.abs(next) < 1e-12 * Math.max(1, Math.abs(prev));
    let realized = 0;
    if (prev === 0 || (prev > 0) === buy) {
      // Opening or adding: the average entry moves.
      this.avgPrice[k] = prev === 0 ? price : (this.avgPrice[k] * Math.abs(prev) + price * qty) / Math.abs(next);
    } else {
      const closed = qty < Math.abs(prev) ? qty : Math.abs(prev);
      realized = (price - this.avgPrice[k]) * closed * (prev > 0 ? m : -m);
      if (flat) this.avgPrice[k] = NaN;
      else if ((next > 0) !== (prev > 0)) this.avgPrice[k] = price; // reversed: the remainder opened here
    }
    this.size[k] = flat ? 0 : next;
    this.realized[k] += realized;
    return realized;
  }

  /** Units that can be sold now: T+1 holds back today's buys. */
  sellable(k: number, exchangeDay: number, tPlusOne: boolean): number {
    const s = this.size[k];
    if (s <= 0) return 0;
    if (!tPlusOne || this.buyDay[k] !== exchangeDay) return s;
    return Math.max(0, s - this.boughtToday[k]);
  }

  /**
   * Marks every open position at the close of its newest closed bar. Flat instruments are
   * skipped: nothing reads their mark, and each read is likely a cache miss (the event loop
   * does not stream the close columns).
   */
  refreshMarks(): void {
    for (let k = 0; k < this.n; k++) if (this.size[k] !== 0) this.mark[k] = this.markOf(k);
  }

  private markOf(k: number): number {
    const i = this.cursors[k].i;
    return i >= 0 ? this.closes[k][i] : NaN;
  }

  equity(): number {
    this.refreshMarks();
    return this.equityAtMarks();
  }

  /** Equity at the marks as they stand (the broker's margin check prices one instrument at its fill). */
  equityAtMarks(): number {
    let e = this.cash;
    const size = this.size;
    for (let k = 0; k < this.n; k++) if (size[k] !== 0) e += size[k] * this.mark[k] * this.multiplier[k];
    return e;
  }

  grossExposure(): number {
    this.refreshMarks();
    return this.grossAtMarks();
  }

  grossAtMarks(): number {
    let g = 0;
    for (let k = 0; k < this.n; k++) if (this.size[k] !== 0) g += Math.abs(this.size[k] * this.mark[k] * this.multiplier[k]);
    return g;
  }

  netExposure(): number {
    this.refreshMarks();
    let g = 0;
    for (let k = 0; k < this.n; k++) if (this.size[k] !== 0) g += this.size[k] * this.mark[k] * this.multiplier[k];
    return g;
  }

  unrealized(k: number): number {
    const s = this.size[k];
    if (s === 0) return 0;
    this.mark[k] = this.markOf(k);
    return (this.mark[k] - this.avgPrice[k]) * s * this.multiplier[k];
  }
}
