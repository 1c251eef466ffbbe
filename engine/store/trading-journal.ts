/**
 * The trading side of `journal.db`: implements the order manager's `OrderJournal` and the kill
 * switch's `KillSwitchStore`, and keeps accounts, the ledger, position/PnL snapshots and
 * deployments. Synchronous (better-sqlite3) on purpose: when a call returns, the row is durable
 * (WAL, synchronous=FULL), so "journal, then send" is a plain sequence of statements.
 * No method takes or stores a secret: accounts refuse secret-looking options.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { InstrumentId } from '../../shared/ids';
import { EngineError } from '../core/errors';
import { redactSecrets } from '../core/redact';
import { Decimal } from '../trading/decimal';
import type { AccountId, StrategyId, TradeId } from '../trading/identifiers';
import type { KillSwitchMode, KillSwitchScope, KillSwitchState, KillSwitchStore } from '../trading/kill-switch';
import type { LedgerEntry, LedgerKind } from '../trading/ledger';
import type { Order, OrderSide, OrderStatus } from '../trading/order';
import type { OrderEvent, OrderFilled } from '../trading/order-events';
import { decodeOrderEvent, encodeOrderEvent } from '../trading/order-event-codec';
import type { OrderJournal } from '../trading/order-journal';
import type { DailyPnlRow, PortfolioFill } from '../trading/portfolio';
import type { PositionState } from '../trading/position';
import type { TradingJournalTables } from './schema';

export interface TradingAccount {
  id: AccountId;
  kind: 'paper' | 'exchange';
  /** A ccxt exchange id (`binance`, `okx`…) or `paper`. */
  venue: string;
  label: string;
  sandbox: boolean;
  /** Base-URL override (a mirror, or the exchange simulator in tests). */
  baseUrl: string | null;
  /** The pre-trade check's maximum order notional for this account (quote currency), or none. */
  maxOrderNotional: Decimal | null;
  /** Broker options (paper starting balances, fee model…). Never credentials. */
  options: Record<string, unknown> | null;
  createdAt: number;
  updatedAt: number;
}

export interface Deployment {
  id: string;
  accountId: AccountId;
  strategyId: StrategyId;
  strategyVersion: string;
  params: Record<string, unknown>;
  symbols: string[];
  timeframe: string;
  status: string;
  state: unknown;
  createdAt: number;
  updatedAt: number;
}

export class TradingJournal implements OrderJournal, KillSwitchStore {
  private readonly s;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => number,
  ) {
    this.s = {
      upsertOrder: db.prepare(`insert into orders (account_id, client_order_id, strategy_id, instrument_id, side, kind, quantity, price, trigger_price, time_in_force, reduce_only,
          status, previous_status, venue_order_id, filled_qty, filled_notional, fee, reason, spec, event_count, ts_init, ts_last)
        values (@account_id, @client_order_id, @strategy_id, @instrument_id, @side, @kind, @quantity, @price, @trigger_price, @time_in_force, @reduce_only,
          @status, @previous_status, @venue_order_id, @filled_qty, @filled_notional, @fee, @reason, @spec, @event_count, @ts_init, @ts_last)
        on conflict (account_id, client_order_id) do update set quantity = excluded.quantity, price = excluded.price, trigger_price = excluded.trigger_price,
          status = excluded.status, previous_status = excluded.previous_status, venue_order_id = excluded.venue_order_id, filled_qty = excluded.filled_qty,
          filled_notional = excluded.filled_notional, fee = excluded.fee, reason = excluded.reason, spec = excluded.spec, event_count = excluded.event_count, ts_last = excluded.ts_last`),
      insertEvent: db.prepare(`insert into order_events (account_id, client_order_id, type, ts_event, ts_init, payload) values (?, ?, ?, ?, ?, ?)`),
      insertFill: db.prepare(`insert into fills (account_id, trade_id, client_order_id, venue_order_id, strategy_id, instrument_id, side, quantity, price, fee, fee_currency, liquidity, ts_event, ts_init)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (account_id, trade_id) do nothing`),
      loadEvents: db.prepare(`select payload from order_events where account_id = ? order by seq`).pluck(),
      insertRefusal: db.prepare(`insert into order_event_refusals (account_id, client_order_id, type, reason, payload, ts) values (?, ?, ?, ?, ?, ?)`),
      insertLedger: db.prepare(`insert into ledger (account_id, strategy_id, currency, amount, kind, ref, instrument_id, ts_event, ts_init) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (account_id, kind, currency, ref) do nothing`),
      loadKill: db.prepare(`select * from kill_switch`),
      saveKill: db.prepare(`insert into kill_switch (scope, mode, reason, actor, flatten, ts_event) values (?, ?, ?, ?, ?, ?)
        on conflict (scope) do update set mode = excluded.mode, reason = excluded.reason, actor = excluded.actor, flatten = excluded.flatten, ts_event = excluded.ts_event`),
      audit: db.prepare(`insert into audit_log (ts, actor, action, details) values (?, ?, ?, ?)`),
    };
  }

  // ---- accounts ----

  upsertAccount(a: Omit<TradingAccount, 'createdAt' | 'updatedAt'>): TradingAccount {
    if (a.options && JSON.stringify(redactSecrets(a.options)) !== JSON.stringify(a.options)) {
      throw new EngineError('INVALID_INPUT', 'account options may not hold credentials (keys live in the OS keychain)');
    }
    const now = this.now();
    this.db
      .prepare(`insert into trading_accounts (id, kind, venue, label, sandbox, base_url, max_order_notional, options, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (id) do update set kind = excluded.kind, venue = excluded.venue, label = excluded.label, sandbox = excluded.sandbox, base_url = excluded.base_url,
          max_order_notional = excluded.max_order_notional, options = excluded.options, updated_at = excluded.updated_at`)
      .run(a.id, a.kind, a.venue, a.label, a.sandbox ? 1 : 0, a.baseUrl, a.maxOrderNotional?.toString() ?? null, a.options ? JSON.stringify(a.options) : null, now, now);
    return this.account(a.id)!;
  }

  account(id: AccountId): TradingAccount | undefined {
    const r = this.db.prepare(`select * from trading_accounts where id = ?`).get(id) as AccountRow | undefined;
    return r ? toAccount(r) : undefined;
  }

  accounts(): TradingAccount[] {
    return (this.db.prepare(`select * from trading_accounts order by id`).all() as AccountRow[]).map(toAccount);
  }

  /** Removes an account that never traded (its journal rows are history and stay). */
  removeAccount(id: AccountId): void {
    const used = this.db.prepare(`select 1 from orders where account_id = ? limit 1`).get(id) ?? this.db.prepare(`select 1 from deployments where account_id = ? limit 1`).get(id);
    if (used) throw new EngineError('CONFLICT', `account ${id} has orders or deployments in the journal; it cannot be removed`);
    this.db.prepare(`delete from trading_accounts where id = ?`).run(id);
  }

  // ---- OrderJournal ----

  appendOrderEvent(e: OrderEvent, order: Order): void {
    this.tx(() => {
      this.s.upsertOrder.run(orderRow(order));
      this.s.insertEvent.run(e.accountId, e.clientOrderId, e.type, e.tsEvent, e.tsInit, encodeOrderEvent(e));
    });
  }

  appendFill(e: OrderFilled, order: Order): boolean {
    return this.tx(() => {
      // the order row first: the fill references it (an Initialized event always precedes, but be safe)
      this.s.upsertOrder.run(orderRow(order));
      const r = this.s.insertFill.run(
        e.accountId,
        e.tradeId,
        e.clientOrderId,
        e.venueOrderId,
        order.strategyId,
        order.spec.instrumentId,
        order.spec.side,
        e.lastQty.toString(),
        e.lastPx.toString(),
        e.fee.toString(),
        e.feeCurrency,
        e.liquidity,
        e.tsEvent,
        e.tsInit,
      );
      if (r.changes === 0) throw new DuplicateFill();
      this.s.insertEvent.run(e.accountId, e.clientOrderId, e.type, e.tsEvent, e.tsInit, encodeOrderEvent(e));
      return true;
    }, (err) => (err instanceof DuplicateFill ? false : undefined));
  }

  loadOrderEvents(accountId: AccountId): OrderEvent[] {
    return (this.s.loadEvents.all(accountId) as string[]).map(decodeOrderEvent);
  }

  recordRefusedEvent(e: OrderEvent, reason: string): void {
    this.s.insertRefusal.run(e.accountId, e.clientOrderId, e.type, reason, encodeOrderEvent(e), this.now());
  }

  /** Orders as last journaled (for screens and reconciliation; the OMS keeps its own copy). */
  orders(accountId: AccountId, filter: { statuses?: OrderStatus[]; strategyId?: StrategyId } = {}): OrderRowView[] {
    const where = ['account_id = ?'];
    const args: unknown[] = [accountId];
    if (filter.statuses?.length) {
      where.push(`status in (${filter.statuses.map(() => '?').join(', ')})`);
      args.push(...filter.statuses);
    }
    if (filter.strategyId) {
      where.push('strategy_id = ?');
      args.push(filter.strategyId);
    }
    return this.db.prepare(`select * from orders where ${where.join(' and ')} order by ts_init, client_order_id`).all(...args) as OrderRowView[];
  }

  /**
   * Every journaled fill of the account, oldest first, as the portfolio books them: after a
   * restart, `portfolio.restore(loadLedger())` then `applyFill` of each rebuilds the positions (the
   * ledger rows are there already and are not booked twice).
   */
  loadFills(accountId: AccountId): PortfolioFill[] {
    const rows = this.db.prepare(`select * from fills where account_id = ? order by ts_event, rowid`).all(accountId) as FillRow[];
    return rows.map((r) => ({
      accountId: r.account_id as AccountId,
      strategyId: r.strategy_id as StrategyId,
      instrumentId: r.instrument_id as InstrumentId,
      side: r.side as OrderSide,
      quantity: Decimal.parse(r.quantity),
      price: Decimal.parse(r.price),
      fee: Decimal.parse(r.fee),
      feeCurrency: r.fee_currency,
      tradeId: r.trade_id as TradeId,
      tsEvent: r.ts_event,
      tsInit: r.ts_init,
    }));
  }

  fillCount(accountId: AccountId): number {
    return this.db.prepare(`select count(*) from fills where account_id = ?`).pluck().get(accountId) as number;
  }

  // ---- ledger ----

  /** Appends rows once each (unique per account, kind, currency, ref); returns how many were new. */
  appendLedger(entries: LedgerEntry[]): number {
    return this.tx(() => {
      let n = 0;
      for (const e of entries) {
        n += this.s.insertLedger.run(e.accountId, e.strategyId, e.currency, e.amount.toString(), e.kind, e.ref, e.instrumentId, e.tsEvent, e.tsInit).changes;
      }
      return n;
    });
  }

  loadLedger(accountId?: AccountId): LedgerEntry[] {
    const rows = (accountId ? this.db.prepare(`select * from ledger where account_id = ? order by id`).all(accountId) : this.db.prepare(`select * from ledger order by id`).all()) as LedgerRow[];
    return rows.map(ledgerEntry);
  }

  /** The newest rows first (the Ledger tab), optionally of one currency. */
  ledgerPage(accountId: AccountId, o: { currency?: string; limit: number }): LedgerEntry[] {
    const rows = (o.currency
      ? this.db.prepare(`select * from ledger where account_id = ? and currency = ? order by id desc limit ?`).all(accountId, o.currency, o.limit)
      : this.db.prepare(`select * from ledger where account_id = ? order by id desc limit ?`).all(accountId, o.limit)) as LedgerRow[];
    return rows.map(ledgerEntry);
  }

  /** Σ ledger per currency, summed exactly in decimals (not by SQLite, which would use floats). */
  ledgerBalances(accountId: AccountId): Map<string, Decimal> {
    const out = new Map<string, Decimal>();
    for (const e of this.loadLedger(accountId)) out.set(e.currency, (out.get(e.currency) ?? Decimal.ZERO).add(e.amount));
    return out;
  }

  // ---- snapshots ----

  savePositionSnapshots(positions: PositionState[], ts: number): void {
    const st = this.db.prepare(`insert into position_snapshots (ts, account_id, strategy_id, instrument_id, quantity, avg_price, realized_pnl, fees) values (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.tx(() => {
      for (const p of positions) st.run(ts, p.accountId, p.strategyId, p.instrumentId, p.quantity.toString(), p.avgPrice.toString(), p.realizedPnl.toString(), p.fees.toString());
    });
  }

  saveDailyPnl(rows: DailyPnlRow[]): void {
    const st = this.db.prepare(`insert into pnl_daily (day, account_id, strategy_id, instrument_id, quantity, avg_price, mark, realized_pnl, unrealized_pnl, fees) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (day, account_id, strategy_id, instrument_id) do update set quantity = excluded.quantity, avg_price = excluded.avg_price, mark = excluded.mark,
        realized_pnl = excluded.realized_pnl, unrealized_pnl = excluded.unrealized_pnl, fees = excluded.fees`);
    this.tx(() => {
      for (const r of rows) {
        st.run(r.day, r.accountId, r.strategyId, r.instrumentId, r.quantity.toString(), r.avgPrice.toString(), r.mark?.toString() ?? null, r.realizedPnl.toString(), r.unrealizedPnl?.toString() ?? null, r.fees.toString());
      }
    });
  }

  /** The newest day with a snapshot, or null (the daily recorder fills in from the day after it). */
  lastDailyPnlDay(accountId: AccountId): number | null {
    return (this.db.prepare(`select max(day) from pnl_daily where account_id = ?`).pluck().get(accountId) as number | null) ?? null;
  }

  dailyPnl(accountId: AccountId, from = 0, to = Number.MAX_SAFE_INTEGER): DailyPnlRow[] {
    const rows = this.db.prepare(`select * from pnl_daily where account_id = ? and day >= ? and day < ? order by day, strategy_id, instrument_id`).all(accountId, from, to) as PnlRow[];
    return rows.map((r) => ({
      day: r.day,
      accountId: r.account_id as AccountId,
      strategyId: r.strategy_id as StrategyId,
      instrumentId: r.instrument_id as InstrumentId,
      quantity: Decimal.parse(r.quantity),
      avgPrice: Decimal.parse(r.avg_price),
      mark: r.mark === null ? null : Decimal.parse(r.mark),
      realizedPnl: Decimal.parse(r.realized_pnl),
      unrealizedPnl: r.unrealized_pnl === null ? null : Decimal.parse(r.unrealized_pnl),
      fees: Decimal.parse(r.fees),
    }));
  }

  // ---- KillSwitchStore ----

  loadKillSwitches(): KillSwitchState[] {
    return (this.s.loadKill.all() as KillRow[]).map((r) => ({
      scope: r.scope as KillSwitchScope,
      mode: r.mode as KillSwitchMode,
      reason: r.reason,
      actor: r.actor,
      flatten: r.flatten === 1,
      tsEvent: r.ts_event,
    }));
  }

  saveKillSwitch(k: KillSwitchState): void {
    this.tx(() => {
      this.s.saveKill.run(k.scope, k.mode, k.reason, k.actor, k.flatten ? 1 : 0, k.tsEvent);
      this.s.audit.run(k.tsEvent, k.actor, k.mode === 'off' ? 'kill-switch.released' : `kill-switch.${k.mode}`, JSON.stringify({ scope: k.scope, reason: k.reason, flatten: k.flatten }));
    });
  }

  // ---- deployments (the live runner fills these in) ----

  upsertDeployment(d: Omit<Deployment, 'createdAt' | 'updatedAt'>): Deployment {
    const now = this.now();
    this.db
      .prepare(`insert into deployments (id, account_id, strategy_id, strategy_version, params, symbols, timeframe, status, state, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (id) do update set status = excluded.status, state = excluded.state, params = excluded.params, symbols = excluded.symbols, timeframe = excluded.timeframe,
          strategy_version = excluded.strategy_version, updated_at = excluded.updated_at`)
      .run(d.id, d.accountId, d.strategyId, d.strategyVersion, JSON.stringify(d.params), JSON.stringify(d.symbols), d.timeframe, d.status, d.state === undefined ? null : JSON.stringify(d.state), now, now);
    return this.deployments().find((x) => x.id === d.id)!;
  }

  deployments(accountId?: AccountId): Deployment[] {
    const rows = (accountId ? this.db.prepare(`select * from deployments where account_id = ? order by created_at`).all(accountId) : this.db.prepare(`select * from deployments order by created_at`).all()) as DeploymentRow[];
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id as AccountId,
      strategyId: r.strategy_id as StrategyId,
      strategyVersion: r.strategy_version,
      params: JSON.parse(r.params),
      symbols: JSON.parse(r.symbols),
      timeframe: r.timeframe,
      status: r.status,
      state: r.state === null ? null : JSON.parse(r.state),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  private tx<T>(fn: () => T, onError?: (e: unknown) => T | undefined): T {
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      const v = onError?.(e);
      if (v !== undefined) return v;
      throw e;
    }
  }
}

class DuplicateFill extends Error {}

/** An `orders` row (the order's last journaled state). */
export type OrderRowView = Selectable<TradingJournalTables['orders']>;
type AccountRow = Selectable<TradingJournalTables['trading_accounts']>;
type LedgerRow = Selectable<TradingJournalTables['ledger']>;

function ledgerEntry(r: LedgerRow): LedgerEntry {
  return {
    accountId: r.account_id as AccountId,
    strategyId: r.strategy_id as StrategyId | null,
    currency: r.currency,
    amount: Decimal.parse(r.amount),
    kind: r.kind as LedgerKind,
    ref: r.ref,
    instrumentId: r.instrument_id as InstrumentId | null,
    tsEvent: r.ts_event,
    tsInit: r.ts_init,
  };
}
type FillRow = Selectable<TradingJournalTables['fills']>;
type PnlRow = Selectable<TradingJournalTables['pnl_daily']>;
type KillRow = Selectable<TradingJournalTables['kill_switch']>;
type DeploymentRow = Selectable<TradingJournalTables['deployments']>;

function toAccount(r: AccountRow): TradingAccount {
  return {
    id: r.id as AccountId,
    kind: r.kind,
    venue: r.venue,
    label: r.label,
    sandbox: r.sandbox === 1,
    baseUrl: r.base_url,
    maxOrderNotional: r.max_order_notional === null ? null : Decimal.parse(r.max_order_notional),
    options: r.options === null ? null : JSON.parse(r.options),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function orderRow(o: Order): Record<string, unknown> {
  return {
    account_id: o.accountId,
    client_order_id: o.clientOrderId,
    strategy_id: o.strategyId,
    instrument_id: o.spec.instrumentId,
    side: o.spec.side,
    kind: o.spec.kind,
    quantity: o.spec.quantity.toString(),
    price: o.spec.price?.toString() ?? null,
    trigger_price: o.spec.triggerPrice?.toString() ?? null,
    time_in_force: o.spec.timeInForce,
    reduce_only: o.spec.reduceOnly ? 1 : 0,
    status: o.status,
    previous_status: o.previousStatus,
    venue_order_id: o.venueOrderId,
    filled_qty: o.filledQty.toString(),
    filled_notional: o.filledNotional.toString(),
    fee: o.fee.toString(),
    reason: o.reason,
    spec: JSON.stringify(o.spec),
    event_count: o.eventCount,
    ts_init: o.tsInit,
    ts_last: o.tsLast,
  };
}
