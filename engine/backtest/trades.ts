import type { OrderSide } from '../model/orders';
import { RecordLog } from './columns';

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
  /** Average exit price over the fills that reduced or closed (null while nothing was sold back). */
  exitPrice: number | null;
  /** Realised PnL before fees (open trades: plus the unrealised PnL at the last close). */
  grossPnl: number;
  fees: number;
  netPnl: number;
  /** netPnl / (entryPrice × size × multiplier). */
  returnPct: number;
  /** Maximum adverse excursion: the worst unrealised PnL during the trade (≤ 0), from bar lows/highs. */
  mae: number;
  /** Maximum favourable excursion: the best unrealised PnL (≥ 0). */
  mfe: number;
  /** Bars of the instrument from the entry fill's bar to the exit fill's bar (or the last bar). */
  barsHeld: number;
  open: boolean;
}

// Field offsets of a closed-trade record (see RecordLog).
const T_ID = 0;
const T_INST = 1;
const T_DIR = 2;
const T_SIZE = 3;
const T_ENTRY_TS = 4;
const T_ENTRY_BAR = 5;
const T_ENTRY_PRICE = 6;
const T_EXIT_TS = 7;
const T_EXIT_BAR = 8;
const T_EXIT_PRICE = 9;
const T_GROSS_PNL = 10;
const T_FEES = 11;
const T_MAE = 12;
const T_MFE = 13;
const STRIDE = 14;

/**
 * Builds round-trip trades from fills and tracks MAE/MFE from the bars in between. The open trade
 * of each instrument lives in typed arrays; closed trades go to a column log (no objects per trade).
 */
export class TradeTracker {
  private readonly log = new RecordLog(STRIDE);
  private nextId = 1;
  // The open trade per instrument (dir 0 = none).
  private readonly id: Float64Array;
  private readonly dir: Float64Array;
  private readonly size: Float64Array;
  private readonly entryTs: Float64Array;
  private readonly entryBar: Float64Array;
  private readonly entryPrice: Float64Array;
  private readonly heldQty: Float64Array;
  private readonly exitQty: Float64Array;
  private readonly exitPrice: Float64Array;
  private readonly grossPnl: Float64Array;
  private readonly fees: Float64Array;
  private readonly mae: Float64Array;
  private readonly mfe: Float64Array;
  /**
   * Highest high and lowest low since the position last changed. The loop updates them per bar
   * (two compares); they are folded into MAE/MFE whenever the size or entry changes, which is
   * exact because both are constant in between.
   */
  readonly hi: Float64Array;
  readonly lo: Float64Array;

  constructor(
    private readonly symbols: readonly string[],
    private readonly multiplier: Float64Array,
  ) {
    const n = symbols.length;
    this.id = new Float64Array(n);
    this.dir = new Float64Array(n);
    this.size = new Float64Array(n);
    this.entryTs = new Float64Array(n);
    this.entryBar = new Float64Array(n);
    this.entryPrice = new Float64Array(n);
    this.heldQty = new Float64Array(n);
    this.exitQty = new Float64Array(n);
    this.exitPrice = new Float64Array(n);
    this.grossPnl = new Float64Array(n);
    this.fees = new Float64Array(n);
    this.mae = new Float64Array(n);
    this.mfe = new Float64Array(n);
    this.hi = new Float64Array(n).fill(-Infinity);
    this.lo = new Float64Array(n).fill(Infinity);
  }

  isOpen(k: number): boolean {
    return this.dir[k] !== 0;
  }

  /** Records a fill; `prevSize` and `newSize` are the signed position before and after. */
  fill(k: number, side: OrderSide, qty: number, price: number, fee: number, ts: number, bar: number, prevSize: number, newSize: number, realized: number): void {
    this.fold(k);
    if (this.dir[k] === 0 || (Math.sign(newSize) === Math.sign(prevSize) && Math.abs(newSize) > Math.abs(prevSize))) {
      if (this.dir[k] === 0) this.open(k, side, ts, bar);
      // Opening or adding.
      const held = this.heldQty[k];
      this.entryPrice[k] = (this.entryPrice[k] * held + price * qty) / (held + qty);
      this.heldQty[k] = held + qty;
      if (Math.abs(newSize) > this.size[k]) this.size[k] = Math.abs(newSize);
      this.fees[k] += fee;
      this.excursionAt(k, price, price);
      return;
    }
    // Reducing, closing or reversing.
    const closing = Math.min(qty, Math.abs(prevSize));
    const closeFee = fee * (closing / qty);
    const ex = this.exitQty[k];
    this.exitPrice[k] = (this.exitPrice[k] * ex + price * closing) / (ex + closing);
    this.exitQty[k] = ex + closing;
    this.grossPnl[k] += realized;
    this.fees[k] += closeFee;
    this.excursionAt(k, price, price);
    if (newSize === 0 || Math.sign(newSize) !== Math.sign(prevSize)) {
      this.close(k, ts, bar);
      if (newSize !== 0) {
        this.open(k, side, ts, bar);
        this.entryPrice[k] = price;
        this.heldQty[k] = Math.abs(newSize);
        this.size[k] = Math.abs(newSize);
        this.fees[k] = fee - closeFee;
      }
    }
  }

  /** Widens the open trade's price range with one bar (the per-bar hot path). */
  excursion(k: number, high: number, low: number): void {
    if (high > this.hi[k]) this.hi[k] = high;
    if (low < this.lo[k]) this.lo[k] = low;
  }

  /** Folds the range seen since the last change into MAE/MFE, then restarts it. */
  private fold(k: number): void {
    const hi = this.hi[k];
    if (hi === -Infinity) return;
    this.excursionAt(k, hi, this.lo[k]);
    this.hi[k] = -Infinity;
    this.lo[k] = Infinity;
  }

  private excursionAt(k: number, high: number, low: number): void {
    const d = this.dir[k];
    if (d === 0) return;
    const q = (this.heldQty[k] - this.exitQty[k]) * this.multiplier[k];
    const e = this.entryPrice[k];
    const fav = d > 0 ? (high - e) * q : (e - low) * q;
    const adv = d > 0 ? (low - e) * q : (e - high) * q;
    if (fav > this.mfe[k]) this.mfe[k] = fav;
    if (adv < this.mae[k]) this.mae[k] = adv;
  }

  private open(k: number, side: OrderSide, ts: number, bar: number): void {
    this.id[k] = this.nextId++;
    this.dir[k] = side === 'buy' ? 1 : -1;
    this.size[k] = 0;
    this.entryTs[k] = ts;
    this.entryBar[k] = bar;
    this.entryPrice[k] = 0;
    this.heldQty[k] = 0;
    this.exitQty[k] = 0;
    this.exitPrice[k] = 0;
    this.grossPnl[k] = 0;
    this.fees[k] = 0;
    this.mae[k] = 0;
    this.mfe[k] = 0;
  }

  private close(k: number, ts: number, bar: number): void {
    const i = this.log.add();
    const c = this.log.data;
    c[i + T_ID] = this.id[k];
    c[i + T_INST] = k;
    c[i + T_DIR] = this.dir[k];
    c[i + T_SIZE] = this.size[k];
    c[i + T_ENTRY_TS] = this.entryTs[k];
    c[i + T_ENTRY_BAR] = this.entryBar[k];
    c[i + T_ENTRY_PRICE] = this.entryPrice[k];
    c[i + T_EXIT_TS] = ts;
    c[i + T_EXIT_BAR] = bar;
    c[i + T_EXIT_PRICE] = this.exitPrice[k];
    c[i + T_GROSS_PNL] = this.grossPnl[k];
    c[i + T_FEES] = this.fees[k];
    c[i + T_MAE] = this.mae[k];
    c[i + T_MFE] = this.mfe[k];
    this.dir[k] = 0;
  }

  release(): void {
    this.log.release();
  }

  /** Every trade as objects, in opening order; open trades are marked at `mark` and end at `lastBar`. */
  toTrades(lastBar: ArrayLike<number>, mark: ArrayLike<number>): Trade[] {
    for (let k = 0; k < this.symbols.length; k++) this.fold(k);
    const out: Trade[] = [];
    const c = this.log.data;
    for (let r = 0; r < this.log.length; r++) {
      const i = r * STRIDE;
      const k = c[i + T_INST];
      const m = this.multiplier[k];
      const net = c[i + T_GROSS_PNL] - c[i + T_FEES];
      out.push({
        id: c[i + T_ID],
        symbol: this.symbols[k],
        direction: c[i + T_DIR] > 0 ? 'long' : 'short',
        size: c[i + T_SIZE],
        entryTs: c[i + T_ENTRY_TS],
        entryBar: c[i + T_ENTRY_BAR],
        entryPrice: c[i + T_ENTRY_PRICE],
        exitTs: c[i + T_EXIT_TS],
        exitBar: c[i + T_EXIT_BAR],
        exitPrice: c[i + T_EXIT_PRICE],
        grossPnl: c[i + T_GROSS_PNL],
        fees: c[i + T_FEES],
        netPnl: net,
        returnPct: net / (c[i + T_ENTRY_PRICE] * c[i + T_SIZE] * m),
        mae: c[i + T_MAE],
        mfe: c[i + T_MFE],
        barsHeld: c[i + T_EXIT_BAR] - c[i + T_ENTRY_BAR],
        open: false,
      });
    }
    for (let k = 0; k < this.symbols.length; k++) {
      const d = this.dir[k];
      if (d === 0) continue;
      const m = this.multiplier[k];
      const q = this.heldQty[k] - this.exitQty[k];
      const gross = this.grossPnl[k] + (mark[k] - this.entryPrice[k]) * q * m * d;
      const net = gross - this.fees[k];
      out.push({
        id: this.id[k],
        symbol: this.symbols[k],
        direction: d > 0 ? 'long' : 'short',
        size: this.size[k],
        entryTs: this.entryTs[k],
        entryBar: this.entryBar[k],
        entryPrice: this.entryPrice[k],
        exitTs: null,
        exitBar: null,
        exitPrice: this.exitQty[k] > 0 ? this.exitPrice[k] : null,
        grossPnl: gross,
        fees: this.fees[k],
        netPnl: net,
        returnPct: net / (this.entryPrice[k] * this.size[k] * m),
        mae: this.mae[k],
        mfe: this.mfe[k],
        barsHeld: lastBar[k] - this.entryBar[k],
        open: true,
      });
    }
    return out.sort((a, b) => a.id - b.id);
  }
}
