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
import { NOT_PLACED } from './plan';
import { OrderManager, type OrderManagerOptions } from '../order-manager';

const ACC = accountId('acc');
const S = strategyId('s1');
const BTC = instrumentId('BTC/USDT', 'binance');
const limitBuy = (qty = '1', px = '100'): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec(qty), price: dec(px), timeInForce: 'GTC', reduceOnly: false });

function setup(o: { journal?: MemoryOrderJournal; client?: FakeExecutionClient; gate?: () => boolean; recover?: boolean; extra?: Partial<OrderManagerOptions> } = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const client = o.client ?? new FakeExecutionClient(ACC, () => clock.now());
  const journal = o.journal ?? new MemoryOrderJournal();
  let n = 0;
  const opts: OrderManagerOptions = { accountId: ACC, client, journal, clock, ids: new ClientOrderIdFactory(() => clock.now(), () => (n++ % 89) / 89), emulationGate: o.gate, ...o.extra };
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
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
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
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
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
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
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
    const { entry, exits } = await first.oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
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
    const { entry, exits } = await first.oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
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
    const { exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
    const [tp, sl] = exits.map((e) => e.clientOrderId);
    const moved = await oms.modify(sl, { triggerPrice: dec('96') });
    expect([moved.status, moved.spec.triggerPrice!.toPlainString()]).toEqual(['held', '96']);
    await expect(oms.modify(tp, { quantity: dec('2') })).rejects.toThrow(/linked/);
    expect((await oms.cancel(tp)).status).toBe('canceled');
    expect(client.calls.some((c) => c.includes(tp))).toBe(false);
  });

  it('spot: only the take-profit rests at the venue; the stop fires here, cancels it, then sells what is left at market', async () => {
    const { client, oms } = setup();
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: false });
    const [tp, sl] = exits.map((e) => e.clientOrderId);
    expect(exits.map((e) => e.emulatedTrigger)).toEqual([false, true]);
    client.fill(entry.clientOrderId, '1', '100');
    await oms.idle();
    expect([oms.order(tp)!.status, oms.order(sl)!.status]).toEqual(['accepted', 'held']);
    expect(submits(client, sl)).toHaveLength(0);
    client.fill(tp, '0.25', '110');
    oms.onPrice(BTC, dec('94'));
    await oms.idle();
    // the cancel went out before the stop; the stop is a market sell of the 0.75 still held
    const order = client.calls.filter((c) => c === `cancel ${tp}` || c === `submit ${sl}`);
    expect(order).toEqual([`cancel ${tp}`, `submit ${sl}`]);
    expect(oms.order(tp)!.status).toBe('canceled');
    const sent = client.lookup(sl)!;
    expect([sent.price, sent.quantity.toPlainString()]).toEqual([null, '0.75']);
    for (const px of ['93', '92']) oms.onPrice(BTC, dec(px));
    await oms.idle();
    expect(submits(client, sl)).toHaveLength(1);
  });

  it('exits are sized to what a buy left after its fee in the base, down to the lot', async () => {
    const { client, oms } = setup({ extra: { amountStep: () => dec('0.001') } });
    const { entry, exits } = await oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
    client.fill(entry.clientOrderId, '1', '100', { fee: '0.001', feeCurrency: 'BTC' });
    await oms.idle();
    for (const e of exits) expect(client.lookup(e.clientOrderId)!.quantity.toPlainString()).toBe('0.999');
  });

  it('after a restart the fee in the base is read back from the journal', async () => {
    let open = false;
    const first = setup({ gate: () => open, extra: { amountStep: () => dec('0.01') } });
    const { entry, exits } = await first.oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
    first.client.fill(entry.clientOrderId, '0.5', '100', { fee: '0.0005', feeCurrency: 'BTC' });
    await first.oms.idle();
    const second = setup({ journal: first.journal.snapshot(), client: first.client, recover: true, extra: { amountStep: () => dec('0.01') } });
    second.oms.rearm();
    await second.oms.idle();
    for (const e of exits) expect(first.client.lookup(e.clientOrderId)!.quantity.toPlainString()).toBe('0.49');
  });

  it('killed after an exit was journaled as sent but before it left: the restart finds it was not placed and re-creates it once', async () => {
    const crash = new Error('killed');
    const first = setup({ extra: { crashAt: (p) => { if (p === 'after-release-journal') throw crash; } } });
    const { entry, exits } = await first.oms.submitBracket(S, limitBuy(), { takeProfit: dec('110'), stopLoss: dec('95'), reduceOnly: true });
    first.client.fill(entry.clientOrderId, '1', '100');
    await first.oms.idle();
    for (const e of exits) {
      expect(first.oms.order(e.clientOrderId)!.status).toBe('submitted');
      expect(submits(first.client, e.clientOrderId)).toHaveLength(0);
    }
    // a new process: its client order ids differ from the first one's
    const second = setup({ journal: first.journal.snapshot(), client: first.client, recover: true, extra: { ids: new ClientOrderIdFactory(() => 1_700_000_100_000) } });
    await second.oms.resolveUnknown();
    for (const e of exits) expect([second.oms.order(e.clientOrderId)!.status, second.oms.order(e.clientOrderId)!.reason]).toEqual(['rejected', NOT_PLACED]);
    second.oms.rearm();
    await second.oms.idle();
    const replacements = second.oms.allOrders().filter((o) => o.spec.parentId === entry.clientOrderId && !exits.some((e) => e.clientOrderId === o.clientOrderId));
    expect(replacements.map((o) => [o.spec.kind, o.status, o.spec.quantity.toPlainString(), o.spec.ocoGroup])).toEqual([
      ['limit', 'accepted', '1', 'bracket'],
      ['stop-market', 'accepted', '1', 'bracket'],
    ]);
    for (const r of replacements) {
      expect(submits(first.client, r.clientOrderId)).toHaveLength(1);
      expect(eventsOf(second.journal, r.clientOrderId)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted']);
    }
    // the replacements are the bracket's exits: a take-profit fill cancels the stop-loss
    first.client.fill(replacements[0].clientOrderId, '1', '110');
    await second.oms.idle();
    expect(second.oms.order(replacements[1].clientOrderId)!.status).toBe('canceled');
    // another restart re-creates nothing
    const third = setup({ journal: second.journal.snapshot(), client: first.client, recover: true, extra: { ids: new ClientOrderIdFactory(() => 1_700_000_200_000) } });
    third.oms.rearm();
    await third.oms.idle();
    expect(third.oms.allOrders().filter((o) => o.spec.parentId === entry.clientOrderId)).toHaveLength(4);
    expect(submits(first.client).length).toBe(3);
  });
});
