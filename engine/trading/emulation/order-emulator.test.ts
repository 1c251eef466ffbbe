/**
 * The emulator through the order manager, against the in-memory venue: what is journaled, what is
 * sent and how often, and what a restart over the same journal does.
 */
import { describe, expect, it } from 'vitest';
import { instrumentId, type ClientOrderId } from '../../../shared/ids';
import { ManualClock } from '../../core/clock';
import { dec } from '../decimal';
import { FakeExecutionClient } from '../fake-execution-client';
import { accountId, ClientOrderIdFactory, strategyId } from '../identifiers';
import type { OrderSpec } from '../order';
import { decodeOrderEvent } from '../order-event-codec';
import { MemoryOrderJournal } from '../order-journal';
import { OrderManager, type OrderManagerOptions } from '../order-manager';

const ACC = accountId('acc');
const S = strategyId('s1');
const BTC = instrumentId('BTC/USDT', 'binance');
const limitBuy = (qty = '1', px = '100'): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec(qty), price: dec(px), timeInForce: 'GTC', reduceOnly: false });

function setup(o: { journal?: MemoryOrderJournal; client?: FakeExecutionClient; gate?: () => boolean; recover?: boolean } = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const client = o.client ?? new FakeExecutionClient(ACC, () => clock.now());
  const journal = o.journal ?? new MemoryOrderJournal();
  let n = 0;
  const opts: OrderManagerOptions = { accountId: ACC, client, journal, clock, ids: new ClientOrderIdFactory(() => clock.now(), () => (n++ % 89) / 89), emulationGate: o.gate };
  const oms = o.recover ? OrderManager.recover(opts) : new OrderManager(opts);
  client.subscribe({ orderUpdated: (r) => void oms.onOrderReport(r), filled: (f) => oms.onFill(f) });
  return { clock, client, journal, oms };
}
const submits = (c: FakeExecutionClient, id?: ClientOrderId) => c.calls.filter((x) => x === `submit ${id}` || (!id && x.startsWith('submit ')));
const eventsOf = (j: MemoryOrderJournal, id: ClientOrderId) => j.rows.map((r) => decodeOrderEvent(r.text)).filter((e) => e.clientOrderId === id).map((e) => e.type);

describe('order emulator in the order manager', () => {
  it('journals entry and held exits before the entry is sent; sends nothing for the exits until the entry fills', async () => {
    const { client, journal, oms } = setup();
    let journaledAtSend = 0;
    const submit = client.submit.bind(client);
    client.submit = async (x) => {
      journaledAtSend = journal.rows.length;
      return submit(x);
    };
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: false });
    expect(journaledAtSend).toBe(4); // entry initialized, TP and SL initialized (held), entry submitted
    expect(entry.status).toBe('accepted');
    expect(exits.map((e) => [e.status, e.spec.kind, e.spec.side, e.spec.parentId, e.spec.ocoGroup])).toEqual([
      ['held', 'limit', 'sell', entry.clientOrderId, 'bracket'],
      ['held', 'stop-market', 'sell', entry.clientOrderId, 'bracket'],
    ]);
    expect(submits(client)).toEqual([`submit ${entry.clientOrderId}`]);
  });

  it('entry partial fill → exits sent at the filled size; more fills → exits resized at the venue', async () => {
    const { client, oms } = setup();
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: false });
    const [tp, sl] = exits.map((e) => e.clientOrderId);
    client.fill(entry.clientOrderId, '0.3', '100');
    await oms.idle();
    expect([oms.order(tp)!.status, oms.order(sl)!.status]).toEqual(['accepted', 'accepted']);
    expect(client.lookup(tp)!.quantity.toPlainString()).toBe('0.3');
    expect(client.lookup(sl)!.quantity.toPlainString()).toBe('0.3');
    client.fill(entry.clientOrderId, '0.7', '100');
    await oms.idle();
    expect(oms.order(tp)!.spec.quantity.toPlainString()).toBe('1');
    expect(client.lookup(sl)!.quantity.toPlainString()).toBe('1');
    expect(client.calls.filter((c) => c === `modify ${tp}` || c === `modify ${sl}`)).toHaveLength(2);
    expect(submits(client, tp)).toHaveLength(1);
  });

  it('take-profit fills → stop-loss canceled at the venue', async () => {
    const { client, oms } = setup();
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: false });
    const [tp, sl] = exits.map((e) => e.clientOrderId);
    client.fill(entry.clientOrderId, '1', '100');
    await oms.idle();
    client.fill(tp, '1', '110');
    await oms.idle();
    expect(oms.order(sl)!.status).toBe('canceled');
    expect(oms.order(sl)!.reason).toBe(`OCO: ${tp} filled`);
    expect(client.lookup(sl)!.status).toBe('canceled');
  });

  it('a stop the venue cannot hold is watched here: one send when crossed, however many prices follow', async () => {
    const client = new FakeExecutionClient(ACC);
    client.caps = { ...client.caps, stopMarket: false };
    const { oms } = setup({ client });
    const spec: OrderSpec = { instrumentId: BTC, side: 'sell', kind: 'stop-market', quantity: dec('0.5'), triggerPrice: dec('95'), timeInForce: 'GTC', reduceOnly: false };
    const stop = await oms.submit(S, spec);
    expect(stop.status).toBe('held');
    expect(stop.emulatedTrigger).toBe(true);
    expect(oms.watchedInstruments()).toEqual([BTC]);
    for (const px of ['99', '96', '95.5']) oms.onPrice(BTC, dec(px));
    await oms.idle();
    expect(submits(client, stop.clientOrderId)).toHaveLength(0);
    for (const px of ['94.9', '94', '93', '95', '92']) oms.onPrice(BTC, dec(px));
    await oms.idle();
    expect(submits(client, stop.clientOrderId)).toHaveLength(1);
    // the venue got a market order (the trigger stayed here)
    const sent = client.lookup(stop.clientOrderId)!;
    expect(sent.price).toBeNull();
    expect(oms.order(stop.clientOrderId)!.status).toBe('accepted');
  });

  it('a lost answer to a fired trigger leaves it unknown, never sent again', async () => {
    const client = new FakeExecutionClient(ACC);
    client.caps = { ...client.caps, stopMarket: false };
    const { oms } = setup({ client });
    const stop = await oms.submit(S, { instrumentId: BTC, side: 'sell', kind: 'stop-market', quantity: dec('1'), triggerPrice: dec('95'), timeInForce: 'GTC', reduceOnly: false });
    client.nextSubmit = ['timeout-after-place'];
    oms.onPrice(BTC, dec('94'));
    await oms.idle();
    oms.onPrice(BTC, dec('93'));
    await oms.idle();
    expect(oms.order(stop.clientOrderId)!.status).toBe('unknown');
    expect(submits(client, stop.clientOrderId)).toHaveLength(1);
    await oms.resolveUnknown(S);
    expect(oms.order(stop.clientOrderId)!.status).toBe('accepted');
  });

  it('restart between the entry fill and the exits: the new manager over the same journal sends them once, after the gate opens', async () => {
    let open = false;
    const first = setup({ gate: () => open });
    const { entry, exits } = await first.oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: false });
    first.client.fill(entry.clientOrderId, '1', '100');
    await first.oms.idle();
    expect(exits.map((e) => first.oms.order(e.clientOrderId)!.status)).toEqual(['held', 'held']);

    // the process dies here; a new one reads what was durable
    let ready = false;
    const second = setup({ journal: first.journal.snapshot(), client: first.client, gate: () => ready, recover: true });
    expect(exits.map((e) => second.oms.order(e.clientOrderId)!.status)).toEqual(['held', 'held']);
    second.oms.rearm();
    await second.oms.idle();
    expect(submits(first.client, exits[0].clientOrderId)).toHaveLength(0); // not reconciled yet
    ready = true;
    second.oms.rearm();
    await second.oms.idle();
    for (const e of exits) {
      expect(second.oms.order(e.clientOrderId)!.status).toBe('accepted');
      expect(submits(first.client, e.clientOrderId)).toHaveLength(1);
      expect(eventsOf(second.journal, e.clientOrderId)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted']);
    }
    // a third start changes nothing
    const third = setup({ journal: second.journal.snapshot(), client: first.client, recover: true });
    third.oms.rearm();
    await third.oms.idle();
    for (const e of exits) expect(submits(first.client, e.clientOrderId)).toHaveLength(1);
  });

  it('restart after a take-profit filled while the app was down: the stop-loss is canceled once the fill is in', async () => {
    const first = setup();
    const { entry, exits } = await first.oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: false });
    first.client.fill(entry.clientOrderId, '1', '100');
    await first.oms.idle();
    const [tp, sl] = exits.map((e) => e.clientOrderId);
    const journal = first.journal.snapshot();
    first.client.fill(tp, '1', '110', { silent: true }); // nobody listening: the app is down
    const second = setup({ journal, client: first.client, recover: true });
    second.oms.rearm();
    await second.oms.idle();
    expect(second.oms.order(sl)!.status).toBe('accepted'); // the journal does not know yet
    // reconciliation brings the missed fill in (adopting the venue's fill)
    expect(second.oms.onFill(first.client.venueFills.at(-1)!)).toBe('applied');
    await second.oms.idle();
    expect(second.oms.order(tp)!.status).toBe('filled');
    expect(second.oms.order(sl)!.status).toBe('canceled');
    expect(first.client.lookup(sl)!.status).toBe('canceled');
  });

  it('batch: every order journaled and checked before the first is sent; one result per order', async () => {
    const { client, journal, oms } = setup();
    const counts: number[] = [];
    const submit = client.submit.bind(client);
    client.submit = async (x) => {
      counts.push(journal.rows.length);
      return submit(x);
    };
    client.nextSubmit = ['accept', 'reject', 'accept'];
    const out = await oms.submitBatch(S, [limitBuy('1', '100'), limitBuy('2', '99'), limitBuy('3', '98')]);
    expect(counts[0]).toBe(6); // 3 × (initialized, submitted)
    expect(out.map((o) => o.status)).toEqual(['accepted', 'rejected', 'accepted']);
  });

  it('a held exit can be canceled and its prices modified locally; its quantity cannot be set by hand', async () => {
    const { client, oms } = setup();
    const { exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: false });
    const [tp, sl] = exits.map((e) => e.clientOrderId);
    const moved = await oms.modify(sl, { triggerPrice: dec('96') });
    expect([moved.status, moved.spec.triggerPrice!.toPlainString()]).toEqual(['held', '96']);
    await expect(oms.modify(tp, { quantity: dec('2') })).rejects.toThrow(/linked/);
    expect((await oms.cancel(tp)).status).toBe('canceled');
    expect(client.calls.some((c) => c.includes(tp))).toBe(false);
  });
});
