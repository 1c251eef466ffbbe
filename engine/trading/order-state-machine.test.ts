import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { dec } from './decimal';
import { accountId, clientOrderId, strategyId, tradeId, venueOrderId } from './identifiers';
import type { Order } from './order';
import { averagePrice } from './order';
import type { OrderEvent, OrderFilled } from './order-events';
import { decodeOrderEvent, encodeOrderEvent } from './order-event-codec';
import { allowedEvents, applyOrderEvent, replayOrderEvents } from './order-state-machine';

const acc = accountId('paper-1');
const cid = clientOrderId('q1');
const base = { clientOrderId: cid, accountId: acc, tsEvent: 1, tsInit: 1 };
const init: OrderEvent = {
  ...base,
  type: 'OrderInitialized',
  strategyId: strategyId('s1'),
  spec: { instrumentId: instrumentId('BTC/USDT', 'binance'), side: 'buy', kind: 'limit', quantity: dec('1.0'), price: dec('100'), timeInForce: 'GTC', reduceOnly: false },
};
const fill = (n: number, qty: string, px: string): OrderFilled => ({
  ...base,
  type: 'OrderFilled',
  venueOrderId: venueOrderId('V1'),
  tradeId: tradeId(`T${n}`),
  lastQty: dec(qty),
  lastPx: dec(px),
  fee: dec('0.01'),
  feeCurrency: 'USDT',
  liquidity: 'maker',
});

function run(events: OrderEvent[]): Order {
  let o: Order | null = null;
  for (const e of events) {
    const r = applyOrderEvent(o, e);
    if (!r.ok) throw new Error(r.reason);
    o = r.order;
  }
  return o!;
}
const accepted: OrderEvent[] = [init, { ...base, type: 'OrderSubmitted' }, { ...base, type: 'OrderAccepted', venueOrderId: venueOrderId('V1') }];

describe('order state machine', () => {
  it('initialized → submitted → accepted → partially filled → filled, with the average price', () => {
    const o = run([...accepted, fill(1, '0.4', '100'), fill(2, '0.6', '101')]);
    expect(o.status).toBe('filled');
    expect(o.filledQty.toString()).toBe('1.0');
    // (0.4 × 100 + 0.6 × 101) / 1.0 = 100.6
    expect(averagePrice(o)!.eq('100.6')).toBe(true);
    expect(o.fee.toString()).toBe('0.02');
    expect(o.eventCount).toBe(5);
    expect(run([...accepted, fill(1, '0.4', '100')]).status).toBe('partially-filled');
  });

  it('refuses invalid transitions and leaves nothing applied', () => {
    const o = run([init]);
    const r = applyOrderEvent(o, fill(1, '0.1', '100'));
    expect(r.ok).toBe(false);
    const filled = run([...accepted, fill(1, '1', '100')]);
    expect(applyOrderEvent(filled, { ...base, type: 'OrderCanceled' })).toMatchObject({ ok: false, reason: expect.stringMatching(/not allowed .* status filled/) });
    expect(applyOrderEvent(null, { ...base, type: 'OrderAccepted', venueOrderId: venueOrderId('V') })).toMatchObject({ ok: false });
    expect(applyOrderEvent(o, init)).toMatchObject({ ok: false, reason: expect.stringMatching(/already exists/) });
    const rejected = run([init, { ...base, type: 'OrderSubmitted' }, { ...base, type: 'OrderRejected', reason: 'x' }]);
    expect(applyOrderEvent(rejected, { ...base, type: 'OrderAccepted', venueOrderId: venueOrderId('V') }).ok).toBe(false);
    expect(allowedEvents('filled')).toEqual([]);
  });

  it('refuses an overfill and a fill of zero', () => {
    const o = run([...accepted, fill(1, '0.7', '100')]);
    expect(applyOrderEvent(o, fill(2, '0.4', '100'))).toMatchObject({ ok: false, reason: expect.stringMatching(/overfill/) });
    expect(applyOrderEvent(o, fill(2, '0', '100')).ok).toBe(false);
  });

  it('pending cancel: a rejected cancel goes back; a partial fill meanwhile goes back to partially filled', () => {
    const pc = run([...accepted, { ...base, type: 'OrderPendingCancel' }]);
    expect(pc.status).toBe('pending-cancel');
    expect(pc.previousStatus).toBe('accepted');
    expect(run([...accepted, { ...base, type: 'OrderPendingCancel' }, { ...base, type: 'OrderCancelRejected', reason: 'too late' }]).status).toBe('accepted');
    const o = run([...accepted, { ...base, type: 'OrderPendingCancel' }, fill(1, '0.5', '100'), { ...base, type: 'OrderCancelRejected', reason: 'x' }]);
    expect(o.status).toBe('partially-filled');
    expect(run([...accepted, { ...base, type: 'OrderPendingCancel' }, fill(1, '1.0', '100')]).status).toBe('filled');
  });

  it('pending modify: confirmed terms replace the spec', () => {
    const o = run([...accepted, { ...base, type: 'OrderPendingModify' }, { ...base, type: 'OrderModified', price: dec('99.5'), quantity: dec('2') }]);
    expect(o.status).toBe('accepted');
    expect(o.spec.price!.toString()).toBe('99.5');
    expect(o.spec.quantity.toString()).toBe('2');
  });

  it('unknown resolves to what the venue says; a partial fill keeps it unknown', () => {
    const u = [init, { ...base, type: 'OrderSubmitted' } as OrderEvent, { ...base, type: 'OrderBecameUnknown', reason: 'timeout' } as OrderEvent];
    expect(run(u).status).toBe('unknown');
    expect(run(u).previousStatus).toBe('submitted');
    expect(run([...u, { ...base, type: 'OrderAccepted', venueOrderId: venueOrderId('V1') }]).status).toBe('accepted');
    expect(run([...u, { ...base, type: 'OrderRejected', reason: 'not placed' }]).status).toBe('rejected');
    expect(run([...u, fill(1, '0.5', '100')]).status).toBe('unknown');
    expect(run([...u, fill(1, '0.5', '100'), { ...base, type: 'OrderAccepted', venueOrderId: venueOrderId('V1') }]).status).toBe('partially-filled');
    expect(run([...u, fill(1, '1.0', '100')]).status).toBe('filled');
  });

  it('a late fill after a cancel moves money but keeps the order closed', () => {
    const o = run([...accepted, { ...base, type: 'OrderCanceled' }, fill(1, '0.3', '100')]);
    expect(o.status).toBe('canceled');
    expect(o.filledQty.toString()).toBe('0.3');
  });

  it('events survive the journal codec and a replay rebuilds the same order', () => {
    const events = [...accepted, fill(1, '0.4', '100.25'), { ...base, type: 'OrderPendingModify' } as OrderEvent, { ...base, type: 'OrderModified', price: dec('99.75') } as OrderEvent];
    const decoded = events.map((e) => decodeOrderEvent(encodeOrderEvent(e)));
    const { orders, refused } = replayOrderEvents([...decoded, { ...base, type: 'OrderExpired' }, fill(9, '5', '1')]);
    expect(refused.map((r) => r.event.type)).toEqual(['OrderFilled']); // the overfill after expiry
    const o = orders.get(cid)!;
    expect(o.status).toBe('expired');
    expect(o.spec.price!.toString()).toBe('99.75');
    expect(o.filledNotional.toString()).toBe(dec('0.4').mul('100.25').toString());
    expect(o.filledNotional.eq('40.1')).toBe(true);
  });
});
