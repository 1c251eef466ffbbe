/**
 * Daily PnL snapshots are written: at a UTC day boundary while running (the timer, marked with the
 * last price) and on start for the days missed while down (positions rebuilt from the fills before
 * each day's end, no mark). A manual clock and fake timers; the journal is real SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { ManualClock } from '../../engine/core/clock';
import { DailyPnlRecorder } from '../../engine/live/daily-pnl-recorder';
import { openStores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';
import { DAY_MS } from '../../engine/trading/daily-pnl';
import { dec } from '../../engine/trading/decimal';
import { FakeExecutionClient } from '../../engine/trading/fake-execution-client';
import { accountId, ClientOrderIdFactory, strategyId } from '../../engine/trading/identifiers';
import { OrderManager } from '../../engine/trading/order-manager';

const ACC = accountId('paper-pnl');
const S1 = strategyId('s1');
const BTC = instrumentId('BTC/USDT', 'binance');
const D0 = Date.UTC(2026, 2, 2);
const H = 3_600_000;
const log = { info() {}, warn() {}, error() {} };

const cleanup: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  cleanup.splice(0).reverse().forEach((f) => f());
});

async function world() {
  const dir = mkdtempSync(path.join(tmpdir(), 'qd-pnl-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const stores = await openStores(dir);
  cleanup.push(() => stores.close());
  const clock = new ManualClock(D0 + 10 * H);
  const journal = new TradingJournal(stores.journalDb, () => clock.now());
  journal.upsertAccount({ id: ACC, kind: 'paper', venue: 'binance', label: 'p', sandbox: false, baseUrl: null, maxOrderNotional: null, options: null });
  const client = new FakeExecutionClient(ACC, () => clock.now());
  const oms = new OrderManager({ accountId: ACC, client, journal, clock, ids: new ClientOrderIdFactory(() => clock.now(), Math.random) });
  const trade = async (side: 'buy' | 'sell', qty: string, px: string, fee: string) => {
    const o = await oms.submit(S1, { instrumentId: BTC, side, kind: 'limit', quantity: dec(qty), price: dec(px), timeInForce: 'GTC', reduceOnly: false });
    oms.onFill(client.fill(o.clientOrderId, qty, px, { silent: true, fee }));
  };
  return { clock, journal, trade };
}

const view = (rows: ReturnType<TradingJournal['dailyPnl']>) => rows.map((r) => ({ day: (r.day - D0) / DAY_MS, qty: r.quantity.toPlainString(), realized: r.realizedPnl.toPlainString(), mark: r.mark?.toPlainString() ?? null, unrealized: r.unrealizedPnl?.toPlainString() ?? null, fees: r.fees.toPlainString() }));

describe('daily PnL snapshots', () => {
  it('a day boundary while running writes the day that closed, marked with the last price', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { clock, journal, trade } = await world();
    await trade('buy', '1', '100', '0.1');
    let last = 104;
    const rec = new DailyPnlRecorder({ accountId: ACC, journal, clock, log, mark: () => dec(String(last)), everyMs: 60_000 });
    rec.start();
    expect(journal.dailyPnl(ACC)).toEqual([]); // day 0 is still open
    clock.set(D0 + DAY_MS - 30_000);
    vi.advanceTimersByTime(60_000);
    expect(journal.dailyPnl(ACC)).toEqual([]);
    last = 110;
    clock.set(D0 + DAY_MS + 30_000); // the next check is 30 s after midnight
    vi.advanceTimersByTime(60_000);
    // long 1 @ 100, mark 110 → unrealised 10
    expect(view(journal.dailyPnl(ACC))).toEqual([{ day: 0, qty: '1', realized: '0', mark: '110', unrealized: '10', fees: '0.1' }]);
    // later checks that day write nothing more
    clock.advance(5 * 60_000);
    vi.advanceTimersByTime(5 * 60_000);
    expect(journal.dailyPnl(ACC)).toHaveLength(1);
    rec.stop();
    clock.advance(DAY_MS);
    vi.advanceTimersByTime(DAY_MS);
    expect(journal.dailyPnl(ACC)).toHaveLength(1); // stopped: no timer
  });

  it('on start, every day missed while down, each with the positions it had at its close', async () => {
    const { clock, journal, trade } = await world();
    await trade('buy', '1', '100', '0.1');
    clock.set(D0 + DAY_MS + 9 * H);
    await trade('sell', '0.5', '120', '0.06');
    clock.set(D0 + 3 * DAY_MS + 8 * H);
    await trade('buy', '2', '90', '0.18');
    // down since day 0 started; back on day 4
    clock.set(D0 + 4 * DAY_MS + 7 * H);
    const rec = new DailyPnlRecorder({ accountId: ACC, journal, clock, log, mark: () => dec('999'), everyMs: 0 });
    rec.start();
    // day 0: long 1 @ 100; day 1: sold 0.5 @ 120 → realised 10; day 2 as day 1; day 3: bought 2 @ 90 → 2.5
    // no prices from those closes here: unrealised unknown, never the price seen now (999)
    expect(view(journal.dailyPnl(ACC))).toEqual([
      { day: 0, qty: '1', realized: '0', mark: null, unrealized: null, fees: '0.1' },
      { day: 1, qty: '0.5', realized: '10', mark: null, unrealized: null, fees: '0.16' },
      { day: 2, qty: '0.5', realized: '10', mark: null, unrealized: null, fees: '0.16' },
      { day: 3, qty: '2.5', realized: '10', mark: null, unrealized: null, fees: '0.34' },
    ]);
    // a second start the same day has nothing to add
    expect(new DailyPnlRecorder({ accountId: ACC, journal, clock, log, mark: () => undefined, everyMs: 0 }).catchUp(false)).toEqual([]);
    expect(journal.lastDailyPnlDay(ACC)).toBe(D0 + 3 * DAY_MS);
  });

  it('an account that never traded writes nothing', async () => {
    const { clock, journal } = await world();
    clock.set(D0 + 10 * DAY_MS);
    expect(new DailyPnlRecorder({ accountId: ACC, journal, clock, log, mark: () => undefined, everyMs: 0 }).catchUp(false)).toEqual([]);
    expect(journal.dailyPnl(ACC)).toEqual([]);
  });
});
