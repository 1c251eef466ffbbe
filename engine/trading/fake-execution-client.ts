/**
 * An in-memory venue behind the `ExecutionClient` interface, for unit tests of the order manager
 * and of whatever sits on top of it. It can lose answers (`nextSubmit = 'timeout-after-place'`),
 * refuse, go unreachable, and deliver fills (twice, if asked).
 */
import type { ClientOrderId, InstrumentId } from '../../shared/ids';
import { Decimal } from './decimal';
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
  type VenueCapabilities,
} from './execution-client';
import { tradeId, venueOrderId, type AccountId, type VenueOrderId } from './identifiers';

export type FakeSubmitBehaviour =
  | 'accept'
  /** the venue places the order but the answer is lost */
  | 'timeout-after-place'
  /** the request never reaches the venue */
  | 'timeout-before-place'
  | 'reject';

export class FakeExecutionClient implements ExecutionClient {
  readonly venueOrders = new Map<VenueOrderId, OrderStatusReport>();
  readonly venueFills: FillReport[] = [];
  readonly calls: string[] = [];
  balancesReport: BalanceReport[] = [];
  nextSubmit: FakeSubmitBehaviour[] = [];
  /** While set, every call fails with a network error. */
  unreachable = false;
  cancelBehaviour: 'ok' | 'timeout' | 'reject' = 'ok';
  /** What the fake venue holds itself (set `stopMarket: false` to make the order manager emulate stops). */
  caps: VenueCapabilities = { stopMarket: true, stopLimit: true, takeProfit: true, batchMax: 0 };
  private seq = 0;
  private tradeSeq = 0;
  private readonly listeners = new Set<ExecutionListener>();

  constructor(
    readonly accountId: AccountId,
    private readonly now: () => number = () => 0,
  ) {}

  async submit(o: SubmitOrder): Promise<OrderStatusReport> {
    this.calls.push(`submit ${o.clientOrderId}`);
    this.reachable();
    const b = this.nextSubmit.shift() ?? 'accept';
    if (b === 'timeout-before-place') throw new ExecutionError('timeout', 'no answer within 10 s');
    if (b === 'reject') throw new ExecutionError('rejected', 'insufficient balance');
    if ([...this.venueOrders.values()].some((r) => r.clientOrderId === o.clientOrderId)) throw new ExecutionError('rejected', 'duplicate client order id');
    const r: OrderStatusReport = {
      accountId: this.accountId,
      instrumentId: o.spec.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: venueOrderId(`V${++this.seq}`),
      side: o.spec.side,
      status: 'open',
      quantity: o.spec.quantity,
      filledQty: Decimal.ZERO,
      price: o.spec.price ?? null,
      avgPx: null,
      tsEvent: this.now(),
    };
    this.venueOrders.set(r.venueOrderId, r);
    if (b === 'timeout-after-place') throw new ExecutionError('timeout', 'no answer within 10 s');
    return { ...r };
  }

  async cancel(ref: OrderRef): Promise<OrderStatusReport> {
    this.calls.push(`cancel ${ref.clientOrderId}`);
    this.reachable();
    const r = this.lookup(ref.clientOrderId);
    if (!r) throw new ExecutionError('not-found', 'unknown order');
    if (this.cancelBehaviour === 'reject') throw new ExecutionError('rejected', 'cancel refused');
    if (r.status === 'open' || r.status === 'partially-filled') r.status = 'canceled';
    if (this.cancelBehaviour === 'timeout') throw new ExecutionError('timeout', 'no answer');
    return { ...r };
  }

  async modify(m: ModifyOrder): Promise<OrderStatusReport> {
    this.calls.push(`modify ${m.clientOrderId}`);
    this.reachable();
    const r = this.lookup(m.clientOrderId);
    if (!r || (r.status !== 'open' && r.status !== 'partially-filled')) throw new ExecutionError('rejected', 'order is not open');
    if (m.quantity) r.quantity = m.quantity;
    if (m.price) r.price = m.price;
    return { ...r };
  }

  async queryOrder(id: ClientOrderId): Promise<OrderStatusReport | null> {
    this.calls.push(`query ${id}`);
    this.reachable();
    const r = this.lookup(id);
    return r ? { ...r } : null;
  }

  async fillsOfOrder(ref: OrderRef): Promise<FillReport[]> {
    this.reachable();
    const r = this.lookup(ref.clientOrderId);
    return r ? this.venueFills.filter((f) => f.venueOrderId === r.venueOrderId).map((f) => ({ ...f })) : [];
  }

  async openOrders(instrumentId?: InstrumentId): Promise<OrderStatusReport[]> {
    this.reachable();
    return [...this.venueOrders.values()].filter((r) => (r.status === 'open' || r.status === 'partially-filled') && (!instrumentId || r.instrumentId === instrumentId)).map((r) => ({ ...r }));
  }

  async fillsSince(since: number): Promise<FillReport[]> {
    this.reachable();
    return this.venueFills.filter((f) => f.tsEvent >= since).map((f) => ({ ...f }));
  }

  async balances(): Promise<BalanceReport[]> {
    this.reachable();
    return this.balancesReport.map((b) => ({ ...b }));
  }

  async capabilities(): Promise<VenueCapabilities> {
    return { ...this.caps };
  }

  subscribe(l: ExecutionListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** The venue executes part of an order; the fill is pushed to subscribers unless `silent`. */
  fill(clientOrderId: ClientOrderId, qty: string, px: string, o: { fee?: string; feeCurrency?: string; silent?: boolean; withClientId?: boolean } = {}): FillReport {
    const r = this.lookup(clientOrderId);
    if (!r) throw new Error(`fake venue: no order ${clientOrderId}`);
    const q = Decimal.parse(qty);
    r.filledQty = r.filledQty.add(q);
    r.status = r.filledQty.gte(r.quantity) ? 'filled' : 'partially-filled';
    r.tsEvent = this.now();
    const f: FillReport = {
      accountId: this.accountId,
      instrumentId: r.instrumentId,
      clientOrderId: o.withClientId === false ? null : clientOrderId,
      venueOrderId: r.venueOrderId,
      tradeId: tradeId(`T${++this.tradeSeq}`),
      side: r.side,
      quantity: q,
      price: Decimal.parse(px),
      fee: Decimal.parse(o.fee ?? '0'),
      feeCurrency: o.feeCurrency ?? 'USDT',
      liquidity: 'taker',
      tsEvent: this.now(),
    };
    this.venueFills.push(f);
    if (!o.silent) this.push((l) => l.filled({ ...f }));
    return f;
  }

  push(fn: (l: ExecutionListener) => void): void {
    for (const l of this.listeners) fn(l);
  }

  lookup(id: ClientOrderId): OrderStatusReport | undefined {
    return [...this.venueOrders.values()].find((r) => r.clientOrderId === id);
  }

  private reachable(): void {
    if (this.unreachable) throw new ExecutionError('network', 'connection refused');
  }
}
