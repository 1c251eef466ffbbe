import type { OrderSide } from '../model/orders';

/** A round trip: from flat to flat (a reversal closes one trade and opens the next). Quote currency, float64. */
export interface Trade {
  id: number;
  symbol: string;
  direction: 'long' | 'short';
  /** Largest absolute size held during the trade. */
  size: number;
  entryTs: number;
  entryBar: number;
  /** Average entry price over the fills that opened or added. */
  entryPrice: number;
  exitTs: number | null;
  exitBar: number | null;
  /** Average exit price over the fills that reduced or closed (null while open). */
  exitPrice: number | null;
  /** Realised PnL before fees. */
  grossPnl: number;
  fees: number;
  netPnl: number;
  /** netPnl / (entryPrice × size × multiplier). */
  returnPct: number;
  /** Maximum adverse excursion: the worst unrealised PnL during the trade (≤ 0), from bar lows/highs. */
  mae: number;
  /** Maximum favourable excursion: the best unrealised PnL (≥ 0). */
  mfe: number;
  /** Bars of the instrument from the entry fill's bar to the exit fill's bar. */
  barsHeld: number;
  open: boolean;
}

/** Builds round-trip trades from fills, and tracks MAE/MFE from the bars in between. */
export class TradeTracker {
  readonly trades: Trade[] = [];
  private readonly current: (Trade | null)[];
  private readonly exitQty: Float64Array;
  private readonly heldQty: Float64Array;

  constructor(
    private readonly symbols: readonly string[],
    private readonly multiplier: Float64Array,
  ) {
    this.current = symbols.map(() => null);
    this.exitQty = new Float64Array(symbols.length);
    this.heldQty = new Float64Array(symbols.length);
  }

  isOpen(k: number): boolean {
    return this.current[k] !== null;
  }

  /** Records a fill; `prevSize` and `newSize` are the signed position before and after. */
  fill(k: number, side: OrderSide, qty: number, price: number, fee: number, ts: number, bar: number, prevSize: number, newSize: number, realized: number): void {
    const m = this.multiplier[k];
    let t = this.current[k];
    if (t === null || Math.sign(newSize) === Math.sign(prevSize) && Math.abs(newSize) > Math.abs(prevSize)) {
      if (t === null) {
        t = this.open(k, side, ts, bar, price);
        this.heldQty[k] = 0;
      }
      // Opening or adding.
      const held = this.heldQty[k];
      t.entryPrice = (t.entryPrice * held + price * qty) / (held + qty);
      this.heldQty[k] = held + qty;
      t.size = Math.max(t.size, Math.abs(newSize));
      t.fees += fee;
      this.excursion(k, price, price);
      return;
    }
    // Reducing, closing or reversing.
    const closing = Math.min(qty, Math.abs(prevSize));
    const closeFee = fee * (closing / qty);
    const ex = this.exitQty[k];
    t.exitPrice = ((t.exitPrice ?? 0) * ex + price * closing) / (ex + closing);
    this.exitQty[k] = ex + closing;
    t.grossPnl += realized;
    t.fees += closeFee;
    this.excursion(k, price, price);
    if (newSize === 0 || Math.sign(newSize) !== Math.sign(prevSize)) {
      this.close(k, t, ts, bar, m);
      if (newSize !== 0) {
        const n = this.open(k, side, ts, bar, price);
        n.entryPrice = price;
        n.size = Math.abs(newSize);
        n.fees = fee - closeFee;
        this.heldQty[k] = Math.abs(newSize);
      }
    }
  }

  /** Updates MAE/MFE of the open trade from one bar's range. */
  excursion(k: number, high: number, low: number): void {
    const t = this.current[k];
    if (t === null) return;
    const q = this.heldQty[k] - this.exitQty[k];
    const m = this.multiplier[k];
    const up = (high - t.entryPrice) * q * m;
    const down = (low - t.entryPrice) * q * m;
    const fav = t.direction === 'long' ? up : -down;
    const adv = t.direction === 'long' ? down : -up;
    if (fav > t.mfe) t.mfe = fav;
    if (adv < t.mae) t.mae = adv;
  }

  private open(k: number, side: OrderSide, ts: number, bar: number, price: number): Trade {
    const t: Trade = {
      id: this.trades.length + 1,
      symbol: this.symbols[k],
      direction: side === 'buy' ? 'long' : 'short',
      size: 0,
      entryTs: ts,
      entryBar: bar,
      entryPrice: price,
      exitTs: null,
      exitBar: null,
      exitPrice: null,
      grossPnl: 0,
      fees: 0,
      netPnl: 0,
      returnPct: 0,
      mae: 0,
      mfe: 0,
      barsHeld: 0,
      open: true,
    };
    this.trades.push(t);
    this.current[k] = t;
    this.exitQty[k] = 0;
    return t;
  }

  private close(k: number, t: Trade, ts: number, bar: number, m: number): void {
    t.exitTs = ts;
    t.exitBar = bar;
    t.barsHeld = bar - t.entryBar;
    t.netPnl = t.grossPnl - t.fees;
    t.returnPct = t.netPnl / (t.entryPrice * t.size * m);
    t.open = false;
    this.current[k] = null;
  }

  /** Marks open trades at the last prices (for the results; they stay `open`). */
  finish(lastBar: Int32Array, mark: Float64Array): void {
    for (let k = 0; k < this.current.length; k++) {
      const t = this.current[k];
      if (t === null) continue;
      const q = this.heldQty[k] - this.exitQty[k];
      const unreal = (mark[k] - t.entryPrice) * q * this.multiplier[k] * (t.direction === 'long' ? 1 : -1);
      t.netPnl = t.grossPnl + unreal - t.fees;
      t.returnPct = t.netPnl / (t.entryPrice * t.size * this.multiplier[k]);
      t.barsHeld = lastBar[k] - t.entryBar;
    }
  }
}
