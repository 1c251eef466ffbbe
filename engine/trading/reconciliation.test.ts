import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { ManualClock } from '../core/clock';
import { dec, type Decimal } from './decimal';
import { FakeExecutionClient } from './fake-execution-client';
import { accountId, ClientOrderIdFactory, strategyId, venueOrderId } from './identifiers';
import { MemoryOrderJournal } from './order-journal';
import { OrderManager } from './order-manager';
import { decide, diffAccount, planActions, type LocalState, type VenueState } from './reconciliation';

const ACC = accountId('binance-main');
const S1 = strategyId('s1');
const BTC = instrumentId('BTC/USDT', 'binance');

async function world() {
  const clock = new ManualClock(1_700_000_000_000);
  const client = new FakeExecutionClient(ACC, () => clock.now());
  const oms = new OrderManager({ accountId: ACC, client, journal: new MemoryOrderJournal(), clock, ids: new ClientOrderIdFactory(() => clock.now(), Math.random) });
  const a = await oms.submit(S1, { instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('1'), price: dec('100'), timeInForce: 'GTC', reduceOnly: false });
  const local = (balances: [string, string][]): LocalState => ({
    accountId: ACC,
    orders: oms.allOrders(),
    hasTrade: (t) => oms.hasTrade(t as never),
    balances: new Map<string, Decimal>(balances.map(([c, v]) => [c, dec(v)])),
  });
  const venue = async (o: Partial<VenueState> = {}): Promise<VenueState> => ({
    accountId: ACC,
    openOrders: await client.openOrders(),
    lookups: new Map(),
    fills: await client.fillsSince(0),
    balances: [{ currency: 'USDT', total: dec('1000'), reserved: dec('100') }],
    balancesComplete: true,
    tsEvent: clock.now(),
    ...o,
  });
  return { client, oms, a, local, venue };
}

describe('reconciliation', () => {
  it('agreeing states are clean', async () => {
    const { local, venue } = await world();
    const d = diffAccount(local([['USDT', '1000']]), await venue());
    expect(d.items).toEqual([]);
    expect(decide(d)).toEqual({ status: 'clean' });
  });

  it('a report that could not be fetched halts the account', async () => {
    const { local, venue } = await world();
    const d = diffAccount(local([['USDT', '1000']]), await venue({ balances: null }));
    expect(decide(d)).toEqual({ status: 'halted', reasons: ["the venue's balances report could not be fetched"] });
  });

  it('a currency missing from an incomplete balance report is never read as zero', async () => {
    const { local, venue } = await world();
    const d = diffAccount(local([['USDT', '1000'], ['BTC', '0.5']]), await venue({ balancesComplete: false }));
    expect(d.items.map((i) => i.kind)).toEqual(['balance-unreported']);
    expect(decide(d).status).toBe('halted');
    // with a complete report, the absence means zero: a difference to settle
    const d2 = diffAccount(local([['USDT', '1000'], ['BTC', '0.5']]), await venue());
    expect(d2.items).toMatchObject([{ kind: 'balance-mismatch', currency: 'BTC', choices: ['adopt-venue', 'flatten'] }]);
    expect(decide(d2)).toEqual({ status: 'needs-decision', items: 1 });
    const { actions } = planActions(d2, [{ item: 0, choice: 'adopt-venue' }]);
    expect(actions).toMatchObject([{ kind: 'adjust-balance', currency: 'BTC' }]);
    expect((actions[0] as { amount: Decimal }).amount.toPlainString()).toBe('-0.5');
  });

  it('finds fills missing locally, orders closed at the venue and foreign open orders, and plans the choices', async () => {
    const { client, oms, a, local, venue } = await world();
    const b = await oms.submit(S1, { instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('1'), price: dec('99'), timeInForce: 'GTC', reduceOnly: false });
    client.fill(a.clientOrderId, '1', '100', { silent: true }); // the stream missed it
    client.venueOrders.set(venueOrderId('X1'), { ...client.lookup(b.clientOrderId)!, clientOrderId: null, venueOrderId: venueOrderId('X1') }); // placed elsewhere
    client.lookup(b.clientOrderId)!.status = 'canceled';
    const v = await venue({ lookups: new Map([[a.clientOrderId, (await client.queryOrder(a.clientOrderId))!], [b.clientOrderId, (await client.queryOrder(b.clientOrderId))!]]) });
    const d = diffAccount(local([['USDT', '1000']]), v);
    expect(d.items.map((i) => i.kind).sort()).toEqual(['fill-missing-locally', 'order-closed-at-venue', 'order-closed-at-venue', 'order-unknown-locally']);
    expect(decide(d)).toEqual({ status: 'needs-decision', items: 4 });

    const idx = (k: string) => d.items.findIndex((i) => i.kind === k);
    const { actions, refused } = planActions(d, [
      { item: idx('order-unknown-locally'), choice: 'cancel' },
      { item: idx('fill-missing-locally'), choice: 'adopt-venue' },
      { item: idx('order-unknown-locally'), choice: 'flatten' },
    ]);
    // fills first; a request to the venue (the cancel) last
    expect(actions.map((x) => x.kind)).toEqual(['apply-fill', 'cancel-venue-order']);
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toMatch(/offers adopt-venue, cancel, not flatten/);
  });

  it('a venue-only order that filled in part also offers flatten; adopting it comes before any fill', async () => {
    const { client, oms, local, venue } = await world();
    const b = await oms.submit(S1, { instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('2'), price: dec('99'), timeInForce: 'GTC', reduceOnly: false });
    const r = client.lookup(b.clientOrderId)!;
    client.venueOrders.set(venueOrderId('X2'), { ...r, clientOrderId: null, venueOrderId: venueOrderId('X2'), filledQty: dec('0.5'), status: 'partially-filled' });
    r.status = 'canceled';
    const d = diffAccount(local([['USDT', '1000']]), await venue({ lookups: new Map([[b.clientOrderId, (await client.queryOrder(b.clientOrderId))!]]) }));
    const i = d.items.findIndex((x) => x.kind === 'order-unknown-locally');
    expect(d.items[i].choices).toEqual(['adopt-venue', 'cancel', 'flatten']);
    const closed = d.items.findIndex((x) => x.kind === 'order-closed-at-venue');
    expect(planActions(d, [{ item: closed, choice: 'adopt-venue' }, { item: i, choice: 'adopt-venue' }]).actions.map((x) => x.kind)).toEqual(['import-venue-order', 'apply-order-report']);
    expect(planActions(d, [{ item: i, choice: 'flatten' }]).actions.map((x) => x.kind)).toEqual(['import-venue-order', 'flatten-venue-order']);
  });

  it("flattening a balance takes the venue's balance, then trades the difference away on an instrument (and needs one)", async () => {
    const { local, venue } = await world();
    // journal 0.5 BTC, venue 0.75: adopt +0.25, then sell 0.25
    const d = diffAccount(local([['USDT', '1000'], ['BTC', '0.5']]), await venue({ balances: [{ currency: 'USDT', total: dec('1000'), reserved: dec('0') }, { currency: 'BTC', total: dec('0.75'), reserved: dec('0') }] }));
    expect(d.items).toMatchObject([{ kind: 'balance-mismatch', currency: 'BTC' }]);
    const none = planActions(d, [{ item: 0, choice: 'flatten' }]);
    expect(none.actions).toEqual([]);
    expect(none.refused[0].reason).toMatch(/needs an instrument/);
    const { actions } = planActions(d, [{ item: 0, choice: 'flatten', instrumentId: BTC }]);
    expect(actions.map((a) => [a.kind, 'amount' in a ? a.amount.toPlainString() : ''])).toEqual([['adjust-balance', '0.25'], ['flatten', '0.25']]);
  });

  it('a local open order the venue was not asked about halts (not assumed gone)', async () => {
    const { client, a, local, venue } = await world();
    client.lookup(a.clientOrderId)!.status = 'filled';
    const d = diffAccount(local([['USDT', '1000']]), await venue());
    expect(d.items.map((i) => i.kind)).toEqual(['order-not-checked']);
    expect(decide(d).status).toBe('halted');
  });
});
