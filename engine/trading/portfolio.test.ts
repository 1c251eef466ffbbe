import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { ManualClock } from '../core/clock';
import { dec, Decimal } from './decimal';
import { FakeExecutionClient } from './fake-execution-client';
import { accountId, ClientOrderIdFactory, strategyId, tradeId } from './identifiers';
import { balancesFromLedger, type LedgerEntry } from './ledger';
import { MemoryOrderJournal } from './order-journal';
import { OrderManager } from './order-manager';
import { Portfolio } from './portfolio';

const ACC = accountId('binance-main');
const S1 = strategyId('s1');
const S2 = strategyId('s2');
const BTC = instrumentId('BTC/USDT', 'binance');
const ts = { tsEvent: 1, tsInit: 1 };
const bal = (p: Portfolio, c: string) => {
  const b = p.balance(ACC, c);
  return { total: b.total.toPlainString(), reserved: b.reserved.toPlainString(), free: b.free.toPlainString() };
};
/** Balances must equal the sum of the ledger rows, currency by currency. */
function expectLedgerReproducesBalances(p: Portfolio) {
  const sums = balancesFromLedger(p.ledger()).get(ACC)!;
  for (const b of p.balances(ACC)) expect((sums.get(b.currency) ?? Decimal.ZERO).eq(b.total), b.currency).toBe(true);
}

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const client = new FakeExecutionClient(ACC, () => clock.now());
  const persisted: LedgerEntry[] = [];
  const portfolio = new Portfolio({ onLedger: (rows) => persisted.push(...rows) });
  const oms = new OrderManager({ accountId: ACC, client, journal: new MemoryOrderJournal(), clock, ids: new ClientOrderIdFactory(() => clock.now(), Math.random), onEvent: (e, o) => portfolio.onOrderEvent(e, o) });
  client.subscribe({ orderUpdated: (r) => void oms.onOrderReport(r), filled: (f) => oms.onFill(f) });
  return { clock, client, portfolio, oms, persisted };
}

describe('Portfolio', () => {
  it('deposit, reserve on acceptance, fill, release on cancel — hand-computed balances', async () => {
    const { client, portfolio: p, oms, persisted } = setup();
    p.deposit(ACC, 'USDT', dec('1000'), 'dep-1', ts);
    expect(bal(p, 'USDT')).toEqual({ total: '1000', reserved: '0', free: '1000' });

    const o = await oms.submit(S1, { instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('2'), price: dec('100'), timeInForce: 'GTC', reduceOnly: false });
    // 2 × 100 reserved
    expect(bal(p, 'USDT')).toEqual({ total: '1000', reserved: '200', free: '800' });

    client.fill(o.clientOrderId, '0.5', '99', { fee: '0.0495' });
    // 1000 − 0.5 × 99 − 0.0495 = 950.4505; reserved 200 − 0.5 × 100 = 150
    expect(bal(p, 'USDT')).toEqual({ total: '950.4505', reserved: '150', free: '800.4505' });
    expect(bal(p, 'BTC')).toEqual({ total: '0.5', reserved: '0', free: '0.5' });

    await oms.cancel(o.clientOrderId);
    expect(bal(p, 'USDT')).toEqual({ total: '950.4505', reserved: '0', free: '950.4505' });
    expectLedgerReproducesBalances(p);
    expect(persisted.map((e) => `${e.kind} ${e.currency} ${e.amount.toPlainString()}`)).toEqual(['deposit USDT 1000', 'trade BTC 0.5', 'trade USDT -49.5', 'fee USDT -0.0495']);
  });

  it('a sell reserves base; strategies sharing an account keep their own positions and PnL', async () => {
    const { client, portfolio: p, oms } = setup();
    p.deposit(ACC, 'USDT', dec('10000'), 'dep', ts);
    const a = await oms.submit(S1, { instrumentId: BTC, side: 'buy', kind: 'market', quantity: dec('1'), timeInForce: 'IOC', reduceOnly: false });
    client.fill(a.clientOrderId, '1', '100');
    const b = await oms.submit(S2, { instrumentId: BTC, side: 'buy', kind: 'market', quantity: dec('2'), timeInForce: 'IOC', reduceOnly: false });
    client.fill(b.clientOrderId, '2', '110');
    const s = await oms.submit(S1, { instrumentId: BTC, side: 'sell', kind: 'limit', quantity: dec('1'), price: dec('120'), timeInForce: 'GTC', reduceOnly: true });
    expect(bal(p, 'BTC')).toEqual({ total: '3', reserved: '1', free: '2' });
    client.fill(s.clientOrderId, '1', '120', { fee: '0.0002', feeCurrency: 'BNB' });
    // 10000 − 100 − 220 + 120 = 9800 USDT; BTC 2; BNB −0.0002 (fee paid in BNB)
    expect(bal(p, 'USDT').total).toBe('9800');
    expect(bal(p, 'BTC')).toEqual({ total: '2', reserved: '0', free: '2' });
    expect(bal(p, 'BNB').total).toBe('-0.0002');
    // S1: bought 1 @ 100, sold 1 @ 120 → +20; S2: 2 @ 110 open
    expect(p.position(ACC, S1, BTC).realizedPnl.toPlainString()).toBe('20');
    expect(p.position(ACC, S1, BTC).quantity.isZero()).toBe(true);
    expect(p.position(ACC, S2, BTC).avgPrice.toPlainString()).toBe('110');
    expect(p.netQuantity(ACC, BTC).toPlainString()).toBe('2');
    expectLedgerReproducesBalances(p);

    // daily snapshot at a mark of 105: S2 unrealised (105 − 110) × 2 = −10
    const rows = p.dailySnapshot(1_700_000_000_000 + 5, (id) => (id === BTC ? dec('105') : undefined));
    expect(rows.find((r) => r.strategyId === S2)!.unrealizedPnl!.toPlainString()).toBe('-10');
    expect(rows[0].day % 86_400_000).toBe(0);
  });

  it('the same trade booked twice changes nothing; a restore from the ledger reproduces balances', () => {
    const p = new Portfolio();
    p.deposit(ACC, 'USDT', dec('500'), 'd1', ts);
    const fill = { accountId: ACC, strategyId: S1, instrumentId: BTC, side: 'buy' as const, quantity: dec('0.1'), price: dec('3000'), fee: dec('0.3'), feeCurrency: 'USDT', tradeId: tradeId('T1'), ...ts };
    expect(p.applyFill(fill)).toHaveLength(3);
    expect(p.applyFill(fill)).toHaveLength(0);
    expect(p.position(ACC, S1, BTC).quantity.toPlainString()).toBe('0.1');
    // 500 − 300 − 0.3 = 199.7
    expect(bal(p, 'USDT').total).toBe('199.7');
    expect(p.deposit(ACC, 'USDT', dec('500'), 'd1', ts)).toBeNull(); // same ref: already booked

    const q = new Portfolio();
    q.restore(p.ledger());
    expect(q.balances(ACC).map((b) => `${b.currency} ${b.total.toPlainString()}`)).toEqual(['BTC 0.1', 'USDT 199.7']);
  });

  it('a withdrawal cannot take more than is free', () => {
    const p = new Portfolio();
    p.deposit(ACC, 'USDT', dec('100'), 'd', ts);
    expect(() => p.withdraw(ACC, 'USDT', dec('100.01'), 'w1', ts)).toThrow(/100 is free/);
    p.withdraw(ACC, 'USDT', dec('40'), 'w2', ts);
    expect(bal(p, 'USDT').total).toBe('60');
    expect(p.ledger().map((e) => e.kind)).toEqual(['deposit', 'withdrawal']);
  });
});
