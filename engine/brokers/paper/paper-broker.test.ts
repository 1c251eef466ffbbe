import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../../shared/ids';
import { ManualClock } from '../../core/clock';
import { dec } from '../../trading/decimal';
import { accountId, clientOrderId } from '../../trading/identifiers';
import type { FillReport } from '../../trading/execution-client';
import type { OrderSpec } from '../../trading/order';
import { PaperBroker } from './paper-broker';

const BTC = instrumentId('BTC/USDT', 'paper');
const spec = (o: Partial<OrderSpec>): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'market', quantity: dec('1'), timeInForce: 'GTC', reduceOnly: false, ...o });
const bal = async (b: PaperBroker, c: string) => (await b.balances()).find((x) => x.currency === c)?.total.toPlainString();

function setup() {
  const clock = new ManualClock(1_000);
  const fills: FillReport[] = [];
  const b = new PaperBroker({ accountId: accountId('paper-1'), clock, startingBalances: { USDT: '10000' }, fees: { maker: 0.001, taker: 0.002 } });
  b.subscribe({ orderUpdated() {}, filled: (f) => fills.push(f) });
  return { b, fills, clock };
}

describe('PaperBroker (backtest fill model on live bars)', () => {
  it('a market order fills at the next bar open, taker fee in quote; balances follow', async () => {
    const { b, fills } = setup();
    b.onBar(BTC, { ts: 0, open: 100, high: 101, low: 99, close: 100 });
    const r = await b.submit({ clientOrderId: clientOrderId('qa1'), spec: spec({}) });
    expect(r.status).toBe('open');
    b.onBar(BTC, { ts: 60_000, open: 102, high: 104, low: 101, close: 103 });
    expect(fills).toHaveLength(1);
    expect(fills[0].price.toPlainString()).toBe('102');
    expect(fills[0].fee.toPlainString()).toBe('0.204');
    expect(await bal(b, 'BTC')).toBe('1');
    expect(await bal(b, 'USDT')).toBe('9897.796');
  });

  it('a limit buy fills at its price when the low reaches it (maker), at the open when gapped through', async () => {
    const { b, fills } = setup();
    await b.submit({ clientOrderId: clientOrderId('qa2'), spec: spec({ kind: 'limit', price: dec('95') }) });
    b.onBar(BTC, { ts: 0, open: 100, high: 101, low: 96, close: 100 });
    expect(fills).toHaveLength(0);
    b.onBar(BTC, { ts: 1, open: 99, high: 99, low: 94, close: 95 });
    expect(fills[0].price.toPlainString()).toBe('95');
    expect(fills[0].liquidity).toBe('maker');
    await b.submit({ clientOrderId: clientOrderId('qa3'), spec: spec({ kind: 'limit', price: dec('90') }) });
    b.onBar(BTC, { ts: 2, open: 85, high: 86, low: 84, close: 85 });
    expect(fills[1].price.toPlainString()).toBe('85');
  });

  it('refuses a sell beyond the free base, a reduce-only buy, and a post-only that would cross', async () => {
    const { b } = setup();
    b.onBar(BTC, { ts: 0, open: 100, high: 100, low: 100, close: 100 });
    await expect(b.submit({ clientOrderId: clientOrderId('qa4'), spec: spec({ side: 'sell' }) })).rejects.toMatchObject({ kind: 'rejected' });
    await expect(b.submit({ clientOrderId: clientOrderId('qa5'), spec: spec({ reduceOnly: true }) })).rejects.toMatchObject({ kind: 'rejected' });
    await expect(b.submit({ clientOrderId: clientOrderId('qa6'), spec: spec({ kind: 'limit', price: dec('101'), timeInForce: 'post-only' }) })).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('IOC expires after one bar; deposits and withdrawals are ledger rows; state survives a restart', async () => {
    const { b, clock } = setup();
    await b.submit({ clientOrderId: clientOrderId('qa7'), spec: spec({ kind: 'limit', price: dec('50'), timeInForce: 'IOC' }) });
    b.onBar(BTC, { ts: 0, open: 100, high: 100, low: 99, close: 100 });
    expect((await b.queryOrder(clientOrderId('qa7')))!.status).toBe('expired');
    b.deposit('USDT', dec('500'));
    b.withdraw('USDT', dec('200'));
    expect(() => b.withdraw('USDT', dec('1000000'))).toThrow(/cannot withdraw/);
    await b.submit({ clientOrderId: clientOrderId('qa8'), spec: spec({ kind: 'limit', price: dec('90') }) });
    const again = new PaperBroker({ accountId: accountId('paper-1'), clock, startingBalances: { USDT: '999' }, state: b.snapshot() });
    expect(await bal(again, 'USDT')).toBe('10300');
    expect((await again.openOrders()).map((o) => o.clientOrderId)).toEqual(['qa8']);
    expect((await again.balances()).find((x) => x.currency === 'USDT')!.reserved.toPlainString()).toBe('90');
  });

  it('a transfer is booked once per ref; a withdrawal cannot take what an open order holds', async () => {
    const { b } = setup();
    expect(b.deposit('USDT', dec('250'), 'tx-1')).toBe(true);
    expect(b.deposit('USDT', dec('250'), 'tx-1')).toBe(false);
    expect(await bal(b, 'USDT')).toBe('10250');
    // a limit buy of 1 @ 10000 holds 10000: 250 is free
    await b.submit({ clientOrderId: clientOrderId('qa9'), spec: spec({ kind: 'limit', price: dec('10000') }) });
    expect(() => b.withdraw('USDT', dec('250.01'), 'tx-2')).toThrow(/cannot withdraw 250.01 USDT: 250 is free/);
    expect(b.withdraw('USDT', dec('250'), 'tx-2')).toBe(true);
    // the retry of a withdrawal that went through is not refused for lack of funds: it is already booked
    expect(b.withdraw('USDT', dec('250'), 'tx-2')).toBe(false);
    expect(await bal(b, 'USDT')).toBe('10000');
    expect(b.cashRow('withdrawal', 'USDT', 'tx-2')).toMatchObject({ amount: '-250', kind: 'withdrawal' });
  });
});
