/**
 * The strategy's broker in live trading (the `Broker` seam; `SimBroker` is the backtest's). It
 * runs next to the strategy (in its sandbox), so it cannot wait for the venue: an order becomes an
 * intent, sent by the deployment after the callback returns, and the view the strategy holds is
 * updated when the account reports on it. Positions, cash and equity are the account's, as of the
 * snapshot sent with each bar or update — never a simulation.
 */
import type { AccountView, PortfolioView, PositionView } from '../../strategy/api';
import type { Broker, OrderLinks } from '../../strategy/broker';
import type { LiveFeed } from '../../strategy/live-series';
import { roundToLot } from '../../model/instrument';
import type { OrderChanges, OrderRequest, OrderStatus, OrderView } from '../../model/orders';
import type { AccountSnapshot, Intent } from './protocol';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type LiveOrder = Mutable<OrderView>;

const WORKING: ReadonlySet<OrderStatus> = new Set(['accepted', 'partially-filled']);

export interface IntentBrokerOptions {
  symbols: readonly string[];
  feeds: readonly LiveFeed[];
  lots: readonly number[];
  idPrefix: string;
  orderSeq: number;
  initialCapital: number;
  account: AccountSnapshot;
  openOrders: readonly OrderView[];
}

export class IntentBroker implements Broker {
  intents: Intent[] = [];
  snapshot: AccountSnapshot;
  /** Close time of the bar being handled (createdAt of new orders). */
  now = 0;
  orderSeq: number;
  private readonly working = new Map<string, LiveOrder>();
  private readonly cancelling = new Set<string>();
  private readonly positions: PositionView[];
  readonly portfolio: PortfolioView;
  readonly account: AccountView;

  constructor(private readonly o: IntentBrokerOptions) {
    this.snapshot = o.account;
    this.orderSeq = o.orderSeq;
    for (const v of o.openOrders) this.working.set(v.id, { ...v });
    this.positions = o.symbols.map((symbol, k) => new SnapshotPosition(symbol, k, this));
    const self = this;
    this.portfolio = {
      get equity() {
        return self.snapshot.equity;
      },
      get cash() {
        return self.snapshot.cash;
      },
      get grossExposure() {
        let g = 0;
        for (let k = 0; k < o.symbols.length; k++) g += Math.abs(self.snapshot.positions[k].size * self.lastPrice(k));
        return g;
      },
      get netExposure() {
        let g = 0;
        for (let k = 0; k < o.symbols.length; k++) g += self.snapshot.positions[k].size * self.lastPrice(k);
        return g;
      },
      initialCapital: o.initialCapital,
    };
    // Spot: no leverage; what can be bought is the quote currency that is free of reservations.
    this.account = {
      leverage: 1,
      get buyingPower() {
        return Math.max(0, self.snapshot.freeCash);
      },
      get currency() {
        return self.snapshot.currency;
      },
    };
  }

  /** Takes the intents gathered since the last call. */
  drain(): Intent[] {
    const out = this.intents;
    this.intents = [];
    return out;
  }

  submit(inst: number, r: OrderRequest, links: OrderLinks = {}): OrderView {
    const type = r.type ?? 'market';
    const id = `${this.o.idPrefix}${++this.orderSeq}`;
    const v: LiveOrder = {
      id,
      symbol: this.o.symbols[inst],
      side: r.side,
      type,
      size: r.size,
      filled: 0,
      limitPrice: r.limitPrice ?? null,
      stopPrice: r.stopPrice ?? null,
      status: 'accepted',
      avgPrice: NaN,
      reduceOnly: r.reduceOnly === true,
      tag: r.tag ?? null,
      parentId: links.parentId ?? null,
      ocoGroup: links.ocoGroup ?? null,
      reason: null,
      createdAt: this.now,
    };
    const why = this.validate(inst, v);
    if (why !== null) {
      v.status = 'rejected';
      v.reason = why;
      return v;
    }
    this.working.set(id, v);
    this.intents.push({ kind: 'submit', id, inst, request: { ...r, type, size: v.size }, links: { ...links }, createdAt: this.now });
    return v;
  }

  /** The checks that need no venue (the account's pre-trade check does the rest). */
  private validate(inst: number, v: LiveOrder): string | null {
    if (!(v.size > 0) || !Number.isFinite(v.size)) return `size must be a positive number (got ${v.size})`;
    if ((v.type === 'limit' || v.type === 'stop-limit') && !(v.limitPrice !== null && v.limitPrice > 0)) return `${v.type} order needs a positive limitPrice`;
    if ((v.type === 'stop' || v.type === 'stop-limit') && !(v.stopPrice !== null && v.stopPrice > 0)) return `${v.type} order needs a positive stopPrice`;
    const size = this.roundSize(inst, v.size);
    if (!(size > 0)) return `size ${v.size} is below the venue's lot ${this.o.lots[inst]}`;
    v.size = size;
    return null;
  }

  cancel(orderId: string, reason?: string): boolean {
    const v = this.working.get(orderId);
    if (!v) return false;
    if (!this.cancelling.has(orderId)) {
      this.cancelling.add(orderId);
      this.intents.push({ kind: 'cancel', id: orderId, reason: reason ?? null });
    }
    return true;
  }

  cancelAllOf(inst: number, reason?: string): number {
    const symbol = this.o.symbols[inst];
    let n = 0;
    for (const v of this.working.values()) if (v.symbol === symbol && this.cancel(v.id, reason)) n++;
    return n;
  }

  modify(orderId: string, changes: OrderChanges): boolean {
    if (!this.working.has(orderId) || this.cancelling.has(orderId)) return false;
    this.intents.push({ kind: 'modify', id: orderId, changes: { ...changes } });
    return true;
  }

  openOrders(inst?: number): OrderView[] {
    const symbol = inst === undefined ? undefined : this.o.symbols[inst];
    return [...this.working.values()].filter((v) => symbol === undefined || v.symbol === symbol);
  }

  position(inst: number): PositionView {
    return this.positions[inst];
  }

  lastPrice(inst: number): number {
    return this.o.feeds[inst].close.column.last();
  }

  roundSize(inst: number, size: number): number {
    return roundToLot(size, this.o.lots[inst]);
  }

  /**
   * The account reported on an order: the object the strategy holds is brought up to date (so an
   * `OrderView` it kept stays current, as in a backtest) and returned for `onOrder`. Finished
   * orders leave the working list.
   */
  applyUpdate(u: OrderView): LiveOrder {
    const v = this.working.get(u.id) ?? { ...u };
    Object.assign(v, u, { createdAt: v.createdAt || u.createdAt });
    if (WORKING.has(v.status)) this.working.set(v.id, v);
    else {
      this.working.delete(v.id);
      this.cancelling.delete(v.id);
    }
    return v;
  }
}

/** A live view of one position in the latest snapshot (the context keeps one per symbol). */
class SnapshotPosition implements PositionView {
  constructor(
    readonly symbol: string,
    private readonly k: number,
    private readonly b: IntentBroker,
  ) {}
  get size(): number {
    return this.b.snapshot.positions[this.k].size;
  }
  get avgPrice(): number {
    const p = this.b.snapshot.positions[this.k];
    return p.size === 0 ? NaN : p.avgPrice;
  }
  get unrealizedPnl(): number {
    const p = this.b.snapshot.positions[this.k];
    return p.size === 0 ? 0 : (this.b.lastPrice(this.k) - p.avgPrice) * p.size;
  }
  get realizedPnl(): number {
    return this.b.snapshot.positions[this.k].realizedPnl;
  }
  get sellable(): number {
    return this.b.snapshot.positions[this.k].sellable;
  }
}
