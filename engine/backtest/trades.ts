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

// Fields of an instrument's open-trade row in `TradeTracker.state`.
const S_ID = 0;
const S_DIR = 1;
const S_SIZE = 2;
const S_ENTRY_TS = 3;
const S_ENTRY_BAR = 4;
const S_ENTRY_PRICE = 5;
const S_HELD_QTY = 6;
const S_EXIT_QTY = 7;
const S_EXIT_PRICE = 8;
const S_GROSS_PNL = 9;
const S_FEES = 10;
const S_MAE = 11;
const S_MFE = 12;
const S_SEG = 13;
const S_STRIDE = 14;

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
// The last stretch of bars held (MAE/MFE folded in when the trades are read, not in the event loop).
const T_SEG_START = 14;
const T_SEG_END = 15;
const T_SEG_QTY = 16;
const STRIDE = 17;

// Fields of a trade still open at the end, in `TradeColumns` (closed ones stay in the tracker's log).
const C_ID = 0;
const C_INST = 1;
const C_DIR = 2;
const C_SIZE = 3;
const C_ENTRY_TS = 4;
const C_ENTRY_BAR = 5;
const C_ENTRY_PRICE = 6;
const C_EXIT_PRICE = 7;
const C_GROSS_PNL = 8;
const C_FEES = 9;
const C_MAE = 10;
const C_MFE = 11;
const C_BARS_HELD = 12;
const C_STRIDE = 13;

/**
 * A run's finished trades, made into `Trade` objects only when someone asks: the closed ones are
 * the tracker's log itself (handed over, not copied), the open ones a row each here. The metrics
 * need only the closed trades' net PnL, the CLI only the counts, and a big run has hundreds of
 * thousands of trades. Trade r (in opening order) is `order[r]` of closed-then-open (no `order`:
 * already in that order, as with one instrument). A closed trade's MAE/MFE over its last stretch
 * of bars is folded in from the bars when the trade is made (foldLastStretch): a run whose trades
 * are only counted never scans the bars for them (2M bars of sma-cross: ~15 ms).
 */
export class TradeColumns {
  readonly length: number;
  readonly open: number;
  constructor(
    private readonly symbols: readonly string[],
    private readonly multiplier: Float64Array,
    private closed: RecordLog | null,
    private readonly openRows: Float64Array,
    private readonly order: Int32Array | null,
    /** Each instrument's highs and lows (for the closed trades' last stretch). */
    private readonly highs: readonly Float64Array[],
    private readonly lows: readonly Float64Array[],
  ) {
    this.open = openRows.length / C_STRIDE;
    this.length = (closed?.length ?? 0) + this.open;
  }

  private log(): RecordLog {
    if (!this.closed) throw new Error('trades read after they were released');
    return this.closed;
  }

  /** Net PnL of the closed trades, in trade order. */
  closedNetPnl(): Float64Array {
    const log = this.log();
    const nClosed = log.length;
    const out = new Float64Array(nClosed);
    let j = 0;
    for (let r = 0; r < this.length; r++) {
      const x = this.order ? this.order[r] : r;
      if (x >= nClosed) continue;
      const i = log.at(x);
      const c = log.data;
      out[j++] = c[i + T_GROSS_PNL] - c[i + T_FEES];
    }
    return out;
  }

  /** Returns the closed trades' log to the buffer pool unread; reading the trades afterwards throws. */
  release(): void {
    this.closed?.release();
    this.closed = null;
  }

  /** Every trade as objects, in opening order (the closed trades' log goes back to the buffer pool). */
  toTrades(): Trade[] {
    const log = this.log();
    const nClosed = log.length;
    const out = new Array<Trade>(this.length);
    for (let r = 0; r < this.length; r++) {
      const x = this.order ? this.order[r] : r;
      out[r] = x < nClosed ? this.closedTrade(log, x) : this.openTrade(x - nClosed);
    }
    log.release();
    this.closed = null;
    return out;
  }

  private closedTrade(log: RecordLog, x: number): Trade {
    const i = log.at(x);
    const c = log.data;
    foldLastStretch(c, i, this.highs, this.lows, this.multiplier);
    const k = c[i + T_INST];
    const net = c[i + T_GROSS_PNL] - c[i + T_FEES];
    return {
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
      returnPct: net / (c[i + T_ENTRY_PRICE] * c[i + T_SIZE] * this.multiplier[k]),
      mae: c[i + T_MAE],
      mfe: c[i + T_MFE],
      barsHeld: c[i + T_EXIT_BAR] - c[i + T_ENTRY_BAR],
      open: false,
    };
  }

  private openTrade(x: number): Trade {
    const c = this.openRows;
    const o = x * C_STRIDE;
    const k = c[o + C_INST];
    const net = c[o + C_GROSS_PNL] - c[o + C_FEES];
    const exitPrice = c[o + C_EXIT_PRICE];
    return {
      id: c[o + C_ID],
      symbol: this.symbols[k],
      direction: c[o + C_DIR] > 0 ? 'long' : 'short',
      size: c[o + C_SIZE],
      entryTs: c[o + C_ENTRY_TS],
      entryBar: c[o + C_ENTRY_BAR],
      entryPrice: c[o + C_ENTRY_PRICE],
      exitTs: null,
      exitBar: null,
      exitPrice: Number.isNaN(exitPrice) ? null : exitPrice,
      grossPnl: c[o + C_GROSS_PNL],
      fees: c[o + C_FEES],
      netPnl: net,
      returnPct: net / (c[o + C_ENTRY_PRICE] * c[o + C_SIZE] * this.multiplier[k]),
      mae: c[o + C_MAE],
      mfe: c[o + C_MFE],
      barsHeld: c[o + C_BARS_HELD],
      open: true,
    };
  }
}

/**
 * Folds a closed trade's last stretch of bars (deferred from the event loop, then from the end of
 * the run to the moment the trade is read) into its MAE/MFE, in its log row. Once per trade: the
 * row is read once (toTrades releases the log).
 */
function foldLastStretch(c: Float64Array, i: number, highs: readonly Float64Array[], lows: readonly Float64Array[], multiplier: Float64Array): void {
  const k = c[i + T_INST];
  const high = highs[k];
  const low = lows[k];
  let hi = -Infinity;
  let lo = Infinity;
  for (let j = c[i + T_SEG_START]; j <= c[i + T_SEG_END]; j++) {
    if (high[j] > hi) hi = high[j];
    if (low[j] < lo) lo = low[j];
  }
  if (!(hi >= lo)) return;
  const q = c[i + T_SEG_QTY] * multiplier[k];
  const e = c[i + T_ENTRY_PRICE];
  const long = c[i + T_DIR] > 0;
  const fav = long ? (hi - e) * q : (e - lo) * q;
  const adv = long ? (lo - e) * q : (e - hi) * q;
  if (fav > c[i + T_MFE]) c[i + T_MFE] = fav;
  if (adv < c[i + T_MAE]) c[i + T_MAE] = adv;
}

/**
 * Builds round-trip trades from fills and tracks MAE/MFE from the bars in between. The open trade
 * of each instrument lives in typed arrays; closed trades go to a column log (no objects per trade).
 */
export class TradeTracker {
  private readonly log = new RecordLog(STRIDE);
  private nextId = 1;
  /**
   * The open trade of each instrument (dir 0 = none) as one row of `S_STRIDE` doubles: a fill
   * touches a line or two of memory instead of one array per field. `seg` is the bar where size
   * and entry price last changed: MAE/MFE over the bars since then are computed when they change
   * next (from the bars' highs and lows, exact because size and entry are constant in between),
   * so the event loop does no per-bar work for them.
   */
  private readonly state: Float64Array;
  /** Fills seen (every fill of the run passes through `fill`). */
  fills = 0;
  constructor(
    private readonly symbols: readonly string[],
    private readonly multiplier: Float64Array,
    /** Each instrument's highs and lows on the trading timeframe. */
    private readonly highs: readonly Float64Array[],
    private readonly lows: readonly Float64Array[],
  ) {
    this.state = new Float64Array(symbols.length * S_STRIDE);
  }

  isOpen(k: number): boolean {
    return this.state[k * S_STRIDE + S_DIR] !== 0;
  }

  /** Records a fill; `prevSize` and `newSize` are the signed position before and after. */
  fill(k: number, side: OrderSide, qty: number, price: number, fee: number, ts: number, bar: number, prevSize: number, newSize: number, realized: number): void {
    const st = this.state;
    const b = k * S_STRIDE;
    this.fills++;
    const opening = st[b + S_DIR] === 0;
    const adding = !opening && Math.sign(newSize) === Math.sign(prevSize) && Math.abs(newSize) > Math.abs(prevSize);
    const closing = !opening && !adding && (newSize === 0 || Math.sign(newSize) !== Math.sign(prevSize));
    // The bars since the last change: folded now when the trade goes on with another size or
    // entry, or left for toTrades when this fill closes it (the usual case: no scan in the loop).
    const segStart = st[b + S_SEG];
    const segQty = st[b + S_HELD_QTY] - st[b + S_EXIT_QTY];
    if (!opening && !closing) this.fold(k, bar - 1);
    st[b + S_SEG] = bar;
    if (opening || adding) {
      if (opening) this.open(k, side, ts, bar);
      const held = st[b + S_HELD_QTY];
      st[b + S_ENTRY_PRICE] = (st[b + S_ENTRY_PRICE] * held + price * qty) / (held + qty);
      st[b + S_HELD_QTY] = held + qty;
      if (Math.abs(newSize) > st[b + S_SIZE]) st[b + S_SIZE] = Math.abs(newSize);
      st[b + S_FEES] += fee;
      this.excursionAt(k, price, price);
      return;
    }
    // Reducing, closing or reversing: the fill price counts with the size held before it.
    this.excursionAt(k, price, price);
    const closed = Math.min(qty, Math.abs(prevSize));
    const closeFee = fee * (closed / qty);
    const ex = st[b + S_EXIT_QTY];
    st[b + S_EXIT_PRICE] = (st[b + S_EXIT_PRICE] * ex + price * closed) / (ex + closed);
    st[b + S_EXIT_QTY] = ex + closed;
    st[b + S_GROSS_PNL] += realized;
    st[b + S_FEES] += closeFee;
    if (closing) {
      this.close(k, ts, bar, segStart, bar - 1, segQty);
      if (newSize !== 0) {
        this.open(k, side, ts, bar);
        st[b + S_ENTRY_PRICE] = price;
        st[b + S_HELD_QTY] = Math.abs(newSize);
        st[b + S_SIZE] = Math.abs(newSize);
        st[b + S_FEES] = fee - closeFee;
      }
    }
  }

  /** Folds bars [seg, last] (the range since the position last changed) into MAE/MFE. */
  private fold(k: number, last: number): void {
    if (this.state[k * S_STRIDE + S_DIR] === 0) return;
    const high = this.highs[k];
    const low = this.lows[k];
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = this.state[k * S_STRIDE + S_SEG]; i <= last; i++) {
      if (high[i] > hi) hi = high[i];
      if (low[i] < lo) lo = low[i];
    }
    if (hi >= lo) this.excursionAt(k, hi, lo);
  }

  private excursionAt(k: number, high: number, low: number): void {
    const d = this.state[k * S_STRIDE + S_DIR];
    if (d === 0) return;
    const q = (this.state[k * S_STRIDE + S_HELD_QTY] - this.state[k * S_STRIDE + S_EXIT_QTY]) * this.multiplier[k];
    const e = this.state[k * S_STRIDE + S_ENTRY_PRICE];
    const fav = d > 0 ? (high - e) * q : (e - low) * q;
    const adv = d > 0 ? (low - e) * q : (e - high) * q;
    if (fav > this.state[k * S_STRIDE + S_MFE]) this.state[k * S_STRIDE + S_MFE] = fav;
    if (adv < this.state[k * S_STRIDE + S_MAE]) this.state[k * S_STRIDE + S_MAE] = adv;
  }

  private open(k: number, side: OrderSide, ts: number, bar: number): void {
    this.state[k * S_STRIDE + S_ID] = this.nextId++;
    this.state[k * S_STRIDE + S_DIR] = side === 'buy' ? 1 : -1;
    this.state[k * S_STRIDE + S_SIZE] = 0;
    this.state[k * S_STRIDE + S_ENTRY_TS] = ts;
    this.state[k * S_STRIDE + S_ENTRY_BAR] = bar;
    this.state[k * S_STRIDE + S_ENTRY_PRICE] = 0;
    this.state[k * S_STRIDE + S_HELD_QTY] = 0;
    this.state[k * S_STRIDE + S_EXIT_QTY] = 0;
    this.state[k * S_STRIDE + S_EXIT_PRICE] = 0;
    this.state[k * S_STRIDE + S_GROSS_PNL] = 0;
    this.state[k * S_STRIDE + S_FEES] = 0;
    this.state[k * S_STRIDE + S_MAE] = 0;
    this.state[k * S_STRIDE + S_MFE] = 0;
  }

  private close(k: number, ts: number, bar: number, segStart: number, segEnd: number, segQty: number): void {
    const i = this.log.add();
    const c = this.log.data;
    c[i + T_ID] = this.state[k * S_STRIDE + S_ID];
    c[i + T_INST] = k;
    c[i + T_DIR] = this.state[k * S_STRIDE + S_DIR];
    c[i + T_SIZE] = this.state[k * S_STRIDE + S_SIZE];
    c[i + T_ENTRY_TS] = this.state[k * S_STRIDE + S_ENTRY_TS];
    c[i + T_ENTRY_BAR] = this.state[k * S_STRIDE + S_ENTRY_BAR];
    c[i + T_ENTRY_PRICE] = this.state[k * S_STRIDE + S_ENTRY_PRICE];
    c[i + T_EXIT_TS] = ts;
    c[i + T_EXIT_BAR] = bar;
    c[i + T_EXIT_PRICE] = this.state[k * S_STRIDE + S_EXIT_PRICE];
    c[i + T_GROSS_PNL] = this.state[k * S_STRIDE + S_GROSS_PNL];
    c[i + T_FEES] = this.state[k * S_STRIDE + S_FEES];
    c[i + T_MAE] = this.state[k * S_STRIDE + S_MAE];
    c[i + T_MFE] = this.state[k * S_STRIDE + S_MFE];
    c[i + T_SEG_START] = segStart;
    c[i + T_SEG_END] = segEnd;
    c[i + T_SEG_QTY] = segQty;
    this.state[k * S_STRIDE + S_DIR] = 0;
  }

  /** Returns the log to the buffer pool, unless `finish` handed it to the trades it made. */
  release(): void {
    if (!this.handedOver) this.log.release();
  }

  private handedOver = false;

  /**
   * The run's trades as columns, in opening order; open trades are marked at `mark` and end at
   * `lastBar`. Folds the open trades' deferred MAE/MFE stretches; the closed trades' log goes
   * with the columns, which fold each closed trade's last stretch when it is read (TradeColumns).
   */
  finish(lastBar: ArrayLike<number>, mark: ArrayLike<number>): TradeColumns {
    for (let k = 0; k < this.symbols.length; k++) this.fold(k, lastBar[k]);
    const st = this.state;
    let open = 0;
    for (let k = 0; k < this.symbols.length; k++) if (st[k * S_STRIDE + S_DIR] !== 0) open++;
    const rows = new Float64Array(open * C_STRIDE);
    const openIds: number[] = [];
    let r = 0;
    for (let k = 0; k < this.symbols.length; k++) {
      const b = k * S_STRIDE;
      const d = st[b + S_DIR];
      if (d === 0) continue;
      const m = this.multiplier[k];
      const q = st[b + S_HELD_QTY] - st[b + S_EXIT_QTY];
      const o = r * C_STRIDE;
      openIds.push(st[b + S_ID]);
      r++;
      rows[o + C_ID] = st[b + S_ID];
      rows[o + C_INST] = k;
      rows[o + C_DIR] = d;
      rows[o + C_SIZE] = st[b + S_SIZE];
      rows[o + C_ENTRY_TS] = st[b + S_ENTRY_TS];
      rows[o + C_ENTRY_BAR] = st[b + S_ENTRY_BAR];
      rows[o + C_ENTRY_PRICE] = st[b + S_ENTRY_PRICE];
      rows[o + C_EXIT_PRICE] = st[b + S_EXIT_QTY] > 0 ? st[b + S_EXIT_PRICE] : NaN;
      rows[o + C_GROSS_PNL] = st[b + S_GROSS_PNL] + (mark[k] - st[b + S_ENTRY_PRICE]) * q * m * d;
      rows[o + C_FEES] = st[b + S_FEES];
      rows[o + C_MAE] = st[b + S_MAE];
      rows[o + C_MFE] = st[b + S_MFE];
      rows[o + C_BARS_HELD] = lastBar[k] - st[b + S_ENTRY_BAR];
    }
    const order = this.openingOrder(openIds);
    this.handedOver = true;
    return new TradeColumns(this.symbols, this.multiplier, this.log, rows, order, this.highs, this.lows);
  }

  /**
   * The permutation that reads the closed trades, then the open ones (`openIds`), in opening (id)
   * order; null when they are in it already. Several instruments close in another order than they
   * opened. One instrument holds one trade at a time, so its trades close in the order they opened
   * and an open one is the newest: no ids to read (39k of them, read and checked by code that runs
   * once, were ~5 ms of a 2M-bar CLI run).
   */
  private openingOrder(openIds: readonly number[]): Int32Array | null {
    if (this.symbols.length === 1) return null;
    const closed = this.log.length;
    const ids = new Float64Array(closed + openIds.length);
    for (let r = 0; r < closed; r++) {
      // at() first: it points `data` at record r's segment (`log.data[log.at(r)]` reads the old one).
      const i = this.log.at(r);
      ids[r] = this.log.data[i + T_ID];
    }
    ids.set(openIds, closed);
    let sorted = true;
    for (let j = 1; j < ids.length && sorted; j++) if (ids[j] < ids[j - 1]) sorted = false;
    return sorted ? null : Int32Array.from(Array.from({ length: ids.length }, (_, j) => j).sort((a, b) => ids[a] - ids[b]));
  }

  /** Every trade as objects, in opening order; open trades are marked at `mark` and end at `lastBar`. */
  toTrades(lastBar: ArrayLike<number>, mark: ArrayLike<number>): Trade[] {
    return this.finish(lastBar, mark).toTrades();
  }
}
