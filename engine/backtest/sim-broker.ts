import type { AccountView, PortfolioView, PositionView } from '../strategy/api';
import type { Broker, BrokerListener, OrderLinks } from '../strategy/broker';
import type { BarColumns } from '../model/bars';
import type { Cursor } from '../strategy/series';
import type { InstrumentSpec } from '../model/instrument';
import { roundToLot, roundToTick } from '../model/instrument';
import type { FillView, OrderChanges, OrderRequest, OrderStatus, OrderType, OrderView } from '../model/orders';
import type { CommissionModel } from './commission';
import { firstOf, matchOrder, newMatch, type Match } from './fill-model';
import type { Portfolio } from './portfolio';
import { priceLimits } from './profiles/cn-ashares';
import type { MarketProfile } from './profiles/types';
import { SimOrder } from './sim-order';
import { Interner, RecordLog } from './columns';

// Field offsets of the order and fill records (see RecordLog).
const O_INST = 0;
const O_SIDE = 1;
const O_TYPE = 2;
const O_SIZE = 3;
const O_FILLED = 4;
const O_LIMIT = 5;
const O_STOP = 6;
const O_STATUS = 7;
const O_AVG_PRICE = 8;
const O_REDUCE_ONLY = 9;
const O_TAG = 10;
const O_PARENT = 11;
const O_OCO = 12;
const O_REASON = 13;
const O_CREATED_AT = 14;
const ORDER_STRIDE = 15;
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
const TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stop-limit'];
const STATUSES: readonly OrderStatus[] = ['accepted', 'partially-filled', 'filled', 'cancelled', 'rejected'];
const statusCode = (s: OrderStatus): number => (s === 'filled' ? 2 : s === 'cancelled' ? 3 : s === 'rejected' ? 4 : s === 'accepted' ? 0 : 1);
import type { SlippageModel } from './slippage';
import type { FillTrack } from './mark-to-market';
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
export class SimBroker implements Broker {
  /** Every order once it is final (working ones are added by `orderRecords`), at index seq − 1. */
  private readonly orderLog = new RecordLog(ORDER_STRIDE);
  private readonly fillLog = new RecordLog(FILL_STRIDE);
  private readonly strings = new Interner();
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
    this.working = o.symbols.map(() => []);
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

  submit(inst: number, r: OrderRequest, links: OrderLinks = {}): OrderView {
    const type = r.type ?? 'market';
    const tick = this.tick[inst];
    const limit = r.limitPrice === undefined ? null : roundToTick(r.limitPrice, tick);
    const stop = r.stopPrice === undefined ? null : roundToTick(r.stopPrice, tick);
    const seq = ++this.seq;
    const tag = r.tag ?? null;
    const parentId = links.parentId ?? null;
    const o = new SimOrder(seq, inst, this.o.symbols[inst], r.side, type, r.size, limit, stop, r.reduceOnly === true, tag, parentId, links.ocoGroup ?? null, this.now, this.step, this.strings.id(tag));
    if (parentId !== null) this.hasBrackets = true;
    const why = this.validate(o);
    if (why !== null) {
      o.status = 'rejected';
      o.reason = why;
      this.record(o);
      this.listener?.orderChanged(o);
      return o;
    }
    this.working[inst].push(o);
    this.workingCount++;
    this.listener?.orderChanged(o);
    return o;
  }

  /** A new OCO group id (for `ctx.oco` and brackets). */
  newOcoGroup(): string {
    return `g${++this.ocoSeq}`;
  }

  /** A working order by id (only working orders can be cancelled or changed; the lists are short). */
  private byId(orderId: string): SimOrder | undefined {
    const seq = Number(orderId.slice(1));
    if (`o${seq}` !== orderId) return undefined; // not an id this broker made
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
    this.finish(o, 'cancelled', reason);
    // A bracket entry takes its waiting exits with it.
    if (o.filled === 0) {
      const id = o.id;
      for (const c of this.working[o.inst]) if (c.parentId === id && c.working) this.finish(c, 'cancelled', 'bracket entry cancelled');
    }
  }

  modify(orderId: string, ch: OrderChanges): boolean {
    const o = this.byId(orderId);
    if (!o) return false;
    const tick = this.tick[o.inst];
    if (ch.size !== undefined) {
      const size = this.roundOrderSize(o.inst, o.side, ch.size);
      if (!(size > o.filled)) return false;
      o.size = size;
    }
    if (ch.limitPrice !== undefined) o.limitPrice = roundToTick(ch.limitPrice, tick);
    if (ch.stopPrice !== undefined) o.stopPrice = roundToTick(ch.stopPrice, tick);
    o.activeAfterStep = Math.max(o.activeAfterStep, this.step);
    this.listener?.orderChanged(o);
    return true;
  }

  private roundOrderSize(inst: number, side: 'buy' | 'sell', size: number): number {
    const pos = this.o.portfolio.size[inst];
    // A-shares: odd lots may only be sold to close the whole position.
    if (side === 'sell' && this.o.profile.oddLotSellOnlyToClose && pos > 0 && size >= pos - 1e-9) return pos;
    return roundToLot(size, this.lot[inst]);
  }

  private validate(o: SimOrder): string | null {
    if (!(o.size > 0) || !Number.isFinite(o.size)) return `size must be a positive number (got ${o.size})`;
    if ((o.type === 'limit' || o.type === 'stop-limit') && !(o.limitPrice !== null && o.limitPrice > 0)) return `${o.type} order needs a positive limitPrice`;
    if ((o.type === 'stop' || o.type === 'stop-limit') && !(o.stopPrice !== null && o.stopPrice > 0)) return `${o.type} order needs a positive stopPrice`;
    const size = this.roundOrderSize(o.inst, o.side, o.size);
    if (!(size > 0)) return `size ${o.size} is below the lot size ${this.lot[o.inst]}`;
    o.size = size;
    const spec = this.o.specs[o.inst];
    if (spec.minSize !== undefined && size < spec.minSize) return `size ${size} is below the minimum ${spec.minSize}`;
    if (spec.minNotional !== undefined) {
      const ref = o.limitPrice ?? o.stopPrice ?? this.lastPrice(o.inst);
      if (Number.isFinite(ref) && size * ref * this.o.portfolio.multiplier[o.inst] < spec.minNotional) return `notional ${size * ref} is below the minimum ${spec.minNotional}`;
    }
    if (o.side === 'sell' && !this.o.allowShort && !o.reduceOnly && o.parentId === null) {
      const pos = this.o.portfolio.size[o.inst];
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
    const high = bars.high[i];
    const low = bars.low[i];
    let volumeLeft = this.o.volumeCap === undefined ? Infinity : this.o.volumeCap * bars.volume[i];
    const m = this.m;
    for (let idx = 0; idx < list.length; idx++) {
      const o = list[idx];
      if (!o.working || o.waitingForParent || o.activeAfterStep >= this.step) continue;
      const hit = matchOrder(o, open, high, low, m);
      if (m.triggers) o.triggered = true;
      if (!hit) continue;
      let winner = o;
      if (o.ocoGroup !== null) winner = this.resolveOco(o, list, open, high, low);
      if (winner !== o) {
        matchOrder(winner, open, high, low, m);
        if (m.triggers) winner.triggered = true;
      }
      volumeLeft = this.execute(winner, k, i, m, volumeLeft);
    }
    this.compact(k);
  }

  /** Of an OCO group's orders that could fill in this bar, the one that did (see `firstOf`). */
  private resolveOco(o: SimOrder, list: SimOrder[], open: number, high: number, low: number): SimOrder {
    let best = o;
    const bm = this.m2;
    matchOrder(o, open, high, low, bm);
    const cm = newMatch();
    for (const c of list) {
      if (c === o || c.ocoGroup !== o.ocoGroup || !c.working || c.waitingForParent || c.activeAfterStep >= this.step) continue;
      if (!matchOrder(c, open, high, low, cm)) continue;
      if (firstOf(best.side, bm, cm, this.o.intrabar) === 'b') {
        best = c;
        Object.assign(bm, cm);
      }
    }
    return best;
  }

  private execute(o: SimOrder, k: number, i: number, m: Match, volumeLeft: number): number {
    const pf = this.o.portfolio;
    const bars = this.o.bars[k];
    // Bars meet orders in the step they open in, so the clock is their open time (and is in a
    // register; bars.ts[i] was a cache miss with many symbols).
    const ts = this.now;
    const tPlusOne = this.o.profile.tPlusOne;
    // The exchange day matters only to T+1 (today's buys); elsewhere it is never read.
    const day = tPlusOne ? this.exchangeDay(ts) : 0;
    const pos = pf.size[k];
    let qty = o.remaining;

    if (o.reduceOnly) {
      const reducible = o.side === 'sell' ? Math.max(0, pos) : Math.max(0, -pos);
      if (reducible <= 0) {
        this.finish(o, 'cancelled', 'reduce-only order with nothing to reduce');
        return volumeLeft;
      }
      qty = Math.min(qty, reducible);
    }
    if (o.side === 'sell' && !this.o.allowShort) qty = Math.min(qty, Math.max(0, pos));
    if (o.side === 'sell' && tPlusOne) qty = Math.min(qty, pf.sellable(k, day, true));
    if (qty < o.remaining) qty = this.roundOrderSize(k, o.side, qty);
    if (volumeLeft !== Infinity) qty = Math.min(qty, this.roundOrderSize(k, o.side, volumeLeft));
    if (!(qty > 0)) return volumeLeft; // nothing may trade now; the order keeps working

    let price = m.price;
    if (m.liquidity === 'taker' && this.o.slippage.active) price = this.o.slippage.apply(o.side, price, qty, bars.volume[i], this.tick[k] || undefined, bars.low[i], bars.high[i]);
    if (this.o.priceLimit !== undefined) {
      const prev = this.prevDayClose[k];
      if (Number.isFinite(prev)) {
        const lim = priceLimits(prev, this.o.priceLimit, this.tick[k] || 0.01);
        // No buying at limit-up, no selling at limit-down: the order waits.
        if (o.side === 'buy' && price >= lim.up - 1e-9) return volumeLeft;
        if (o.side === 'sell' && price <= lim.down + 1e-9) return volumeLeft;
      }
    }
    const mult = pf.multiplier[k];
    const fee = this.o.commission.fee(o.side, qty, price, m.liquidity, o.filled === 0, mult);
    const signed = o.side === 'buy' ? qty : -qty;
    const next = pos + signed;
    if (Math.abs(next) > Math.abs(pos)) {
      // Margin: gross exposure after the fill must stay within equity × leverage.
      pf.refreshMarks();
      pf.mark[k] = price;
      const equity = pf.equityAtMarks() - fee;
      const grossOthers = pf.grossAtMarks() - Math.abs(pos * price * mult);
      if (grossOthers + Math.abs(next * price * mult) > equity * this.o.leverage * (1 + 1e-12)) {
        this.finish(o, 'rejected', 'insufficient margin');
        return volumeLeft;
      }
    }

    const realized = pf.apply(k, o.side, qty, price, fee, day);
    this.notional += qty * price * mult;
    this.o.trades.fill(k, o.side, qty, price, fee, ts, i, pos, pf.size[k], realized);
    o.avgPrice = o.filled === 0 ? price : (o.avgPrice * o.filled + price * qty) / (o.filled + qty);
    o.filled += qty;
    const slip = Math.abs(price - m.price) * qty * mult;
    const f = this.fillLog.add(); // offset of the new record
    const c = this.fillLog.data;
    c[f + F_TS] = ts;
    c[f + F_BAR] = i;
    c[f + F_INST] = k;
    c[f + F_SIDE] = o.side === 'buy' ? 1 : -1;
    c[f + F_SIZE] = qty;
    c[f + F_PRICE] = price;
    c[f + F_COMMISSION] = fee;
    c[f + F_SLIPPAGE] = slip;
    c[f + F_MAKER] = m.liquidity === 'maker' ? 1 : 0;
    c[f + F_ORDER] = o.seq;
    c[f + F_TAG] = o.tagId;
    c[f + F_STEP] = this.step;
    c[f + F_POSITION] = pf.size[k];
    c[f + F_CASH] = pf.cash;
    const done = o.remaining <= 1e-12 * o.size;
    if (done) {
      o.status = 'filled';
      this.workingCount--;
      this.record(o);
    } else o.status = 'partially-filled';
    if (this.listener) {
      this.listener.filled(this.fillView(this.fillLog.length - 1), k);
      this.listener.orderChanged(o);
    }
    if (o.ocoGroup !== null) for (const c of this.working[k]) if (c !== o && c.ocoGroup === o.ocoGroup && c.working) this.finish(c, 'cancelled', 'OCO sibling filled');
    if (done && this.hasBrackets) this.releaseChildren(o, k, m.atOpen);
    return volumeLeft - qty;
  }

  /** A filled bracket entry arms its exits: at once when it filled at the open (the rest of the bar came after), else from the next bar. */
  private releaseChildren(parent: SimOrder, k: number, atOpen: boolean): void {
    const parentId = parent.id;
    for (const c of this.working[k]) {
      if (c.parentId !== parentId || !c.working) continue;
      c.waitingForParent = false;
      c.size = parent.filled;
      c.activeAfterStep = atOpen ? this.step - 1 : this.step;
    }
  }

  private finish(o: SimOrder, status: 'cancelled' | 'rejected', reason: string): void {
    if (!o.working) return;
    o.status = status;
    o.reason = reason;
    this.workingCount--;
    this.record(o);
    this.listener?.orderChanged(o);
  }

  /** Writes an order's current state to the log (at index seq − 1). */
  private record(o: SimOrder): void {
    const i = this.orderLog.at(o.seq - 1);
    const c = this.orderLog.data;
    c[i + O_INST] = o.inst;
    c[i + O_SIDE] = o.side === 'buy' ? 1 : -1;
    c[i + O_TYPE] = o.type === 'market' ? 0 : o.type === 'limit' ? 1 : o.type === 'stop' ? 2 : 3;
    c[i + O_SIZE] = o.size;
    c[i + O_FILLED] = o.filled;
    c[i + O_LIMIT] = o.limitPrice ?? NaN;
    c[i + O_STOP] = o.stopPrice ?? NaN;
    c[i + O_STATUS] = statusCode(o.status);
    c[i + O_AVG_PRICE] = o.avgPrice;
    c[i + O_REDUCE_ONLY] = o.reduceOnly ? 1 : 0;
    c[i + O_TAG] = o.tagId;
    c[i + O_PARENT] = o.parentId === null ? -1 : Number(o.parentId.slice(1));
    c[i + O_OCO] = o.ocoGroup === null ? -1 : this.strings.id(o.ocoGroup);
    c[i + O_REASON] = o.reason === null ? -1 : this.strings.id(o.reason);
    c[i + O_CREATED_AT] = o.createdAt;
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

  /**
   * The fills as the equity curve reads them (step, cash and position after each): all of them,
   * and each instrument's, split in one pass over the log (one instrument: the same track).
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
    for (const list of this.working) for (const o of list) if (o.working) this.record(o);
    const out: OrderView[] = [];
    const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
    for (let i = 0; i < this.orderLog.length; i++) {
      const b = this.orderLog.at(i);
      const c = this.orderLog.data;
      out.push({
        id: `o${i + 1}`,
        symbol: this.o.symbols[c[b + O_INST]],
        side: c[b + O_SIDE] > 0 ? 'buy' : 'sell',
        type: TYPES[c[b + O_TYPE]],
        size: c[b + O_SIZE],
        filled: c[b + O_FILLED],
        limitPrice: num(c[b + O_LIMIT]),
        stopPrice: num(c[b + O_STOP]),
        status: STATUSES[c[b + O_STATUS]],
        avgPrice: c[b + O_AVG_PRICE],
        reduceOnly: c[b + O_REDUCE_ONLY] === 1,
        tag: this.strings.value(c[b + O_TAG]),
        parentId: c[b + O_PARENT] < 0 ? null : `o${c[b + O_PARENT]}`,
        ocoGroup: this.strings.value(c[b + O_OCO]),
        reason: this.strings.value(c[b + O_REASON]),
        createdAt: c[b + O_CREATED_AT],
      });
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

/** A live view of one position (a class, so its getters inline in the strategy's hot path). */
class SimPosition implements PositionView {
  constructor(
    readonly symbol: string,
    private readonly k: number,
    private readonly pf: Portfolio,
    private readonly broker: SimBroker,
  ) {}
  get size(): number {
    return this.pf.size[this.k];
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
