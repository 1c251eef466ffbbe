/**
 * The paper broker: a simulated venue behind the same `ExecutionClient` seam as the ccxt broker.
 * Working orders meet each new bar (or tick) of the live feed through the backtest's fill model
 * (`matchOrder`), so a strategy fills the same way in a backtest and on paper: a market order
 * fills at the next bar's open, a limit at its price or better, a stop at its stop or worse.
 * Balances are decimals; starting balances, deposits and withdrawals are rows of its own ledger.
 * Its whole state is plain data (`snapshot()`), saved by the caller after every change so the
 * "venue" survives a restart and can be reconciled against like a real one.
 */
import type { ClientOrderId, InstrumentId } from '../../../shared/ids';
import { splitInstrumentId } from '../../../shared/ids';
import { matchOrder, newMatch } from '../../backtest/fill-model';
import type { OrderType } from '../../model/orders';
import type { Clock } from '../../core/clock';
import { Decimal } from '../../trading/decimal';
import {
  ExecutionError,
  type BalanceReport,
  type ExecutionClient,
  type ExecutionListener,
  type FillReport,
  type ModifyOrder,
  type OrderRef,
  type OrderStatusReport,
  type SubmitOrder,
} from '../../trading/execution-client';
import { tradeId, venueOrderId, type AccountId } from '../../trading/identifiers';
import type { OrderSpec } from '../../trading/order';


export interface PaperBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface PaperOrder {
  venueOrderId: string;
  clientOrderId: ClientOrderId;
  spec: SerializedSpec;
  status: OrderStatusReport['status'];
  filledQty: string;
  filledNotional: string;
  /** A stop-limit whose stop was reached. */
  triggered: boolean;
  /** Bars this order has met (IOC/FOK expire after their first). */
  bars: number;
  tsEvent: number;
}

export interface SerializedSpec {
  instrumentId: InstrumentId;
  side: 'buy' | 'sell';
  kind: OrderSpec['kind'];
  quantity: string;
  price: string | null;
  triggerPrice: string | null;
  timeInForce: OrderSpec['timeInForce'];
  reduceOnly: boolean;
}

export interface PaperLedgerRow {
  ts: number;
  currency: string;
  amount: string;
  kind: 'deposit' | 'withdrawal' | 'trade' | 'fee';
  ref: string;
}

export interface PaperVenueState {
  seq: number;
  tradeSeq: number;
  orders: PaperOrder[];
  fills: Array<Omit<FillReport, 'quantity' | 'price' | 'fee'> & { quantity: string; price: string; fee: string }>;
  ledger: PaperLedgerRow[];
  lastPrice: Record<string, number>;
}

export interface PaperBrokerOptions {
  accountId: AccountId;
  clock: Clock;
  /** Starting balances (booked once, as deposits, when there is no saved state). */
  startingBalances?: Record<string, string>;
  /** Fee rates (fraction of notional, charged in the quote currency like the backtest's commission). */
  fees?: { maker: number; taker: number };
  state?: PaperVenueState;
  /** Called after every change with the whole state (the caller persists it). */
  onChange?: (state: PaperVenueState) => void;
}

const OPEN = new Set(['open', 'partially-filled']);

export class PaperBroker implements ExecutionClient {
  readonly accountId: AccountId;
  private readonly s: PaperVenueState;
  private readonly listeners = new Set<ExecutionListener>();
  private readonly fees: { maker: number; taker: number };
  private readonly match = newMatch();

  constructor(private readonly o: PaperBrokerOptions) {
    this.accountId = o.accountId;
    this.fees = o.fees ?? { maker: 0.001, taker: 0.001 };
    this.s = o.state ?? { seq: 0, tradeSeq: 0, orders: [], fills: [], ledger: [], lastPrice: {} };
    if (!o.state) {
      for (const [c, amount] of Object.entries(o.startingBalances ?? {})) this.deposit(c, Decimal.parse(amount), 'starting balance');
    }
  }

  // ---- cash ----

  /**
   * Books a deposit once per (currency, ref): a retried transfer finds its row and books nothing.
   * Returns whether it was booked now. Without a ref every call is a new deposit.
   */
  deposit(currency: string, amount: Decimal, ref = `deposit-${this.s.ledger.length}`): boolean {
    if (!amount.isPositive()) throw new ExecutionError('rejected', 'a deposit is positive');
    if (this.hasCash('deposit', currency, ref)) return false;
    this.book(currency, amount, 'deposit', ref);
    this.changed();
    return true;
  }

  /** Like `deposit`; refused above the free balance (what open orders do not hold). */
  withdraw(currency: string, amount: Decimal, ref = `withdrawal-${this.s.ledger.length}`): boolean {
    if (!amount.isPositive()) throw new ExecutionError('rejected', 'a withdrawal is positive');
    if (this.hasCash('withdrawal', currency, ref)) return false;
    if (amount.gt(this.free(currency))) throw new ExecutionError('rejected', `cannot withdraw ${amount.toPlainString()} ${currency}: ${this.free(currency).toPlainString()} is free`);
    this.book(currency, amount.neg(), 'withdrawal', ref);
    this.changed();
    return true;
  }

  /** The row of a deposit or withdrawal, if booked. */
  cashRow(kind: 'deposit' | 'withdrawal', currency: string, ref: string): PaperLedgerRow | undefined {
    return this.s.ledger.find((r) => r.kind === kind && r.currency === currency && r.ref === ref);
  }

  private hasCash(kind: 'deposit' | 'withdrawal', currency: string, ref: string): boolean {
    return this.cashRow(kind, currency, ref) !== undefined;
  }

  snapshot(): PaperVenueState {
    return structuredClone(this.s);
  }

  // ---- market input ----

  /** A closed bar of the feed: working orders of that instrument meet it (the fill model decides). */
  onBar(inst: InstrumentId, bar: PaperBar): void {
    this.s.lastPrice[inst] = bar.close;
    let changed = false;
    for (const o of this.s.orders) {
      if (o.spec.instrumentId !== inst || !OPEN.has(o.status)) continue;
      changed = this.meet(o, bar) || changed;
    }
    if (changed) this.changed();
  }

  /** A trade price between bars (the ticker): treated as a bar whose range is that one price. */
  onPrice(inst: InstrumentId, price: number, ts: number): void {
    this.onBar(inst, { ts, open: price, high: price, low: price, close: price });
  }

  lastPrice(inst: InstrumentId): number | undefined {
    return this.s.lastPrice[inst];
  }

  // ---- ExecutionClient ----

  async submit(order: SubmitOrder): Promise<OrderStatusReport> {
    const { spec } = order;
    if (this.s.orders.some((o) => o.clientOrderId === order.clientOrderId && OPEN.has(o.status))) throw new ExecutionError('rejected', 'duplicate client order id');
    const { base, quote } = pair(spec.instrumentId);
    if (spec.timeInForce === 'post-only') {
      const last = this.s.lastPrice[spec.instrumentId];
      if (spec.kind !== 'limit') throw new ExecutionError('rejected', 'post-only needs a limit order');
      if (last !== undefined && spec.price && (spec.side === 'buy' ? spec.price.toNumber() >= last : spec.price.toNumber() <= last)) throw new ExecutionError('rejected', 'post-only order would take liquidity');
    }
    if (spec.side === 'sell' && spec.quantity.gt(this.free(base))) throw new ExecutionError('rejected', `insufficient ${base}: ${this.free(base).toPlainString()} free`);
    if (spec.reduceOnly && spec.side === 'buy') throw new ExecutionError('rejected', 'a reduce-only buy has nothing to reduce on a spot account');
    if (spec.side === 'buy') {
      const px = spec.price ?? spec.triggerPrice ?? (this.s.lastPrice[spec.instrumentId] !== undefined ? Decimal.fromNumber(this.s.lastPrice[spec.instrumentId]) : null);
      if (px && spec.quantity.mul(px).gt(this.free(quote))) throw new ExecutionError('rejected', `insufficient ${quote}: ${this.free(quote).toPlainString()} free`);
    }
    const o: PaperOrder = {
      venueOrderId: `P${++this.s.seq}`,
      clientOrderId: order.clientOrderId,
      spec: serialize(spec),
      status: 'open',
      filledQty: '0',
      filledNotional: '0',
      triggered: false,
      bars: 0,
      tsEvent: this.o.clock.now(),
    };
    this.s.orders.push(o);
    this.changed();
    return this.report(o);
  }

  async cancel(ref: OrderRef): Promise<OrderStatusReport> {
    const o = this.find(ref.clientOrderId, ref.venueOrderId);
    if (!o) throw new ExecutionError('not-found', 'unknown order');
    if (OPEN.has(o.status)) {
      o.status = 'canceled';
      o.tsEvent = this.o.clock.now();
      this.changed();
      this.emitOrder(o);
    }
    return this.report(o);
  }

  async modify(m: ModifyOrder): Promise<OrderStatusReport> {
    const o = this.find(m.clientOrderId, m.venueOrderId);
    if (!o) throw new ExecutionError('not-found', 'unknown order');
    if (!OPEN.has(o.status)) throw new ExecutionError('rejected', `order is ${o.status}`);
    if (m.quantity) {
      if (m.quantity.lte(Decimal.parse(o.filledQty))) throw new ExecutionError('rejected', 'new quantity is not above the filled quantity');
      o.spec.quantity = m.quantity.toString();
    }
    if (m.price) o.spec.price = m.price.toString();
    if (m.triggerPrice) o.spec.triggerPrice = m.triggerPrice.toString();
    o.tsEvent = this.o.clock.now();
    this.changed();
    return this.report(o);
  }

  async queryOrder(id: ClientOrderId): Promise<OrderStatusReport | null> {
    const o = this.find(id, null);
    return o ? this.report(o) : null;
  }

  async fillsOfOrder(ref: OrderRef): Promise<FillReport[]> {
    const o = this.find(ref.clientOrderId, ref.venueOrderId);
    if (!o) return [];
    return this.s.fills.filter((f) => f.venueOrderId === o.venueOrderId).map(toFill);
  }

  async openOrders(inst?: InstrumentId): Promise<OrderStatusReport[]> {
    return this.s.orders.filter((o) => OPEN.has(o.status) && (!inst || o.spec.instrumentId === inst)).map((o) => this.report(o));
  }

  async fillsSince(since: number, inst?: InstrumentId): Promise<FillReport[]> {
    return this.s.fills.filter((f) => f.tsEvent >= since && (!inst || f.instrumentId === inst)).map(toFill);
  }

  async balances(): Promise<BalanceReport[]> {
    const totals = this.totals();
    return [...totals.entries()].map(([currency, total]) => ({ currency, total, reserved: this.reserved(currency) }));
  }

  subscribe(listener: ExecutionListener): () => void {
    this.listeners.add(listener);
    listener.connectionChanged?.(true);
    return () => this.listeners.delete(listener);
  }

  // ---- internals ----

  private meet(o: PaperOrder, bar: PaperBar): boolean {
    const spec = o.spec;
    const type: OrderType = spec.kind === 'stop-market' ? 'stop' : spec.kind === 'stop-limit' ? 'stop-limit' : spec.kind === 'market' ? 'market' : 'limit';
    // a take-profit is a resting exit at its trigger (or its limit): it fills at that price or better
    const limit = spec.kind === 'take-profit' ? (spec.price ?? spec.triggerPrice) : spec.price;
    const ok = matchOrder({ side: spec.side, type, limitPrice: limit === null ? null : Number(limit), stopPrice: spec.triggerPrice === null ? null : Number(spec.triggerPrice), triggered: o.triggered }, bar.open, bar.high, bar.low, this.match);
    o.bars++;
    if (this.match.triggers) o.triggered = true;
    if (!ok) {
      if (spec.timeInForce === 'IOC' || spec.timeInForce === 'FOK') {
        o.status = 'expired';
        o.tsEvent = bar.ts;
        this.emitOrder(o);
        return true;
      }
      return o.triggered && this.match.triggers;
    }
    const leaves = Decimal.parse(spec.quantity).sub(Decimal.parse(o.filledQty));
    const price = Decimal.fromNumber(this.match.price);
    const { base, quote } = pair(spec.instrumentId);
    const notional = leaves.mul(price);
    const rate = this.match.liquidity === 'maker' ? this.fees.maker : this.fees.taker;
    const fee = notional.mul(Decimal.fromNumber(rate)).round(12, 'half-even');
    if (spec.side === 'buy' && notional.add(fee).gt(this.totals().get(quote) ?? Decimal.ZERO)) {
      o.status = 'rejected';
      o.tsEvent = bar.ts;
      this.emitOrder(o);
      return true;
    }
    const id = `PT${++this.s.tradeSeq}`;
    const sign = spec.side === 'buy' ? Decimal.ONE : Decimal.ONE.neg();
    this.book(base, leaves.mul(sign), 'trade', id, bar.ts);
    this.book(quote, notional.mul(sign).neg(), 'trade', id, bar.ts);
    if (!fee.isZero()) this.book(quote, fee.neg(), 'fee', id, bar.ts);
    o.filledQty = spec.quantity;
    o.filledNotional = Decimal.parse(o.filledNotional).add(notional).toString();
    o.status = 'filled';
    o.tsEvent = bar.ts;
    const fill = {
      accountId: this.accountId,
      instrumentId: spec.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: venueOrderId(o.venueOrderId),
      tradeId: tradeId(id),
      side: spec.side,
      quantity: leaves.toString(),
      price: price.toString(),
      fee: fee.toString(),
      feeCurrency: quote,
      liquidity: this.match.liquidity,
      tsEvent: bar.ts,
    };
    this.s.fills.push(fill);
    this.emitOrder(o);
    const f = toFill(fill);
    for (const l of this.listeners) l.filled(f);
    return true;
  }

  private book(currency: string, amount: Decimal, kind: PaperLedgerRow['kind'], ref: string, ts = this.o.clock.now()): void {
    this.s.ledger.push({ ts, currency, amount: amount.toString(), kind, ref });
  }

  private totals(): Map<string, Decimal> {
    const m = new Map<string, Decimal>();
    for (const r of this.s.ledger) m.set(r.currency, (m.get(r.currency) ?? Decimal.ZERO).add(Decimal.parse(r.amount)));
    return m;
  }

  private reserved(currency: string): Decimal {
    let r = Decimal.ZERO;
    for (const o of this.s.orders) {
      if (!OPEN.has(o.status)) continue;
      const { base, quote } = pair(o.spec.instrumentId);
      const leaves = Decimal.parse(o.spec.quantity).sub(Decimal.parse(o.filledQty));
      if (o.spec.side === 'sell' && base === currency) r = r.add(leaves);
      const px = o.spec.price ?? o.spec.triggerPrice;
      if (o.spec.side === 'buy' && quote === currency && px !== null) r = r.add(leaves.mul(Decimal.parse(px)));
    }
    return r;
  }

  private free(currency: string): Decimal {
    return (this.totals().get(currency) ?? Decimal.ZERO).sub(this.reserved(currency));
  }

  private find(cid: ClientOrderId | null, vid: string | null): PaperOrder | undefined {
    // the latest order with that client id, like a venue's lookup
    for (let i = this.s.orders.length - 1; i >= 0; i--) {
      const o = this.s.orders[i];
      if ((cid && o.clientOrderId === cid) || (vid && o.venueOrderId === vid)) return o;
    }
    return undefined;
  }

  private report(o: PaperOrder): OrderStatusReport {
    const filled = Decimal.parse(o.filledQty);
    const status = o.status === 'open' && filled.isPositive() ? 'partially-filled' : o.status;
    return {
      accountId: this.accountId,
      instrumentId: o.spec.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: venueOrderId(o.venueOrderId),
      side: o.spec.side,
      status,
      quantity: Decimal.parse(o.spec.quantity),
      filledQty: filled,
      price: o.spec.price === null ? null : Decimal.parse(o.spec.price),
      avgPx: filled.isZero() ? null : Decimal.parse(o.filledNotional).div(filled, 12, 'half-even'),
      tsEvent: o.tsEvent,
    };
  }

  private emitOrder(o: PaperOrder): void {
    const r = this.report(o);
    for (const l of this.listeners) l.orderUpdated(r);
  }

  private changed(): void {
    this.o.onChange?.(this.snapshot());
  }
}

function pair(id: InstrumentId): { base: string; quote: string } {
  const [base, rest] = splitInstrumentId(id).symbol.split('/');
  return { base, quote: (rest ?? '').split(':')[0] };
}

function serialize(s: OrderSpec): SerializedSpec {
  return {
    instrumentId: s.instrumentId,
    side: s.side,
    kind: s.kind,
    quantity: s.quantity.toString(),
    price: s.price?.toString() ?? null,
    triggerPrice: s.triggerPrice?.toString() ?? null,
    timeInForce: s.timeInForce,
    reduceOnly: s.reduceOnly,
  };
}

function toFill(f: PaperVenueState['fills'][number]): FillReport {
  return { ...f, quantity: Decimal.parse(f.quantity), price: Decimal.parse(f.price), fee: Decimal.parse(f.fee) };
}
