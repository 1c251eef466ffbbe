/**
 * Accounts, balances (total, reserved by open orders, free), the ledger and per-strategy
 * positions, in decimals. Spot first: a buy adds base and spends quote, a sell the reverse; fees
 * leave in their own currency. Several strategies can share an account: balances are the
 * account's, positions and PnL are each strategy's.
 *
 * It listens to the order manager (`onOrderEvent`): acceptance reserves, fills move money and
 * positions, final states release. Ledger rows go out through `onLedger` (the journal persists
 * them) and are idempotent by (account, kind, currency, ref). After a restart, `restore` takes the
 * journaled ledger (balances) and the journaled fills are replayed for positions only.
 */
import type { ClientOrderId, InstrumentId } from '../../shared/ids';
import { splitInstrumentId } from '../../shared/ids';
import { EngineError } from '../core/errors';
import { Decimal } from './decimal';
import type { AccountId, StrategyId, TradeId } from './identifiers';
import type { InstrumentSpec } from './instrument-spec';
import { ledgerKey, type LedgerEntry, type LedgerKind } from './ledger';
import { FINAL_STATUSES, type Order, type OrderSide } from './order';
import type { OrderEvent } from './order-events';
import { applyFillToPosition, closingQuantity, flatPosition, unrealizedPnl, type PositionState } from './position';

export interface Balance {
  currency: string;
  total: Decimal;
  reserved: Decimal;
  free: Decimal;
}

export interface PortfolioFill {
  accountId: AccountId;
  strategyId: StrategyId;
  instrumentId: InstrumentId;
  side: OrderSide;
  quantity: Decimal;
  price: Decimal;
  fee: Decimal;
  feeCurrency: string;
  tradeId: TradeId;
  tsEvent: number;
  tsInit: number;
}

export interface DailyPnlRow {
  /** UTC midnight (ms) of the trading day the snapshot closes. */
  day: number;
  accountId: AccountId;
  strategyId: StrategyId;
  instrumentId: InstrumentId;
  quantity: Decimal;
  avgPrice: Decimal;
  mark: Decimal | null;
  realizedPnl: Decimal;
  unrealizedPnl: Decimal | null;
  fees: Decimal;
}

export interface PortfolioOptions {
  /** Base and quote of an instrument (defaults to splitting `BASE/QUOTE[:SETTLE]@venue`). */
  specFor?: (id: InstrumentId) => Pick<InstrumentSpec, 'base' | 'quote'> | undefined;
  /** Called with each batch of new ledger rows, before balances change in memory. */
  onLedger?: (entries: LedgerEntry[]) => void;
}

interface Reservation {
  accountId: AccountId;
  currency: string;
  amount: Decimal;
  /** Amount released per unit filled (the limit price for buys, 1 for sells). */
  perUnit: Decimal;
}

const DAY_MS = 86_400_000;

export class Portfolio {
  private readonly totals = new Map<AccountId, Map<string, Decimal>>();
  private readonly reservations = new Map<ClientOrderId, Reservation>();
  private readonly positionsByKey = new Map<string, PositionState>();
  private readonly ledgerKeys = new Set<string>();
  private readonly positionTrades = new Set<string>();
  private readonly entries: LedgerEntry[] = [];

  constructor(private readonly o: PortfolioOptions = {}) {}

  /** Balances from journaled ledger rows (no callbacks: they are durable already). */
  restore(entries: Iterable<LedgerEntry>): void {
    for (const e of entries) {
      if (this.ledgerKeys.has(ledgerKey(e))) continue;
      this.book(e);
    }
  }

  // ---- cash ----

  deposit(accountId: AccountId, currency: string, amount: Decimal, ref: string, ts: { tsEvent: number; tsInit: number }): LedgerEntry | null {
    if (!amount.isPositive()) throw new EngineError('INVALID_INPUT', 'a deposit is positive');
    return this.post([{ accountId, strategyId: null, currency, amount, kind: 'deposit', ref, instrumentId: null, ...ts }])[0] ?? null;
  }

  withdraw(accountId: AccountId, currency: string, amount: Decimal, ref: string, ts: { tsEvent: number; tsInit: number }): LedgerEntry | null {
    if (!amount.isPositive()) throw new EngineError('INVALID_INPUT', 'a withdrawal is positive');
    const free = this.balance(accountId, currency).free;
    if (amount.gt(free) && !this.ledgerKeys.has(ledgerKey({ accountId, kind: 'withdrawal', currency, ref }))) {
      throw new EngineError('INSUFFICIENT_FUNDS', `cannot withdraw ${amount.toPlainString()} ${currency}: ${free.toPlainString()} is free`);
    }
    return this.post([{ accountId, strategyId: null, currency, amount: amount.neg(), kind: 'withdrawal', ref, instrumentId: null, ...ts }])[0] ?? null;
  }

  /** Funding payments, interest, or a reconciliation adjustment (adopting the venue's balance). */
  adjust(accountId: AccountId, currency: string, amount: Decimal, kind: Extract<LedgerKind, 'funding' | 'adjustment'>, ref: string, ts: { tsEvent: number; tsInit: number }, strategyId: StrategyId | null = null): LedgerEntry | null {
    return this.post([{ accountId, strategyId, currency, amount, kind, ref, instrumentId: null, ...ts }])[0] ?? null;
  }

  // ---- trades ----

  /**
   * Books a fill: ledger legs (base, quote, fee) once per trade id, and the strategy's position
   * once per trade id. Returns the new ledger rows (empty when the trade was booked already).
   */
  applyFill(f: PortfolioFill): LedgerEntry[] {
    const { base, quote } = this.currencies(f.instrumentId);
    const sign = f.side === 'buy' ? 1n : -1n;
    const notional = f.quantity.mul(f.price);
    const common = { accountId: f.accountId, strategyId: f.strategyId, ref: f.tradeId, instrumentId: f.instrumentId, tsEvent: f.tsEvent, tsInit: f.tsInit };
    const rows: LedgerEntry[] = [
      { ...common, currency: base, amount: sign > 0n ? f.quantity : f.quantity.neg(), kind: 'trade' },
      { ...common, currency: quote, amount: sign > 0n ? notional.neg() : notional, kind: 'trade' },
    ];
    if (!f.fee.isZero()) rows.push({ ...common, currency: f.feeCurrency, amount: f.fee.neg(), kind: 'fee' });
    const booked = this.post(rows);

    const pkey = `${f.accountId}\u0000${f.tradeId}`;
    if (!this.positionTrades.has(pkey)) {
      this.positionTrades.add(pkey);
      const key = positionKey(f.accountId, f.strategyId, f.instrumentId);
      const p = this.positionsByKey.get(key) ?? flatPosition(f.accountId, f.strategyId, f.instrumentId);
      // quote fees are cash; a base fee is quantity the strategy never received (or sold on top); a third currency (BNB) is its own
      const feeQuote = f.feeCurrency === quote ? f.fee : Decimal.ZERO;
      const feeBase = f.feeCurrency === base ? f.fee : undefined;
      const feeOther = f.feeCurrency !== quote && f.feeCurrency !== base && f.feeCurrency ? { currency: f.feeCurrency, amount: f.fee } : undefined;
      this.positionsByKey.set(key, applyFillToPosition(p, { side: f.side, quantity: f.quantity, price: f.price, feeQuote, feeBase, feeOther, tsEvent: f.tsEvent }));
    }
    return booked;
  }

  // ---- reservations ----

  /** Freezes what an open order may spend: quote × limit price for a buy, base for a sell. */
  reserveFor(order: Order): void {
    if (this.reservations.has(order.clientOrderId) || FINAL_STATUSES.has(order.status)) return;
    const { base, quote } = this.currencies(order.spec.instrumentId);
    const leaves = order.spec.quantity.sub(order.filledQty);
    if (!leaves.isPositive()) return;
    if (order.spec.side === 'sell') {
      this.reservations.set(order.clientOrderId, { accountId: order.accountId, currency: base, amount: leaves, perUnit: Decimal.ONE });
      return;
    }
    const px = order.spec.price ?? order.spec.triggerPrice;
    if (!px) return; // a market buy spends at once; nothing to hold
    this.reservations.set(order.clientOrderId, { accountId: order.accountId, currency: quote, amount: leaves.mul(px), perUnit: px });
  }

  release(id: ClientOrderId): void {
    this.reservations.delete(id);
  }

  /** The order manager's events drive reservations, fills and releases. */
  onOrderEvent(e: OrderEvent, order: Order): void {
    switch (e.type) {
      case 'OrderAccepted':
      case 'OrderModified':
        this.release(order.clientOrderId);
        this.reserveFor(order);
        break;
      case 'OrderFilled': {
        const r = this.reservations.get(order.clientOrderId);
        if (r) {
          const left = r.amount.sub(e.lastQty.mul(r.perUnit));
          if (left.isPositive()) r.amount = left;
          else this.reservations.delete(order.clientOrderId);
        }
        this.applyFill({
          accountId: order.accountId,
          strategyId: order.strategyId,
          instrumentId: order.spec.instrumentId,
          side: order.spec.side,
          quantity: e.lastQty,
          price: e.lastPx,
          fee: e.fee,
          feeCurrency: e.feeCurrency,
          tradeId: e.tradeId,
          tsEvent: e.tsEvent,
          tsInit: e.tsInit,
        });
        break;
      }
    }
    if (FINAL_STATUSES.has(order.status)) this.release(order.clientOrderId);
  }

  // ---- views ----

  balance(accountId: AccountId, currency: string): Balance {
    const total = this.totals.get(accountId)?.get(currency) ?? Decimal.ZERO;
    let reserved = Decimal.ZERO;
    for (const r of this.reservations.values()) if (r.accountId === accountId && r.currency === currency) reserved = reserved.add(r.amount);
    return { currency, total, reserved, free: total.sub(reserved) };
  }

  balances(accountId: AccountId): Balance[] {
    const currencies = new Set(this.totals.get(accountId)?.keys() ?? []);
    for (const r of this.reservations.values()) if (r.accountId === accountId) currencies.add(r.currency);
    return [...currencies].sort().map((c) => this.balance(accountId, c));
  }

  position(accountId: AccountId, strategyId: StrategyId, instrumentId: InstrumentId): PositionState {
    return this.positionsByKey.get(positionKey(accountId, strategyId, instrumentId)) ?? flatPosition(accountId, strategyId, instrumentId);
  }

  positions(filter: { accountId?: AccountId; strategyId?: StrategyId } = {}): PositionState[] {
    return [...this.positionsByKey.values()].filter((p) => (!filter.accountId || p.accountId === filter.accountId) && (!filter.strategyId || p.strategyId === filter.strategyId));
  }

  /**
   * What a strategy may sell to close its long on the lot grid (`step`), and the dust left below one
   * lot. Zero when it is flat, short or holds only dust.
   */
  closable(accountId: AccountId, strategyId: StrategyId, instrumentId: InstrumentId, step: Decimal | null): { quantity: Decimal; dust: Decimal } {
    const q = this.position(accountId, strategyId, instrumentId).quantity;
    if (!q.isPositive()) return { quantity: Decimal.ZERO, dust: Decimal.ZERO };
    return closingQuantity(q, step);
  }

  /** The account's net quantity of an instrument over all its strategies (what the venue should show). */
  netQuantity(accountId: AccountId, instrumentId: InstrumentId): Decimal {
    return Decimal.sum(this.positions({ accountId }).filter((p) => p.instrumentId === instrumentId).map((p) => p.quantity));
  }

  ledger(accountId?: AccountId): LedgerEntry[] {
    return accountId ? this.entries.filter((e) => e.accountId === accountId) : [...this.entries];
  }

  /**
   * One row per position at the close of the UTC day containing `ts`. A position without a mark
   * gets a null unrealised PnL (never a guessed one).
   */
  dailySnapshot(ts: number, marks: (id: InstrumentId) => Decimal | undefined): DailyPnlRow[] {
    const day = Math.floor(ts / DAY_MS) * DAY_MS;
    return this.positions().map((p) => {
      const mark = marks(p.instrumentId) ?? null;
      return {
        day,
        accountId: p.accountId,
        strategyId: p.strategyId,
        instrumentId: p.instrumentId,
        quantity: p.quantity,
        avgPrice: p.avgPrice,
        mark,
        realizedPnl: p.realizedPnl,
        unrealizedPnl: mark ? unrealizedPnl(p, mark) : null,
        fees: p.fees,
      };
    });
  }

  private post(rows: LedgerEntry[]): LedgerEntry[] {
    const fresh = rows.filter((r) => !this.ledgerKeys.has(ledgerKey(r)));
    if (fresh.length === 0) return [];
    this.o.onLedger?.(fresh); // durable first
    for (const r of fresh) this.book(r);
    return fresh;
  }

  private book(e: LedgerEntry): void {
    this.ledgerKeys.add(ledgerKey(e));
    this.entries.push(e);
    let m = this.totals.get(e.accountId);
    if (!m) this.totals.set(e.accountId, (m = new Map()));
    m.set(e.currency, (m.get(e.currency) ?? Decimal.ZERO).add(e.amount));
  }

  private currencies(id: InstrumentId): { base: string; quote: string } {
    const s = this.o.specFor?.(id);
    if (s) return { base: s.base, quote: s.quote };
    const { symbol } = splitInstrumentId(id);
    const m = /^([^/]+)\/([^:]+)/.exec(symbol);
    if (!m) throw new EngineError('INVALID_INPUT', `cannot tell the base and quote currencies of ${id}`);
    return { base: m[1], quote: m[2] };
  }
}

function positionKey(a: AccountId, s: StrategyId, i: InstrumentId): string {
  return `${a}\u0000${s}\u0000${i}`;
}
