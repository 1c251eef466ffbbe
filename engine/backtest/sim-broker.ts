import type { AccountView, PortfolioView, PositionView } from '../strategy/api';
import type { Broker, BrokerListener, OrderLinks } from '../strategy/broker';
import type { BarColumns } from '../model/bars';
import type { Cursor } from '../strategy/series';
import type { InstrumentSpec } from '../model/instrument';
import { roundToLot, roundToTick } from '../model/instrument';
import type { FillView, OrderChanges, OrderRequest, OrderSide, OrderType, OrderView } from '../model/orders';
import type { CommissionModel } from './commission';
import { firstOf, matchCoded, newMatch, orderTypeCode, type Match } from './fill-model';
import type { Portfolio } from './portfolio';
import { priceLimits } from './profiles/cn-ashares';
import type { MarketProfile } from './profiles/types';
import {
  O_ACTIVE_AFTER,
  O_AVG_PRICE,
  O_CREATED_AT,
  O_FILLED,
  O_INST,
  O_LIMIT,
  O_OCO,
  O_PARENT,
  O_REASON,
  O_REDUCE_ONLY,
  O_SIDE,
  O_SIZE,
  O_STATUS,
  O_STOP,
  O_TAG,
  O_TRIGGERED,
  O_TYPE,
  O_WAITING,
  ORDER_STRIDE,
  orderFromRow,
  SimOrder,
  ST_ACCEPTED,
  ST_CANCELLED,
  ST_FILLED,
  ST_PARTIAL,
  ST_REJECTED,
  type OrderBook,
} from './sim-order';
import { Interner, RecordLog } from './columns';

// Field offsets of the fill records (see RecordLog; the order rows are in sim-order.ts).
const F_TS = 0;
const F_BAR = 1;
const F_INST = 2;
const F_SIDE = 3;
const F_SIZE = 4;
const F_PRICE = 5;
const F_COMMISSION = 6;
const F_SLIPPAGE = 7;
const F_MAKER = 8;
const F_ORDER = 9;
const F_TAG = 10;
// For marking the equity curve after the loop: the step of the fill and the position after it.
const F_STEP = 11;
const F_POSITION = 12;
// The cash after the fill: the loop does not record cash at every step, the curve is made from these.
const F_CASH = 13;
const FILL_STRIDE = 14;
const FILL_FIELDS: FillFields = { step: F_STEP, cash: F_CASH, size: F_POSITION };
import type { SlippageModel } from './slippage';
import type { FillFields, FillRows, FillTrack } from './mark-to-market';
import type { TradeTracker } from './trades';

const DAY = 86_400_000;

export interface SimBrokerOptions {
  symbols: readonly string[];
  bars: readonly BarColumns[];
  /** The trading feeds' cursors (index of each instrument's newest closed bar). */
  cursors: readonly Cursor[];
  specs: readonly InstrumentSpec[];
  profile: MarketProfile;
  commission: CommissionModel;
  slippage: SlippageModel;
  portfolio: Portfolio;
  trades: TradeTracker;
  leverage: number;
  allowShort: boolean;
  intrabar: 'worst' | 'best';
  volumeCap?: number;
  priceLimit?: number;
  /** Apply the profile's session filter (intraday trading timeframes only). */
  useSession: boolean;
  currency: string;
}

/**
 * The simulated broker of a backtest: keeps working orders and fills them against later bars
 * (see fill-model.ts), applying the market's rules and costs. Everything is float64.
 */
export class SimBroker implements Broker, OrderBook {
  /** Every order's row (its state while it works, its record once final), at index seq − 1. */
  private readonly orderLog = new RecordLog(ORDER_STRIDE);
  private readonly fillLog = new RecordLog(FILL_STRIDE);
  readonly strings = new Interner();
  readonly symbols: readonly string[];
  /** Working orders per instrument, oldest first. */
  private readonly working: SimOrder[][];
  private readonly m: Match = newMatch();
  private readonly m2: Match = newMatch();
  private readonly prevDayClose: Float64Array;
  private readonly curDay: Float64Array;
  private readonly lot: Float64Array;
  private readonly tick: Float64Array;
  private readonly positions: PositionView[];
  private listener: BrokerListener | null = null;
  private seq = 0;
  private ocoSeq = 0;
  /** Whether any order waits for a parent: until one does, a fill has no exits to arm. */
  private hasBrackets = false;
  /** Step being processed, and the clock (UTC ms) the runtime sets. */
  step = -1;
  now = 0;
  workingCount = 0;
  private notional = 0;
  readonly portfolio: PortfolioView;
  readonly account: AccountView;

  constructor(private readonly o: SimBrokerOptions) {
    const n = o.symbols.length;
    this.symbols = o.symbols;
    this.working = o.symbols.map(() => objectList<SimOrder>());
    this.prevDayClose = new Float64Array(n).fill(NaN);
    this.curDay = new Float64Array(n).fill(NaN);
    this.lot = new Float64Array(n);
    this.tick = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      this.lot[k] = o.specs[k].lotSize ?? o.profile.lotSize ?? 0;
      this.tick[k] = o.specs[k].tickSize ?? o.profile.tickSize ?? 0;
    }
    const pf = o.portfolio;
    this.positions = o.symbols.map((symbol, k) => new SimPosition(symbol, k, pf, this));
    this.portfolio = {
      get equity() {
        return pf.equity();
      },
      get cash() {
        return pf.cash;
      },
      get grossExposure() {
        return pf.grossExposure();
      },
      get netExposure() {
        return pf.netExposure();
      },
      initialCapital: pf.initialCapital,
    };
    this.account = {
      leverage: o.leverage,
      get buyingPower() {
        return Math.max(0, pf.equity() * o.leverage - pf.grossExposure());
      },
      currency: o.currency,
    };
  }

  setListener(l: BrokerListener): void {
    this.listener = l;
  }

  exchangeDay(ts: number): number {
    return Math.floor((ts + this.o.profile.exchangeDayOffsetMs) / DAY);
  }

  /** Units of instrument k that may be sold now (T+1 holds back today's buys). */
  sellable(k: number): number {
    return this.o.portfolio.sellable(k, this.exchangeDay(this.now), this.o.profile.tPlusOne);
  }

  /** The close of the instrument's newest closed bar (NaN before the first). */
  lastPrice(inst: number): number {
    const i = this.o.cursors[inst].i;
    return i >= 0 ? this.o.bars[inst].close[i] : NaN;
  }

  roundSize(inst: number, size: number): number {
    return roundToLot(size, this.lot[inst]);
  }

  position(inst: number): PositionView {
    return this.positions[inst];
  }

  openOrders(inst?: number): OrderView[] {
    if (inst !== undefined) return this.working[inst].filter((x) => x.working);
    return this.working.flatMap((w) => w.filter((x) => x.working));
  }

  // ------------------------------------------------------------------------------------------
  // Commands.

  /**
   * Small on purpose: V8 inlines it into the strategy's call, and the request object (often the
   * strategy's own options literal) is then never made; `place` takes its fields.
   */
  submit(inst: number, r: OrderRequest, links?: OrderLinks): OrderView {
    return this.place(inst, r.side, r.type ?? 'market', r.size, r.limitPrice, r.stopPrice, r.reduceOnly === true, r.tag, links);
  }

  private place(inst: number, side: OrderSide, type: OrderType, size: number, limitPrice: number | undefined, stopPrice: number | undefined, reduceOnly: boolean, tag: string | undefined, links: OrderLinks | undefined): OrderView {
    const tick = this.tick[inst];
    const seq = ++this.seq;
    const parent = links?.parentId === undefined ? -1 : this.seqOf(links.parentId);
    const r0 = this.orderLog.add();
    const d = this.orderLog.data;
    d[r0 + O_INST] = inst;
    d[r0 + O_SIDE] = side === 'buy' ? 1 : -1;
    d[r0 + O_TYPE] = orderTypeCode(type);
    d[r0 + O_SIZE] = size;
    d[r0 + O_FILLED] = 0;
    d[r0 + O_LIMIT] = limitPrice === undefined ? NaN : roundToTick(limitPrice, tick);
    d[r0 + O_STOP] = stopPrice === undefined ? NaN : roundToTick(stopPrice, tick);
    d[r0 + O_STATUS] = ST_ACCEPTED;
    d[r0 + O_AVG_PRICE] = NaN;
    d[r0 + O_REDUCE_ONLY] = reduceOnly ? 1 : 0;
    d[r0 + O_TAG] = this.strings.id(tag);
    d[r0 + O_PARENT] = parent;
    d[r0 + O_OCO] = links?.ocoGroup === undefined ? -1 : this.strings.id(links.ocoGroup);
    d[r0 + O_REASON] = -1;
    d[r0 + O_CREATED_AT] = this.now;
    d[r0 + O_ACTIVE_AFTER] = this.step;
    d[r0 + O_TRIGGERED] = 0;
    d[r0 + O_WAITING] = parent >= 0 ? 1 : 0;
    const o = new SimOrder(this, seq, d, r0);
    if (parent >= 0) this.hasBrackets = true;
    const why = this.validate(d, r0, type);
    if (why !== null) {
      d[r0 + O_STATUS] = ST_REJECTED;
      d[r0 + O_REASON] = this.strings.id(why);
      this.listener?.orderChanged(o);
      return o;
    }
    this.working[inst].push(o);
    this.workingCount++;
    this.listener?.orderChanged(o);
    return o;
  }

  /** How many orders were submitted (each has its row in the order log). */
  orderCount(): number {
    return this.seq;
  }

  /** The seq of an order id this broker made (`o<seq>`), or −1. */
  private seqOf(orderId: string): number {
    const seq = Number(orderId.slice(1));
    return `o${seq}` === orderId && seq >= 1 && seq <= this.seq ? seq : -1;
  }

  /** A new OCO group id (for `ctx.oco` and brackets). */
  newOcoGroup(): string {
    return `g${++this.ocoSeq}`;
  }

  /** A working order by id (only working orders can be cancelled or changed; the lists are short). */
  private byId(orderId: string): SimOrder | undefined {
    const seq = this.seqOf(orderId);
    if (seq < 0) return undefined;
    for (const list of this.working) for (const o of list) if (o.seq === seq && o.working) return o;
    return undefined;
  }

  /** Cancels every working order of an instrument; returns how many. */
  cancelAllOf(inst: number, reason = 'cancelled by strategy'): number {
    const list = this.working[inst];
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].working) {
        this.cancelOrder(list[i], reason);
        n++;
      }
    }
    return n;
  }

  cancel(orderId: string, reason = 'cancelled by strategy'): boolean {
    const o = this.byId(orderId);
    if (!o) return false;
    this.cancelOrder(o, reason);
    return true;
  }

  private cancelOrder(o: SimOrder, reason: string): void {
    this.finish(o, ST_CANCELLED, reason);
    // A bracket entry takes its waiting exits with it.
    if (o.d[o.o + O_FILLED] === 0) {
      for (const c of this.working[o.d[o.o + O_INST]]) if (c.d[c.o + O_PARENT] === o.seq && c.working) this.finish(c, ST_CANCELLED, 'bracket entry cancelled');
    }
  }

  modify(orderId: string, ch: OrderChanges): boolean {
    const o = this.byId(orderId);
    if (!o) return false;
    const { d, o: r } = o;
    const inst = d[r + O_INST];
    const tick = this.tick[inst];
    if (ch.size !== undefined) {
      const size = this.roundOrderSize(inst, d[r + O_SIDE] > 0, ch.size);
      if (!(size > d[r + O_FILLED])) return false;
      d[r + O_SIZE] = size;
    }
    if (ch.limitPrice !== undefined) d[r + O_LIMIT] = roundToTick(ch.limitPrice, tick);
    if (ch.stopPrice !== undefined) d[r + O_STOP] = roundToTick(ch.stopPrice, tick);
    d[r + O_ACTIVE_AFTER] = Math.max(d[r + O_ACTIVE_AFTER], this.step);
    this.listener?.orderChanged(o);
    return true;
  }

  private roundOrderSize(inst: number, buy: boolean, size: number): number {
    const pos = this.o.portfolio.size[inst];
    // A-shares: odd lots may only be sold to close the whole position.
    if (!buy && this.o.profile.oddLotSellOnlyToClose && pos > 0 && size >= pos - 1e-9) return pos;
    return roundToLot(size, this.lot[inst]);
  }

  /** Why a new order (row r of d) is refused, or null; rounds its size to the lot. */
  private validate(d: Float64Array, r: number, type: OrderType): string | null {
    const inst = d[r + O_INST];
    const requested = d[r + O_SIZE];
    const limit = d[r + O_LIMIT];
    const stop = d[r + O_STOP];
    if (!(requested > 0) || !Number.isFinite(requested)) return `size must be a positive number (got ${requested})`;
    if ((type === 'limit' || type === 'stop-limit') && !(limit > 0)) return `${type} order needs a positive limitPrice`;
    if ((type === 'stop' || type === 'stop-limit') && !(stop > 0)) return `${type} order needs a positive stopPrice`;
    const buy = d[r + O_SIDE] > 0;
    const size = this.roundOrderSize(inst, buy, requested);
    if (!(size > 0)) return `size ${requested} is below the lot size ${this.lot[inst]}`;
    d[r + O_SIZE] = size;
    const spec = this.o.specs[inst];
    if (spec.minSize !== undefined && size < spec.minSize) return `size ${size} is below the minimum ${spec.minSize}`;
    if (spec.minNotional !== undefined) {
      const ref = !Number.isNaN(limit) ? limit : !Number.isNaN(stop) ? stop : this.lastPrice(inst);
      if (Number.isFinite(ref) && size * ref * this.o.portfolio.multiplier[inst] < spec.minNotional) return `notional ${size * ref} is below the minimum ${spec.minNotional}`;
    }
    if (!buy && !this.o.allowShort && d[r + O_REDUCE_ONLY] !== 1 && d[r + O_PARENT] < 0) {
      const pos = this.o.portfolio.size[inst];
      if (size > pos + 1e-9) return 'short selling is not allowed in this market';
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------
  // Bar processing.

  /** Called for bar i of instrument k before orders meet it (exchange-day rules only). */
  beginBar(k: number, i: number): void {
    if (this.o.priceLimit === undefined && !this.o.profile.tPlusOne) return;
    const day = this.exchangeDay(this.o.bars[k].ts[i]);
    if (day !== this.curDay[k]) {
      // The previous exchange day's close is the close of this instrument's previous bar.
      this.prevDayClose[k] = i > 0 ? this.o.bars[k].close[i - 1] : NaN;
      this.curDay[k] = day;
    }
  }

  /** Matches the working orders of instrument k against bar i (processed in step `step`). */
  processBar(k: number, i: number): void {
    const list = this.working[k];
    if (list.length === 0) return;
    const bars = this.o.bars[k];
    if (this.o.useSession && this.o.profile.inSession && !this.o.profile.inSession(bars.ts[i])) return;
    const open = bars.open[i];
    // The bar's range only when an order needs it: a market order fills at the open, and the
    // range's two columns were two more cache misses in a run whose orders are all market orders.
    let high = NaN;
    let low = NaN;
    let volumeLeft = this.o.volumeCap === undefined ? Infinity : this.o.volumeCap * bars.volume[i];
    const m = this.m;
    for (let idx = 0; idx < list.length; idx++) {
      const o = list[idx];
      if (!this.matchable(o)) continue;
      if (Number.isNaN(high) && (o.d[o.o + O_TYPE] !== 0 || o.d[o.o + O_OCO] >= 0)) {
        high = bars.high[i];
        low = bars.low[i];
      }
      const hit = this.match(o, open, high, low, m);
      if (!hit) continue;
      let winner = o;
      if (o.d[o.o + O_OCO] >= 0) winner = this.resolveOco(o, list, open, high, low);
      if (winner !== o) this.match(winner, open, high, low, m);
      volumeLeft = this.execute(winner, k, i, m, volumeLeft);
    }
    this.compact(k);
  }

  /** Working, not a bracket exit still waiting, and made before this step. */
  private matchable(o: SimOrder): boolean {
    const d = o.d;
    const r = o.o;
    return d[r + O_STATUS] <= ST_PARTIAL && d[r + O_WAITING] === 0 && d[r + O_ACTIVE_AFTER] < this.step;
  }

  /** matchCoded on an order's row; a stop-limit whose stop is reached stays triggered. */
  private match(o: SimOrder, open: number, high: number, low: number, m: Match): boolean {
    const d = o.d;
    const r = o.o;
    const hit = matchCoded(d[r + O_SIDE] > 0, d[r + O_TYPE], d[r + O_LIMIT], d[r + O_STOP], d[r + O_TRIGGERED] === 1, open, high, low, m);
    if (m.triggers) d[r + O_TRIGGERED] = 1;
    return hit;
  }

  /** Of an OCO group's orders that could fill in this bar, the one that did (see `firstOf`). */
  private resolveOco(o: SimOrder, list: SimOrder[], open: number, high: number, low: number): SimOrder {
    let best = o;
    const bm = this.m2;
    this.match(o, open, high, low, bm);
    const cm = newMatch();
    const group = o.d[o.o + O_OCO];
    for (const c of list) {
      if (c === o || c.d[c.o + O_OCO] !== group || !this.matchable(c)) continue;
      if (!this.match(c, open, high, low, cm)) continue;
      if (firstOf(best.d[best.o + O_SIDE] > 0 ? 'buy' : 'sell', bm, cm, this.o.intrabar) === 'b') {
        best = c;
        Object.assign(bm, cm);
      }
    }
    return best;
  }

  private execute(o: SimOrder, k: number, i: number, m: Match, volumeLeft: number): number {
    const pf = this.o.portfolio;
    const bars = this.o.bars[k];
    const d = o.d;
    const r = o.o;
    // Bars meet orders in the step they open in, so the clock is their open time (and is in a
    // register; bars.ts[i] was a cache miss with many symbols).
    const ts = this.now;
    const tPlusOne = this.o.profile.tPlusOne;
    // The exchange day matters only to T+1 (today's buys); elsewhere it is never read.
    const day = tPlusOne ? this.exchangeDay(ts) : 0;
    const pos = pf.size[k];
    const buy = d[r + O_SIDE] > 0;
    const filled = d[r + O_FILLED];
    const remaining = d[r + O_SIZE] - filled;
    let qty = remaining;

    if (d[r + O_REDUCE_ONLY] === 1) {
      const reducible = buy ? Math.max(0, -pos) : Math.max(0, pos);
      if (reducible <= 0) {
        this.finish(o, ST_CANCELLED, 'reduce-only order with nothing to reduce');
        return volumeLeft;
      }
      qty = Math.min(qty, reducible);
    }
    if (!buy && !this.o.allowShort) qty = Math.min(qty, Math.max(0, pos));
    if (!buy && tPlusOne) qty = Math.min(qty, pf.sellable(k, day, true));
    if (qty < remaining) qty = this.roundOrderSize(k, buy, qty);
    if (volumeLeft !== Infinity) qty = Math.min(qty, this.roundOrderSize(k, buy, volumeLeft));
    if (!(qty > 0)) return volumeLeft; // nothing may trade now; the order keeps working

    const side = buy ? 'buy' : 'sell';
    let price = m.price;
    if (m.liquidity === 'taker' && this.o.slippage.active) price = this.o.slippage.apply(side, price, qty, bars.volume[i], this.tick[k] || undefined, bars.low[i], bars.high[i]);
    if (this.o.priceLimit !== undefined) {
      const prev = this.prevDayClose[k];
      if (Number.isFinite(prev)) {
        const lim = priceLimits(prev, this.o.priceLimit, this.tick[k] || 0.01);
        // No buying at limit-up, no selling at limit-down: the order waits.
        if (buy && price >= lim.up - 1e-9) return volumeLeft;
        if (!buy && price <= lim.down + 1e-9) return volumeLeft;
      }
    }
    const mult = pf.multiplier[k];
    const fee = this.o.commission.fee(side, qty, price, m.liquidity, filled === 0, mult);
    const signed = buy ? qty : -qty;
    const next = pos + signed;
    if (Math.abs(next) > Math.abs(pos)) {
      // Margin: gross exposure after the fill must stay within equity × leverage.
      pf.refreshMarks();
      pf.mark[k] = price;
      const equity = pf.equityAtMarks() - fee;
      const grossOthers = pf.grossAtMarks() - Math.abs(pos * price * mult);
      if (grossOthers + Math.abs(next * price * mult) > equity * this.o.leverage * (1 + 1e-12)) {
        this.finish(o, ST_REJECTED, 'insufficient margin');
        return volumeLeft;
      }
    }

    const realized = pf.apply(k, side, qty, price, fee, day);
    this.notional += qty * price * mult;
    this.o.trades.fill(k, side, qty, price, fee, ts, i, pos, pf.size[k], realized);
    d[r + O_AVG_PRICE] = filled === 0 ? price : (d[r + O_AVG_PRICE] * filled + price * qty) / (filled + qty);
    d[r + O_FILLED] = filled + qty;
    const slip = Math.abs(price - m.price) * qty * mult;
    const f = this.fillLog.add(); // offset of the new record
    const c = this.fillLog.data;
    c[f + F_TS] = ts;
    c[f + F_BAR] = i;
    c[f + F_INST] = k;
    c[f + F_SIDE] = buy ? 1 : -1;
    c[f + F_SIZE] = qty;
    c[f + F_PRICE] = price;
    c[f + F_COMMISSION] = fee;
    c[f + F_SLIPPAGE] = slip;
    c[f + F_MAKER] = m.liquidity === 'maker' ? 1 : 0;
    c[f + F_ORDER] = o.seq;
    c[f + F_TAG] = d[r + O_TAG];
    c[f + F_STEP] = this.step;
    c[f + F_POSITION] = pf.size[k];
    c[f + F_CASH] = pf.cash;
    const size = d[r + O_SIZE];
    const done = size - (filled + qty) <= 1e-12 * size;
    if (done) {
      d[r + O_STATUS] = ST_FILLED;
      this.workingCount--;
    } else d[r + O_STATUS] = ST_PARTIAL;
    if (this.listener) {
      this.listener.filled(this.fillView(this.fillLog.length - 1), k);
      this.listener.orderChanged(o);
    }
    const group = d[r + O_OCO];
    if (group >= 0) for (const c of this.working[k]) if (c !== o && c.d[c.o + O_OCO] === group && c.working) this.finish(c, ST_CANCELLED, 'OCO sibling filled');
    if (done && this.hasBrackets) this.releaseChildren(o, k, m.atOpen);
    return volumeLeft - qty;
  }

  /** A filled bracket entry arms its exits: at once when it filled at the open (the rest of the bar came after), else from the next bar. */
  private releaseChildren(parent: SimOrder, k: number, atOpen: boolean): void {
    for (const c of this.working[k]) {
      const d = c.d;
      const r = c.o;
      if (d[r + O_PARENT] !== parent.seq || !c.working) continue;
      d[r + O_WAITING] = 0;
      d[r + O_SIZE] = parent.d[parent.o + O_FILLED];
      d[r + O_ACTIVE_AFTER] = atOpen ? this.step - 1 : this.step;
    }
  }

  private finish(o: SimOrder, status: number, reason: string): void {
    if (!o.working) return;
    o.d[o.o + O_STATUS] = status;
    o.d[o.o + O_REASON] = this.strings.id(reason);
    this.workingCount--;
    this.listener?.orderChanged(o);
  }

  private fillView(f: number): FillView {
    const b = this.fillLog.at(f);
    const c = this.fillLog.data;
    return {
      orderId: `o${c[b + F_ORDER]}`,
      symbol: this.o.symbols[c[b + F_INST]],
      side: c[b + F_SIDE] > 0 ? 'buy' : 'sell',
      size: c[b + F_SIZE],
      price: c[b + F_PRICE],
      commission: c[b + F_COMMISSION],
      slippage: c[b + F_SLIPPAGE],
      liquidity: c[b + F_MAKER] ? 'maker' : 'taker',
      ts: c[b + F_TS],
      barIndex: c[b + F_BAR],
      tag: this.strings.value(c[b + F_TAG]),
    };
  }

  /** Every fill, in order, as objects (for the results). */
  fillRecords(): FillView[] {
    const out: FillView[] = [];
    for (let f = 0; f < this.fillLog.length; f++) out.push(this.fillView(f));
    return out;
  }

  /** Returns the logs' memory to the pool (after the results are built). */
  release(): void {
    this.orderLog.release();
    this.fillLog.release();
  }

  /** The fills where they are logged, for the equity curve of a one-instrument run (markSingle). */
  fillRows(): { rows: FillRows; fields: FillFields } {
    return { rows: this.fillLog, fields: FILL_FIELDS };
  }

  /**
   * The fills as the equity curve of several feeds reads them (step, cash and position after
   * each): all of them, and each instrument's, split in one pass over the log (one instrument:
   * the same track).
   */
  fillTracks(): { all: FillTrack; byInst: FillTrack[] } {
    const log = this.fillLog;
    const n = log.length;
    const nInst = this.working.length;
    const track = (len: number): FillTrack => ({ length: len, step: new Float64Array(len), cash: new Float64Array(len), size: new Float64Array(len) });
    const all = track(n);
    const inst = new Float64Array(n);
    const counts = new Int32Array(nInst);
    for (let f = 0; f < n; f++) {
      const b = log.at(f); // moves log.data to the record's segment: read it after
      const c = log.data;
      const k = c[b + F_INST];
      inst[f] = k;
      counts[k]++;
      all.step[f] = c[b + F_STEP];
      all.cash[f] = c[b + F_CASH];
      all.size[f] = c[b + F_POSITION];
    }
    if (nInst === 1) return { all, byInst: [all] };
    const byInst = Array.from(counts, (len) => track(len));
    const at = new Int32Array(nInst);
    for (let f = 0; f < n; f++) {
      const t = byInst[inst[f]];
      const j = at[inst[f]]++;
      t.step[j] = all.step[f];
      t.cash[j] = all.cash[f];
      t.size[j] = all.size[f];
    }
    return { all, byInst };
  }

  /** Σ size × price × multiplier over fills (summed as they happen: a pass over the fills after a big run was cold code). */
  tradedNotional(): number {
    return this.notional;
  }

  /** Every order in submission order (working ones as they stand now), as objects. */
  orderRecords(): OrderView[] {
    const out: OrderView[] = [];
    for (let i = 0; i < this.orderLog.length; i++) {
      const r = this.orderLog.at(i);
      out.push(orderFromRow(this, i + 1, this.orderLog.data, r));
    }
    return out;
  }

  private compact(k: number): void {
    const list = this.working[k];
    let j = 0;
    for (let idx = 0; idx < list.length; idx++) if (list[idx].working) list[j++] = list[idx];
    // pop, not `length = j`: shrinking the length trims the backing store, and the next push regrows it.
    while (list.length > j) list.pop();
  }

  /** Removes finished orders of every instrument from the working lists (after strategy hooks). */
  compactAll(): void {
    for (let k = 0; k < this.working.length; k++) if (this.working[k].length > 0) this.compact(k);
  }
}

/**
 * An empty array whose elements are already of the kind that holds objects. A fresh `[]` starts as
 * small integers and changes kind with its first order, in every run: the order path's `push` then
 * saw two array shapes and stayed a call into the runtime instead of a few inlined stores.
 */
function objectList<T>(): T[] {
  const list = [null] as unknown as T[];
  list.pop();
  return list;
}

/** A live view of one position (a class, so its getters inline in the strategy's hot path). */
class SimPosition implements PositionView {
  /** The portfolio's sizes, held directly: strategies read a position's size on every bar. */
  private readonly sizes: Float64Array;
  constructor(
    readonly symbol: string,
    private readonly k: number,
    private readonly pf: Portfolio,
    private readonly broker: SimBroker,
  ) {
    this.sizes = pf.size;
  }
  get size(): number {
    return this.sizes[this.k];
  }
  get avgPrice(): number {
    return this.pf.avgPrice[this.k];
  }
  get unrealizedPnl(): number {
    return this.pf.unrealized(this.k);
  }
  get realizedPnl(): number {
    return this.pf.realized[this.k];
  }
  get sellable(): number {
    return this.broker.sellable(this.k);
  }
}
