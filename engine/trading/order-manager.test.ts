import { describe, expect, it } from 'vitest';
import { instrumentId, type ClientOrderId } from '../../shared/ids';
import { ManualClock } from '../core/clock';
import { EngineError } from '../core/errors';
import { dec } from './decimal';
import { FakeExecutionClient } from './fake-execution-client';
import { accountId, ClientOrderIdFactory, strategyId } from './identifiers';
import { KillSwitch, MemoryKillSwitchStore } from './kill-switch';
import type { OrderSpec } from './order';
import type { OrderEvent } from './order-events';
import { decodeOrderEvent } from './order-event-codec';
import { MemoryOrderJournal } from './order-journal';
import { OrderManager, type CrashPoint, type OrderManagerOptions } from './order-manager';
import { KillSwitchRule, PreTradeCheck } from './pre-trade';

const ACC = accountId('paper-1');
const S1 = strategyId('s1');
const S2 = strategyId('s2');
const BTC = instrumentId('BTC/USDT', 'binance');
const limitBuy = (qty = '1', px = '100'): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec(qty), price: dec(px), timeInForce: 'GTC', reduceOnly: false });

function setup(extra: Partial<OrderManagerOptions> = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const client = new FakeExecutionClient(ACC, () => clock.now());
  const journal = new MemoryOrderJournal();
  const events: OrderEvent[] = [];
  let n = 0;
  const opts: OrderManagerOptions = {
    accountId: ACC,
    client,
    journal,
    clock,
    ids: new ClientOrderIdFactory(() => clock.now(), () => (n++ % 97) / 97),
    onEvent: (e) => events.push(e),
    ...extra,
  };
  const oms = new OrderManager(opts);
  client.subscribe({ orderUpdated: (r) => void oms.onOrderReport(r), filled: (f) => oms.onFill(f) });
  return { clock, client, journal, oms, events, opts };
}
const types = (j: MemoryOrderJournal, id?: ClientOrderId) =>
  j.rows.map((r) => decodeOrderEvent(r.text)).filter((e) => !id || e.clientOrderId === id).map((e) => e.type);

describe('OrderManager: sending', () => {
  it('journals the intent and the submission before the request, then the acceptance', async () => {
    const { client, journal, oms } = setup();
    let journaledBeforeSend: string[] = [];
    const submit = client.submit.bind(client);
    client.submit = async (o) => {
      journaledBeforeSend = types(journal, o.clientOrderId);
      return submit(o);
    };
    const o = await oms.submit(S1, limitBuy());
    expect(journaledBeforeSend).toEqual(['OrderInitialized', 'OrderSubmitted']);
    expect(o.status).toBe('accepted');
    expect(o.venueOrderId).toBe('V1');
    expect(types(journal, o.clientOrderId)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted']);
    for (const r of journal.rows) {
      const e = decodeOrderEvent(r.text);
      expect(typeof e.tsEvent).toBe('number');
      expect(typeof e.tsInit).toBe('number');
    }
  });

  it('a venue refusal rejects the order; nothing is retried', async () => {
    const { client, oms } = setup();
    client.nextSubmit = ['reject'];
    const o = await oms.submit(S1, limitBuy());
    expect(o.status).toBe('rejected');
    expect(o.reason).toMatch(/insufficient balance/);
    expect(client.calls.filter((c) => c.startsWith('submit'))).toHaveLength(1);
  });

  it('the pre-trade check denies before anything is sent, and the denial is journaled', async () => {
    const ks = new KillSwitch(new MemoryKillSwitchStore(), () => 0);
    ks.engage({ reason: 'manual stop', actor: 'test' });
    const { client, oms, journal } = setup({ preTrade: new PreTradeCheck([new KillSwitchRule(ks)]) });
    const o = await oms.submit(S1, limitBuy());
    expect(o.status).toBe('denied');
    expect(o.reason).toMatch(/kill-switch: trading is halted \(manual stop\)/);
    expect(client.calls).toEqual([]);
    expect(types(journal)).toEqual(['OrderInitialized', 'OrderDenied']);
  });
});

describe('OrderManager: unknown outcomes', () => {
  it('a timeout makes the order unknown; the next submit of the strategy asks the venue first and finds it', async () => {
    const { client, oms } = setup();
    client.nextSubmit = ['timeout-after-place'];
    const lost = await oms.submit(S1, limitBuy());
    expect(lost.status).toBe('unknown');
    expect(oms.isBlocked(S1)).toBe(true);
    expect(oms.isBlocked(S2)).toBe(false);

    const next = await oms.submit(S1, limitBuy('2'));
    expect(client.calls).toEqual([`submit ${lost.clientOrderId}`, `query ${lost.clientOrderId}`, `submit ${next.clientOrderId}`]);
    expect(oms.order(lost.clientOrderId)!.status).toBe('accepted');
    expect(oms.order(lost.clientOrderId)!.venueOrderId).toBe('V1');
    // exactly one order per intent at the venue
    expect([...client.venueOrders.values()].map((r) => r.clientOrderId)).toEqual([lost.clientOrderId, next.clientOrderId]);
  });

  it('an order the venue never saw is rejected as not placed, then sending resumes', async () => {
    const { client, oms } = setup();
    client.nextSubmit = ['timeout-before-place'];
    const lost = await oms.submit(S1, limitBuy());
    expect(lost.status).toBe('unknown');
    const r = await oms.resolveUnknown(S1);
    expect(r.unresolved).toEqual([]);
    expect(oms.order(lost.clientOrderId)!.status).toBe('rejected');
    expect(oms.order(lost.clientOrderId)!.reason).toMatch(/not placed/);
    expect(client.venueOrders.size).toBe(0);
  });

  it('while the venue cannot be asked the strategy stays blocked (CONFLICT) and nothing is sent', async () => {
    const { client, oms } = setup();
    client.nextSubmit = ['timeout-after-place'];
    const lost = await oms.submit(S1, limitBuy());
    client.unreachable = true;
    const err = await oms.submit(S1, limitBuy()).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('CONFLICT');
    expect(client.calls.filter((c) => c.startsWith('submit'))).toHaveLength(1);
    expect(oms.order(lost.clientOrderId)!.status).toBe('unknown');
    client.unreachable = false;
    expect((await oms.submit(S1, limitBuy())).status).toBe('accepted');
  });

  it('an unknown order that filled meanwhile is resolved with its fills', async () => {
    const { client, oms } = setup();
    client.nextSubmit = ['timeout-after-place'];
    const lost = await oms.submit(S1, limitBuy('1'));
    client.fill(lost.clientOrderId, '0.25', '99', { silent: true });
    client.fill(lost.clientOrderId, '0.75', '100', { silent: true });
    const r = await oms.resolveUnknown();
    expect(r.resolved.map((o) => o.status)).toEqual(['filled']);
    const o = oms.order(lost.clientOrderId)!;
    expect(o.filledQty.toString()).toBe('1.00');
    // 0.25 × 99 + 0.75 × 100 = 99.75
    expect(o.filledNotional.eq('99.75')).toBe(true);
  });

  it('a cancel timeout makes the order unknown; a cancel refusal returns it to working', async () => {
    const { client, oms } = setup();
    const o = await oms.submit(S1, limitBuy());
    client.cancelBehaviour = 'timeout';
    expect((await oms.cancel(o.clientOrderId)).status).toBe('unknown');
    await oms.resolveUnknown(S1);
    expect(oms.order(o.clientOrderId)!.status).toBe('canceled');

    const o2 = await oms.submit(S1, limitBuy());
    client.cancelBehaviour = 'reject';
    expect((await oms.cancel(o2.clientOrderId)).status).toBe('accepted');
    client.cancelBehaviour = 'ok';
    expect((await oms.cancel(o2.clientOrderId)).status).toBe('canceled');
  });
});

describe('OrderManager: fills', () => {
  it('a fill delivered twice (stream and again) is counted once', async () => {
    const { client, oms, journal, events } = setup();
    const o = await oms.submit(S1, limitBuy('1'));
    const f = client.fill(o.clientOrderId, '0.4', '100');
    expect(oms.onFill(f)).toBe('duplicate');
    expect(oms.onFill({ ...f })).toBe('duplicate');
    expect(oms.order(o.clientOrderId)!.filledQty.toString()).toBe('0.4');
    expect(types(journal).filter((t) => t === 'OrderFilled')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'OrderFilled')).toHaveLength(1);
  });

  it('the journal decides duplicates even for a fresh manager that has not seen the trade', async () => {
    const { client, oms, opts } = setup();
    const o = await oms.submit(S1, limitBuy('1'));
    const f = client.fill(o.clientOrderId, '1', '100');
    const again = OrderManager.recover(opts);
    expect(again.onFill(f)).toBe('duplicate');
    expect(again.order(o.clientOrderId)!.status).toBe('filled');
  });

  it('a fill that arrives before the answer to the create is held and applied once the venue id is known', async () => {
    const { client, oms } = setup();
    const submit = client.submit.bind(client);
    client.submit = async (s) => {
      const r = await submit(s);
      client.fill(s.clientOrderId, '0.5', '100', { withClientId: false });
      return { ...r };
    };
    const o = await oms.submit(S1, limitBuy('1'));
    expect(o.status).toBe('partially-filled');
    expect(o.filledQty.toString()).toBe('0.5');
  });

  it('an overfill is refused and recorded, not applied', async () => {
    const { client, oms, journal } = setup();
    const o = await oms.submit(S1, limitBuy('1'));
    client.fill(o.clientOrderId, '0.6', '100');
    const extra = { ...client.venueFills[0], tradeId: 'T99' as never }; // another 0.6: 1.2 of 1
    expect(oms.onFill(extra)).toBe('refused');
    expect(journal.refused).toHaveLength(1);
    expect(journal.refused[0].reason).toMatch(/overfill/);
  });
});

describe('OrderManager: crash and recovery', () => {
  async function crashAt(point: CrashPoint) {
    const clock = new ManualClock(1_700_000_000_000);
    const client = new FakeExecutionClient(ACC, () => clock.now());
    const journal = new MemoryOrderJournal();
    const base: OrderManagerOptions = { accountId: ACC, client, journal, clock, ids: new ClientOrderIdFactory(() => clock.now(), () => 0.5) };
    const oms = new OrderManager({
      ...base,
      crashAt: (p) => {
        if (p === point) throw new Error('killed');
      },
    });
    await expect(oms.submit(S1, limitBuy())).rejects.toThrow('killed');
    // the process is gone: a new one reads what was durable
    clock.advance(5_000);
    const durable = journal.snapshot();
    const fresh = OrderManager.recover({ ...base, journal: durable, ids: new ClientOrderIdFactory(() => clock.now(), () => 0.25) });
    return { client, fresh, durable };
  }

  it('after-journal: the order was never sent; recovery marks it unknown, the venue does not know it, it is rejected — no resend', async () => {
    const { client, fresh } = await crashAt('after-journal');
    const [o] = fresh.allOrders();
    expect(o.status).toBe('unknown');
    expect(o.reason).toMatch(/restarted while the order was submitted/);
    const r = await fresh.resolveUnknown();
    expect(r.unresolved).toEqual([]);
    expect(fresh.order(o.clientOrderId)!.status).toBe('rejected');
    expect(client.venueOrders.size).toBe(0);
    expect(client.calls.filter((c) => c.startsWith('submit'))).toHaveLength(0);
  });

  it('after-send: the venue has it; recovery finds it by client order id — exactly one order at the venue', async () => {
    const { client, fresh } = await crashAt('after-send');
    const [o] = fresh.allOrders();
    expect(o.status).toBe('unknown');
    const next = await fresh.submit(S1, limitBuy('3'));
    expect(fresh.order(o.clientOrderId)!.status).toBe('accepted');
    expect(fresh.order(o.clientOrderId)!.venueOrderId).toBe('V1');
    expect(client.venueOrders.size).toBe(2);
    expect(next.clientOrderId).not.toBe(o.clientOrderId);
  });

  it('a replayed journal rebuilds every order exactly', async () => {
    const { client, oms, journal, opts } = setup();
    const a = await oms.submit(S1, limitBuy('1', '100'));
    const b = await oms.submit(S2, limitBuy('2', '101'));
    client.fill(a.clientOrderId, '0.3', '100');
    client.fill(a.clientOrderId, '0.7', '99.5');
    await oms.cancel(b.clientOrderId);
    const fresh = OrderManager.recover({ ...opts, journal: journal.snapshot() });
    for (const o of oms.allOrders()) {
      const r = fresh.order(o.clientOrderId)!;
      expect({ ...r, spec: String(r.spec.quantity), filledQty: String(r.filledQty), filledNotional: String(r.filledNotional), fee: String(r.fee) }).toEqual({
        ...o,
        spec: String(o.spec.quantity),
        filledQty: String(o.filledQty),
        filledNotional: String(o.filledNotional),
        fee: String(o.fee),
      });
    }
    expect(fresh.order(a.clientOrderId)!.status).toBe('filled');
    expect(fresh.order(b.clientOrderId)!.status).toBe('canceled');
    expect(fresh.unknownOrders()).toEqual([]);
  });

  it('a journal write failure stops the submit before anything is sent', async () => {
    const { client, oms, journal } = setup();
    journal.failNext = new Error('disk full');
    await expect(oms.submit(S1, limitBuy())).rejects.toThrow('disk full');
    expect(client.calls).toEqual([]);
  });
});

describe('OrderManager: cancel all and modify', () => {
  it('cancels every open order of a strategy', async () => {
    const { oms } = setup();
    const a = await oms.submit(S1, limitBuy());
    const b = await oms.submit(S1, limitBuy());
    const c = await oms.submit(S2, limitBuy());
    const r = await oms.cancelAll({ strategyId: S1 });
    expect(r.map((o) => o.status)).toEqual(['canceled', 'canceled']);
    expect(oms.order(a.clientOrderId)!.status).toBe('canceled');
    expect(oms.order(b.clientOrderId)!.status).toBe('canceled');
    expect(oms.order(c.clientOrderId)!.status).toBe('accepted');
  });

  it('modifies a working order and journals the new terms', async () => {
    const { oms, journal } = setup();
    const a = await oms.submit(S1, limitBuy('1', '100'));
    const m = await oms.modify(a.clientOrderId, { price: dec('99') });
    expect(m.status).toBe('accepted');
    expect(m.spec.price!.toString()).toBe('99');
    expect(types(journal, a.clientOrderId).slice(-2)).toEqual(['OrderPendingModify', 'OrderModified']);
    await oms.cancel(a.clientOrderId);
    await expect(oms.modify(a.clientOrderId, { price: dec('98') })).rejects.toThrow(/only a working order/);
  });
});
