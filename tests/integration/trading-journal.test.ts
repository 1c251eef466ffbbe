import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { ManualClock } from '../../engine/core/clock';
import { openStores, type Stores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';
import { dec } from '../../engine/trading/decimal';
import { FakeExecutionClient } from '../../engine/trading/fake-execution-client';
import { accountId, ClientOrderIdFactory, strategyId } from '../../engine/trading/identifiers';
import { KillSwitch, KillSwitchRule } from '../../engine/trading';
import { OrderManager, type CrashPoint, type OrderManagerOptions } from '../../engine/trading/order-manager';
import { Portfolio } from '../../engine/trading/portfolio';
import { PreTradeCheck } from '../../engine/trading/pre-trade';
import type { OrderSpec } from '../../engine/trading/order';

const ACC = accountId('binance-main');
const S1 = strategyId('s1');
const BTC = instrumentId('BTC/USDT', 'binance');
const buy = (qty = '1', px = '100'): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec(qty), price: dec(px), timeInForce: 'GTC', reduceOnly: false });

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'qd-trading-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}
async function open(dir: string): Promise<Stores> {
  const s = await openStores(dir);
  cleanup.push(() => s.close());
  return s;
}

async function world(dir: string, clock: ManualClock, client: FakeExecutionClient, extra: Partial<OrderManagerOptions> = {}) {
  const stores = await open(dir);
  const journal = new TradingJournal(stores.journalDb, () => clock.now());
  if (!journal.account(ACC)) journal.upsertAccount({ id: ACC, kind: 'exchange', venue: 'binance', label: 'Binance', sandbox: true, baseUrl: 'http://127.0.0.1:1', maxOrderNotional: dec('5000'), options: null });
  const opts: OrderManagerOptions = { accountId: ACC, client, journal, clock, ids: new ClientOrderIdFactory(() => clock.now(), Math.random), ...extra };
  return { stores, journal, opts };
}

describe('trading journal (journal.db)', () => {
  it('creates the trading tables', async () => {
    const s = await open(tmp());
    const tables = s.journalDb.prepare(`select name from sqlite_master where type = 'table'`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['trading_accounts', 'orders', 'order_events', 'order_event_refusals', 'fills', 'ledger', 'position_snapshots', 'pnl_daily', 'kill_switch', 'deployments']));
  });

  it('journals every transition; a re-opened database replays into the same orders', async () => {
    const dir = tmp();
    const clock = new ManualClock(1_700_000_000_000);
    const client = new FakeExecutionClient(ACC, () => clock.now());
    const { stores, journal, opts } = await world(dir, clock, client);
    const oms = new OrderManager(opts);
    const a = await oms.submit(S1, buy('1', '100'));
    const b = await oms.submit(S1, buy('2', '99.5'));
    const f1 = client.fill(a.clientOrderId, '0.4', '100', { silent: true });
    expect(oms.onFill(f1)).toBe('applied');
    expect(oms.onFill(f1)).toBe('duplicate');
    expect(oms.onFill({ ...f1 })).toBe('duplicate');
    await oms.cancel(b.clientOrderId);
    expect(journal.fillCount(ACC)).toBe(1);
    const types = stores.journalDb.prepare(`select type from order_events where client_order_id = ? order by seq`).pluck().all(b.clientOrderId);
    expect(types).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderPendingCancel', 'OrderCanceled']);
    const row = journal.orders(ACC).find((r) => r.client_order_id === a.clientOrderId)!;
    expect(row).toMatchObject({ status: 'partially-filled', filled_qty: '0.4', venue_order_id: 'V1' });
    stores.close();

    const again = await world(dir, clock, client);
    const fresh = OrderManager.recover(again.opts);
    expect(fresh.order(a.clientOrderId)).toMatchObject({ status: 'partially-filled', venueOrderId: 'V1' });
    expect(fresh.order(a.clientOrderId)!.filledQty.toString()).toBe('0.4');
    expect(fresh.order(b.clientOrderId)!.status).toBe('canceled');
    expect(fresh.onFill(f1)).toBe('duplicate'); // the unique (account, trade id) key decides, across restarts
  });

  for (const point of ['after-journal', 'after-send'] as CrashPoint[]) {
    it(`a crash ${point} and a restart: no lost and no duplicated order`, async () => {
      const dir = tmp();
      const clock = new ManualClock(1_700_000_000_000);
      const client = new FakeExecutionClient(ACC, () => clock.now());
      const first = await world(dir, clock, client, {
        crashAt: (p) => {
          if (p === point) throw new Error('kill -9');
        },
      });
      const oms = new OrderManager(first.opts);
      await expect(oms.submit(S1, buy())).rejects.toThrow('kill -9');
      first.stores.close();

      clock.advance(60_000);
      const second = await world(dir, clock, client);
      const fresh = OrderManager.recover(second.opts);
      const [o] = fresh.allOrders();
      expect(o.status).toBe('unknown');
      const r = await fresh.resolveUnknown();
      expect(r.unresolved).toEqual([]);
      const after = fresh.order(o.clientOrderId)!;
      expect(after.status).toBe(point === 'after-journal' ? 'rejected' : 'accepted');
      expect(client.venueOrders.size).toBe(point === 'after-journal' ? 0 : 1);
      expect(client.calls.filter((c) => c.startsWith('submit'))).toHaveLength(point === 'after-journal' ? 0 : 1);
      // the resolution is journaled too: a third start sees it settled
      second.stores.close();
      const third = await world(dir, clock, client);
      expect(OrderManager.recover(third.opts).order(o.clientOrderId)!.status).toBe(after.status);
    });
  }

  it('ledger rows persist once and their sum reproduces the balances after a restart', async () => {
    const dir = tmp();
    const clock = new ManualClock(1_700_000_000_000);
    const client = new FakeExecutionClient(ACC, () => clock.now());
    const { stores, journal, opts } = await world(dir, clock, client);
    const portfolio = new Portfolio({ onLedger: (rows) => journal.appendLedger(rows) });
    const oms = new OrderManager({ ...opts, onEvent: (e, o) => portfolio.onOrderEvent(e, o) });
    portfolio.deposit(ACC, 'USDT', dec('1000.00'), 'dep-1', { tsEvent: 1, tsInit: 1 });
    const a = await oms.submit(S1, buy('0.3', '100.1'));
    oms.onFill(client.fill(a.clientOrderId, '0.1', '100', { silent: true, fee: '0.01' }));
    oms.onFill(client.fill(a.clientOrderId, '0.2', '100.1', { silent: true, fee: '0.02002' }));
    // 1000 − 10 − 0.01 − 20.02 − 0.02002 = 969.94998
    expect(portfolio.balance(ACC, 'USDT').total.toPlainString()).toBe('969.94998');
    expect(journal.appendLedger(portfolio.ledger())).toBe(0); // all there already
    portfolio.dailySnapshot(clock.now(), () => dec('101'));
    journal.saveDailyPnl(portfolio.dailySnapshot(clock.now(), () => dec('101')));
    journal.savePositionSnapshots(portfolio.positions(), clock.now());
    stores.close();

    const again = await world(dir, clock, client);
    const restored = new Portfolio({ onLedger: (rows) => again.journal.appendLedger(rows) });
    restored.restore(again.journal.loadLedger(ACC));
    for (const f of again.journal.loadFills(ACC)) expect(restored.applyFill(f)).toEqual([]); // positions only: the ledger has them
    const pos = restored.position(ACC, S1, BTC);
    expect(pos.quantity.toPlainString()).toBe('0.3');
    expect(pos.avgPrice.eq(portfolio.position(ACC, S1, BTC).avgPrice)).toBe(true);
    expect(pos.fees.toPlainString()).toBe('0.03002');
    expect(restored.balance(ACC, 'USDT').total.toPlainString()).toBe('969.94998');
    expect(restored.balance(ACC, 'BTC').total.toPlainString()).toBe('0.3');
    expect(again.journal.ledgerBalances(ACC).get('USDT')!.toPlainString()).toBe('969.94998');
    const [pnl] = again.journal.dailyPnl(ACC);
    // avg (0.1 × 100 + 0.2 × 100.1) / 0.3 = 100.0666…; unrealised (101 − avg) × 0.3 = 0.28 (to 1e-17)
    expect(pnl.unrealizedPnl!.round(8).toPlainString()).toBe('0.28');
    expect(pnl.quantity.toPlainString()).toBe('0.3');
  });

  it('the kill switch state survives a restart and denies orders until released', async () => {
    const dir = tmp();
    const clock = new ManualClock(1_700_000_000_000);
    const client = new FakeExecutionClient(ACC, () => clock.now());
    const first = await world(dir, clock, client);
    new KillSwitch(first.journal, () => clock.now()).engage({ mode: 'reduce-only', reason: 'drawdown', actor: 'cli' });
    first.stores.close();

    const second = await world(dir, clock, client);
    const ks = new KillSwitch(second.journal, () => clock.now());
    expect(ks.modeFor(ACC)).toBe('reduce-only');
    const oms = new OrderManager({ ...second.opts, preTrade: new PreTradeCheck([new KillSwitchRule(ks)]) });
    expect((await oms.submit(S1, buy())).status).toBe('denied');
    ks.release({ actor: 'ui' });
    expect((await oms.submit(S1, buy())).status).toBe('accepted');
    const audit = second.stores.journalDb.prepare(`select action from audit_log order by id`).pluck().all();
    expect(audit).toEqual(['kill-switch.reduce-only', 'kill-switch.released']);
  });

  it('accounts never hold credentials', async () => {
    const s = await open(tmp());
    const j = new TradingJournal(s.journalDb, () => 1);
    expect(() => j.upsertAccount({ id: accountId('x'), kind: 'exchange', venue: 'okx', label: 'x', sandbox: false, baseUrl: null, maxOrderNotional: null, options: { apiKey: 'k' } })).toThrow(/credentials/);
    const a = j.upsertAccount({ id: accountId('paper-1'), kind: 'paper', venue: 'paper', label: 'Paper', sandbox: false, baseUrl: null, maxOrderNotional: dec('250.5'), options: { startingBalances: { USDT: '10000' } } });
    expect(a.maxOrderNotional!.toString()).toBe('250.5');
    expect(j.accounts().map((x) => x.id)).toEqual(['paper-1']);
    j.removeAccount(accountId('paper-1'));
    expect(j.accounts()).toEqual([]);
  });
});
