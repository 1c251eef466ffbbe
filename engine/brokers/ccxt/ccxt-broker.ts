/**
 * The ccxt broker: any ccxt exchange behind the `ExecutionClient` seam (spot first). Orders are
 * checked against the venue's precision and limits before they go out (nothing is rounded
 * silently); reads are retried with backoff on rate limits and network errors, creates never;
 * order and fill streams (`watchOrders` / `watchMyTrades`) reconnect with backoff and fetch the
 * fills missed while they were down, and REST polling stands in where the venue has no streams.
 */
import { instrumentId, splitInstrumentId, type ClientOrderId, type InstrumentId } from '../../../shared/ids';
import type { Clock } from '../../core/clock';
import { Decimal } from '../../trading/decimal';
import {
  ExecutionError,
  type BatchOutcome,
  type BalanceReport,
  type ExecutionClient,
  type ExecutionListener,
  type FillReport,
  type ModifyOrder,
  type OrderRef,
  type OrderStatusReport,
  type SubmitOrder,
  type VenueCapabilities,
  type VenueOrderStatus,
} from '../../trading/execution-client';
import type { OrderSpec } from '../../trading/order';
import { clientOrderId, tradeId, venueOrderId, type AccountId } from '../../trading/identifiers';
import type { InstrumentSpec } from '../../trading/instrument-spec';
import type { TradingLog } from '../../trading/order-manager';
import { Backoff } from '../../trading/pacing';
import { errorClassNames, executionErrorKind, toExecutionError } from './ccxt-errors';
import type { CcxtMarketFull, CcxtOrder, CcxtOrderRequest, CcxtTrade, CcxtTradingExchange } from './ccxt-types';
import { guardUserStreamRejections } from './stream-guard';

export interface CcxtBrokerOptions {
  accountId: AccountId;
  exchange: CcxtTradingExchange;
  /** The venue part of instrument ids (`binance`). */
  venue: string;
  clock: Clock;
  /** Symbols to watch for fills when the caller names none (reconciliation, polling). */
  symbols?: string[];
  /** Per-request deadline (ccxt `timeout`), ms. */
  timeoutMs?: number;
  /** REST polling interval when the venue has no user streams (or they keep failing), ms. */
  pollMs?: number;
  /** Read retries on rate limits and network errors. */
  readAttempts?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  log?: TradingLog;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Keep stop and take-profit triggers off the venue even where it has them (hidden stops): the
   * order manager watches them and sends a market/limit order when crossed.
   */
  localTriggers?: boolean;
}

const NO_LOG: TradingLog = { info() {}, warn() {}, error() {} };
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class CcxtBroker implements ExecutionClient {
  readonly accountId: AccountId;
  private readonly ex: CcxtTradingExchange;
  private readonly log: TradingLog;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly symbols = new Set<string>();
  private readonly listeners = new Set<ExecutionListener>();
  private streaming: { stop: boolean } | null = null;
  /** Venue time of the newest fill seen; after a stream gap, fills since then are fetched. */
  private lastFillTs: number;
  /** How many times streams reconnected (tests, status). */
  reconnects = 0;

  constructor(private readonly o: CcxtBrokerOptions) {
    this.accountId = o.accountId;
    this.ex = o.exchange;
    this.log = o.log ?? NO_LOG;
    this.sleep = o.sleep ?? defaultSleep;
    // venues cap a trade-history window (Binance: 24 h from startTime): start from now, not 0
    this.lastFillTs = o.clock.now();
    for (const s of o.symbols ?? []) this.symbols.add(s);
    if (o.timeoutMs) this.ex.timeout = o.timeoutMs;
    this.ex.options = { ...(this.ex.options ?? {}), warnOnFetchOpenOrdersWithoutSymbol: false };
  }

  /** The venue's rules for an instrument, in decimals (for the pre-trade check). */
  async instrumentSpec(id: InstrumentId): Promise<InstrumentSpec> {
    const m = await this.market(id);
    const num = (v: unknown): Decimal | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Decimal.fromNumber(v) : undefined);
    // ccxt 4 reports precision as a tick size (TICK_SIZE mode) for most venues; digits otherwise
    const step = (p: number | undefined) => (p === undefined ? Decimal.parse('1e-8') : this.ex.precisionMode === 4 ? Decimal.fromNumber(p) : Decimal.parse(`1e-${p}`));
    return {
      instrumentId: id,
      base: m.base,
      quote: m.quote,
      priceTick: step(m.precision?.price),
      amountStep: step(m.precision?.amount),
      minAmount: num(m.limits?.amount?.min),
      maxAmount: num(m.limits?.amount?.max),
      minNotional: num(m.limits?.cost?.min),
      maxNotional: num(m.limits?.cost?.max),
      spot: m.spot !== false,
    };
  }

  /**
   * What the venue does itself for the instrument's market type, from ccxt's `features` (what
   * `createOrder` accepts: `stopLossPrice`, `takeProfitPrice`; `createOrders` and its maximum),
   * falling back to `has` where a venue lists no features.
   */
  async capabilities(id: InstrumentId): Promise<VenueCapabilities> {
    const m = await this.market(id);
    const features = (this.ex.features ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const kind = m.spot !== false ? features.spot : (features[m.type ?? 'swap'] as Record<string, Record<string, unknown> | undefined> | undefined)?.[m.linear === false ? 'inverse' : 'linear'];
    const create = kind?.createOrder as { stopLossPrice?: boolean; takeProfitPrice?: boolean; triggerPrice?: boolean } | undefined;
    const batch = kind?.createOrders as { max?: number } | undefined;
    const has = this.ex.has;
    const stop = !this.o.localTriggers && Boolean(create ? create.stopLossPrice : has.createStopLossOrder);
    const takeProfit = !this.o.localTriggers && Boolean(create ? create.takeProfitPrice : has.createTakeProfitOrder);
    const batchMax = has.createOrders && this.ex.createOrders && batch ? (batch.max ?? 5) : 0;
    return { stopMarket: stop, stopLimit: stop, takeProfit, batchMax };
  }

  /**
   * Several creates: `createOrders` in chunks of the venue's maximum where the market type has it,
   * else one by one. An order refused before sending (grid, minimums) fails alone; a batch request
   * without an answer leaves each of its orders for the order manager to resolve.
   */
  async submitBatch(orders: SubmitOrder[]): Promise<BatchOutcome[]> {
    const out: BatchOutcome[] = new Array(orders.length);
    const caps = orders.length > 1 ? await this.capabilities(orders[0].spec.instrumentId).catch(() => null) : null;
    if (!caps || caps.batchMax < 2) {
      for (let i = 0; i < orders.length; i++) out[i] = await this.submit(orders[i]).then((report) => ({ ok: true as const, report }), (error: unknown) => ({ ok: false as const, error }));
      return out;
    }
    const ready: { i: number; req: CcxtOrderRequest }[] = [];
    for (let i = 0; i < orders.length; i++) {
      try {
        const p = await this.prepare(orders[i]);
        ready.push({ i, req: { symbol: p.symbol, type: p.type, side: orders[i].spec.side, amount: p.amount, ...(p.type === 'limit' ? { price: p.price } : {}), params: p.params } });
      } catch (e) {
        out[i] = { ok: false, error: e instanceof ExecutionError && e.kind !== 'timeout' && e.kind !== 'network' ? e : new ExecutionError('rejected', `${this.o.venue}: the order could not be prepared (${errorClassNames(e)[0] ?? 'error'})`) };
      }
    }
    // venues batch one symbol per request
    const bySymbol = new Map<string, typeof ready>();
    for (const r of ready) bySymbol.set(r.req.symbol, [...(bySymbol.get(r.req.symbol) ?? []), r]);
    for (const group of bySymbol.values()) {
      for (let k = 0; k < group.length; k += caps.batchMax) {
        const chunk = group.slice(k, k + caps.batchMax);
        try {
          const res = await this.ex.createOrders!(chunk.map((c) => c.req));
          chunk.forEach((c, j) => {
            const r = res[j];
            const o = orders[c.i];
            out[c.i] = r && r.id !== undefined && r.id !== null && r.status !== 'rejected' ? { ok: true, report: this.toReport(r, o.spec.instrumentId, o.clientOrderId) } : { ok: false, error: new ExecutionError('rejected', `${this.o.venue} refused the order in the batch`) };
          });
        } catch (e) {
          const err = toExecutionError(e, this.o.venue, 'placing a batch of orders');
          for (const c of chunk) out[c.i] = { ok: false, error: err };
        }
      }
    }
    return out;
  }

  async submit(order: SubmitOrder): Promise<OrderStatusReport> {
    const { symbol, type, amount, price, params } = await this.prepare(order).catch((e) => {
      // nothing has been sent yet: whatever went wrong, the order was not placed
      throw e instanceof ExecutionError && e.kind !== 'timeout' && e.kind !== 'network' ? e : new ExecutionError('rejected', `${this.o.venue}: the order could not be prepared (${errorClassNames(e)[0] ?? 'error'})`);
    });
    try {
      const r = await this.ex.createOrder(symbol, type, order.spec.side, amount, type === 'limit' ? price : undefined, params);
      return this.toReport(r, order.spec.instrumentId, order.clientOrderId);
    } catch (e) {
      throw toExecutionError(e, this.o.venue, 'placing an order');
    }
  }

  /** Venue symbol, ccxt order type, amount and prices on the venue's grid, and params; refuses what the venue would. */
  private async prepare(order: SubmitOrder): Promise<{ symbol: string; type: 'market' | 'limit'; amount: number; price: number | undefined; params: Record<string, unknown> }> {
    const { spec } = order;
    const m = await this.market(spec.instrumentId);
    this.symbols.add(m.symbol);
    const amount = this.checked('amount', spec.quantity, (v) => this.ex.amountToPrecision(m.symbol, v));
    const price = spec.price ? this.checked('price', spec.price, (v) => this.ex.priceToPrecision(m.symbol, v)) : undefined;
    const trigger = spec.triggerPrice ? this.checked('trigger price', spec.triggerPrice, (v) => this.ex.priceToPrecision(m.symbol, v)) : undefined;
    const minAmount = m.limits?.amount?.min;
    if (minAmount && amount < minAmount) throw new ExecutionError('rejected', `amount ${amount} is below the venue's minimum ${minAmount}`);
    const minCost = m.limits?.cost?.min;
    const refPrice = price ?? trigger;
    if (minCost && refPrice !== undefined && amount * refPrice < minCost) throw new ExecutionError('rejected', `notional ${amount * refPrice} is below the venue's minimum ${minCost}`);
    if (spec.reduceOnly && m.spot !== false && spec.side === 'buy') throw new ExecutionError('rejected', 'a reduce-only buy has nothing to reduce on a spot market');

    const params: Record<string, unknown> = { clientOrderId: order.clientOrderId };
    const type: 'market' | 'limit' = spec.kind === 'limit' || spec.kind === 'stop-limit' || (spec.kind === 'take-profit' && price !== undefined) ? 'limit' : 'market';
    if (spec.kind === 'stop-market' || spec.kind === 'stop-limit') params.stopLossPrice = trigger;
    if (spec.kind === 'take-profit') params.takeProfitPrice = trigger;
    if (spec.timeInForce === 'post-only') {
      if (type !== 'limit') throw new ExecutionError('rejected', 'post-only needs a limit order');
      params.postOnly = true;
    } else if (type === 'limit') params.timeInForce = spec.timeInForce;
    // spot venues have no reduce-only flag: it is enforced here and by the pre-trade check
    if (spec.reduceOnly && m.spot === false) params.reduceOnly = true;
    return { symbol: m.symbol, type, amount, price, params };
  }

  async cancel(ref: OrderRef): Promise<OrderStatusReport> {
    const symbol = this.symbolOf(ref.instrumentId);
    try {
      const r = ref.venueOrderId
        ? await this.ex.cancelOrder(ref.venueOrderId, symbol)
        : await this.ex.cancelOrder(undefined as unknown as string, symbol, { origClientOrderId: ref.clientOrderId, clientOrderId: ref.clientOrderId });
      // Binance answers a cancel with the cancel's own client id: ours is the one we asked for
      return this.toReport(r, ref.instrumentId, ref.clientOrderId);
    } catch (e) {
      throw toExecutionError(e, this.o.venue, 'canceling an order');
    }
  }

  /**
   * Cancel-replace: the venue's edit where it has one, else cancel then create under the same
   * client id. A stop stays a stop (its kind comes with `current`; its trigger is kept or changed).
   */
  async modify(mo: ModifyOrder): Promise<OrderStatusReport> {
    const symbol = this.symbolOf(mo.instrumentId);
    const current = await this.queryOrder(mo.clientOrderId, mo.instrumentId);
    if (!current) throw new ExecutionError('not-found', 'the order is not at the venue');
    const m = await this.market(mo.instrumentId);
    const qty = mo.quantity ? this.checked('amount', mo.quantity, (v) => this.ex.amountToPrecision(m.symbol, v)) : current.quantity.toNumber();
    const { type, params } = editTypeOf(mo.current);
    const priceSource = mo.price ?? mo.current?.price;
    const px = type === 'market' ? undefined : priceSource ? this.checked('price', priceSource, (v) => this.ex.priceToPrecision(m.symbol, v)) : current.price?.toNumber();
    const trigger = mo.triggerPrice ?? mo.current?.triggerPrice;
    if (trigger && params) params.triggerPrice = this.checked('trigger price', trigger, (v) => this.ex.priceToPrecision(m.symbol, v));
    try {
      const r = await this.ex.editOrder(current.venueOrderId, symbol, type, current.side, qty, px, { ...(params ?? {}), clientOrderId: mo.clientOrderId, newClientOrderId: mo.clientOrderId });
      return this.toReport(r, mo.instrumentId, mo.clientOrderId);
    } catch (e) {
      throw toExecutionError(e, this.o.venue, 'modifying an order');
    }
  }

  async queryOrder(id: ClientOrderId, inst: InstrumentId): Promise<OrderStatusReport | null> {
    const symbol = this.symbolOf(inst);
    try {
      const r = await this.read('looking up an order', () => this.ex.fetchOrder(undefined as unknown as string, symbol, { origClientOrderId: id, clientOrderId: id }));
      return this.toReport(r, inst, id);
    } catch (e) {
      if (e instanceof ExecutionError && e.kind === 'not-found') return null;
      if (e instanceof ExecutionError && e.kind === 'rejected' && /OrderNotFound|not exist/i.test(e.message)) return null;
      throw e;
    }
  }

  async fillsOfOrder(ref: OrderRef): Promise<FillReport[]> {
    const symbol = this.symbolOf(ref.instrumentId);
    const trades = await this.read('fetching the fills of an order', () => this.ex.fetchMyTrades(symbol, undefined, undefined, ref.venueOrderId ? { orderId: ref.venueOrderId } : {}));
    return trades.filter((t) => !ref.venueOrderId || String(t.order) === ref.venueOrderId).map((t) => this.toFill(t, ref.clientOrderId));
  }

  async openOrders(inst?: InstrumentId): Promise<OrderStatusReport[]> {
    const orders = await this.read('fetching open orders', () => this.ex.fetchOpenOrders(inst ? this.symbolOf(inst) : undefined));
    return orders.map((o) => this.toReport(o, instrumentId(o.symbol, this.o.venue), null));
  }

  async fillsSince(since: number, inst?: InstrumentId): Promise<FillReport[]> {
    const symbols = inst ? [this.symbolOf(inst)] : [...this.symbols];
    const out: FillReport[] = [];
    for (const s of symbols) {
      const trades = await this.read('fetching fills', () => this.ex.fetchMyTrades(s, since, 1000));
      for (const t of trades) out.push(this.toFill(t, null));
    }
    return out.sort((a, b) => a.tsEvent - b.tsEvent);
  }

  async balances(): Promise<BalanceReport[]> {
    const b = await this.read('fetching balances', () => this.ex.fetchBalance());
    const total = (b.total ?? {}) as Record<string, number | undefined>;
    const used = (b.used ?? {}) as Record<string, number | undefined>;
    return Object.keys(total)
      .filter((c) => typeof total[c] === 'number')
      .map((c) => ({ currency: c, total: Decimal.fromNumber(total[c] as number), reserved: Decimal.fromNumber(used[c] ?? 0) }));
  }

  subscribe(listener: ExecutionListener): () => void {
    this.listeners.add(listener);
    if (!this.streaming) this.startStreams();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.streaming) {
        this.streaming.stop = true;
        this.streaming = null;
      }
    };
  }

  /** Stops the streams and closes the exchange's sockets. */
  async close(): Promise<void> {
    if (this.streaming) this.streaming.stop = true;
    this.streaming = null;
    this.listeners.clear();
    try {
      await this.ex.close?.();
    } catch {
      // closing sockets is best effort
    }
  }

  // ---- streams ----

  private startStreams(): void {
    const run = { stop: false };
    this.streaming = run;
    const streams = this.ex.has.watchOrders && this.ex.has.watchMyTrades;
    if (!streams) {
      void this.pollLoop(run);
      return;
    }
    guardUserStreamRejections();
    void this.streamLoop(run, 'orders', async () => {
      for (const o of await this.ex.watchOrders!()) this.emitOrder(this.toReport(o, instrumentId(o.symbol, this.o.venue), null));
    });
    void this.streamLoop(run, 'trades', async () => {
      for (const t of await this.ex.watchMyTrades!()) this.emitFill(this.toFill(t, null));
    });
  }

  /**
   * One watch loop: a failure tells listeners the stream is down and retries after a backoff;
   * the first success after a failure tells them it is back and fetches the fills missed.
   * A refused key stops the stream (the venue will not take it on a retry) and polls instead.
   */
  private async streamLoop(run: { stop: boolean }, name: string, once: () => Promise<void>): Promise<void> {
    const backoff = new Backoff({ initialMs: this.o.backoff?.initialMs ?? 250, maxMs: this.o.backoff?.maxMs ?? 15_000 });
    let down = false;
    while (!run.stop) {
      try {
        await once();
        if (down) {
          down = false;
          backoff.reset();
          this.reconnects++;
          this.emitConnection(true);
          if (name === 'trades') await this.catchUp();
        }
      } catch (e) {
        if (run.stop) return;
        const kind = executionErrorKind(e);
        if (kind === 'auth') {
          this.log.error('the venue refused the user stream; polling instead', { stream: name, error: errorClassNames(e)[0] });
          return this.pollLoop(run);
        }
        if (!down) this.emitConnection(false);
        down = true;
        const wait = backoff.next();
        this.log.warn('user stream dropped; resubscribing', { stream: name, error: errorClassNames(e)[0], waitMs: wait });
        await this.sleep(wait);
        if (name === 'trades' && !run.stop) {
          // fetch what was missed right away; a resubscription sees only later events
          await this.catchUp().catch(() => undefined);
        }
      }
    }
  }

  private async catchUp(): Promise<void> {
    const since = Math.max(0, this.lastFillTs - 60_000);
    for (const f of await this.fillsSince(since)) this.emitFill(f);
  }

  private async pollLoop(run: { stop: boolean }): Promise<void> {
    const every = this.o.pollMs ?? 2_000;
    while (!run.stop) {
      try {
        for (const r of await this.openOrders()) this.emitOrder(r);
        await this.catchUp();
      } catch (e) {
        this.log.warn('polling the venue failed', { error: errorClassNames(e)[0] });
      }
      await this.sleep(every);
    }
  }

  private emitOrder(r: OrderStatusReport): void {
    for (const l of this.listeners) l.orderUpdated(r);
  }
  private emitFill(f: FillReport): void {
    if (f.tsEvent > this.lastFillTs) this.lastFillTs = f.tsEvent;
    for (const l of this.listeners) l.filled(f);
  }
  private emitConnection(up: boolean): void {
    for (const l of this.listeners) l.connectionChanged?.(up);
  }

  // ---- helpers ----

  /** Reads are idempotent: retried with backoff on rate limits and network errors. */
  private async read<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const attempts = this.o.readAttempts ?? 4;
    const backoff = new Backoff({ initialMs: this.o.backoff?.initialMs ?? 250, maxMs: this.o.backoff?.maxMs ?? 15_000 });
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (e) {
        const err = toExecutionError(e, this.o.venue, what);
        if (errorClassNames(e).includes('OrderNotFound')) throw new ExecutionError('not-found', err.message);
        const retry = err.kind === 'rate-limited' || err.kind === 'network' || err.kind === 'timeout';
        if (!retry || i >= attempts) throw err;
        const wait = backoff.next();
        this.log.warn('venue read failed; backing off', { what, kind: err.kind, attempt: i, waitMs: wait });
        await this.sleep(wait);
      }
    }
  }

  private async market(id: InstrumentId): Promise<CcxtMarketFull> {
    const symbol = this.symbolOf(id);
    if (!this.ex.markets || !this.ex.markets[symbol]) await this.read('loading markets', () => this.ex.loadMarkets());
    const m = this.ex.markets?.[symbol];
    if (!m) throw new ExecutionError('rejected', `${this.o.venue} has no market ${symbol}`);
    return m;
  }

  private symbolOf(id: InstrumentId): string {
    return splitInstrumentId(id).symbol;
  }

  /** The value on the venue's grid, or a refusal: an order is never silently rounded. */
  private checked(what: string, v: Decimal, toPrecision: (v: number) => string): number {
    let text: string;
    try {
      text = toPrecision(v.toNumber());
    } catch {
      throw new ExecutionError('rejected', `${what} ${v.toPlainString()} is below the venue's grid`);
    }
    if (!Decimal.parse(text).eq(v)) throw new ExecutionError('rejected', `${what} ${v.toPlainString()} is not on the venue's grid (nearest ${text})`);
    return Number(text);
  }

  private toReport(o: CcxtOrder, inst: InstrumentId, ours: ClientOrderId | null): OrderStatusReport {
    const filled = Decimal.fromNumber(o.filled ?? 0);
    const amount = Decimal.fromNumber(o.amount ?? 0);
    return {
      accountId: this.accountId,
      instrumentId: inst,
      clientOrderId: ours ?? safeClientId(o.clientOrderId),
      venueOrderId: venueOrderId(String(o.id)),
      side: o.side === 'sell' ? 'sell' : 'buy',
      status: statusOf(o, filled, amount),
      quantity: amount,
      filledQty: filled,
      price: typeof o.price === 'number' && o.price > 0 ? Decimal.fromNumber(o.price) : null,
      avgPx: typeof o.average === 'number' && o.average > 0 ? Decimal.fromNumber(o.average) : null,
      tsEvent: o.lastUpdateTimestamp ?? o.timestamp ?? this.o.clock.now(),
    };
  }

  private toFill(t: CcxtTrade, ours: ClientOrderId | null): FillReport {
    return {
      accountId: this.accountId,
      instrumentId: instrumentId(t.symbol, this.o.venue),
      clientOrderId: ours ?? safeClientId(t.clientOrderId ?? (t.info as { c?: string } | undefined)?.c),
      venueOrderId: venueOrderId(String(t.order)),
      tradeId: tradeId(String(t.id)),
      side: t.side === 'sell' ? 'sell' : 'buy',
      quantity: Decimal.fromNumber(t.amount),
      price: Decimal.fromNumber(t.price),
      fee: Decimal.fromNumber(t.fee?.cost ?? 0),
      feeCurrency: t.fee?.currency ?? splitInstrumentId(instrumentId(t.symbol, this.o.venue)).symbol.split('/')[1] ?? '',
      liquidity: t.takerOrMaker === 'maker' ? 'maker' : t.takerOrMaker === 'taker' ? 'taker' : null,
      tsEvent: t.timestamp ?? this.o.clock.now(),
    };
  }
}

/** ccxt's edit type (and trigger params) for an order kind; a plain limit without `current`. */
function editTypeOf(spec: OrderSpec | undefined): { type: string; params: Record<string, unknown> | null } {
  switch (spec?.kind) {
    case 'market':
      return { type: 'market', params: null };
    case 'stop-market':
      return { type: 'market', params: {} };
    case 'stop-limit':
      return { type: 'limit', params: {} };
    case 'take-profit':
      // Binance-style type names: ccxt passes them through on venues that use them
      return { type: spec.price ? 'TAKE_PROFIT_LIMIT' : 'TAKE_PROFIT', params: {} };
    default:
      return { type: 'limit', params: null };
  }
}

function safeClientId(s: unknown): ClientOrderId | null {
  if (typeof s !== 'string' || s.length === 0) return null;
  try {
    return clientOrderId(s);
  } catch {
    return null;
  }
}

function statusOf(o: CcxtOrder, filled: Decimal, amount: Decimal): VenueOrderStatus {
  switch (o.status) {
    case 'closed':
      return 'filled';
    case 'canceled':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default:
      return filled.isPositive() && filled.lt(amount) ? 'partially-filled' : 'open';
  }
}
