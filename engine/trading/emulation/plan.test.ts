import { describe, expect, it } from 'vitest';
import { instrumentId, type ClientOrderId } from '../../../shared/ids';
import { dec, type Decimal } from '../decimal';
import { accountId, strategyId, tradeId, venueOrderId } from '../identifiers';
import type { Order, OrderSpec } from '../order';
import type { OrderEvent } from '../order-events';
import { applyOrderEvent } from '../order-state-machine';
import { GROUP_FIRED, NOT_PLACED, planEmulation } from './plan';
import { triggerCrossed } from './trigger';

const ACC = accountId('a');
const S = strategyId('s');
const BTC = instrumentId('BTC/USDT', 'binance');
const cid = (s: string) => s as ClientOrderId;

/** Builds an order by applying events, as the journal replay does. */
class Book {
  readonly orders = new Map<string, Order>();
  private t = 0;
  private trade = 0;
  private ev(id: string, e: Record<string, unknown>): void {
    const full = { clientOrderId: cid(id), accountId: ACC, tsEvent: ++this.t, tsInit: this.t, ...e } as OrderEvent;
    const r = applyOrderEvent(this.orders.get(id) ?? null, full);
    if (!r.ok) throw new Error(r.reason);
    this.orders.set(id, r.order);
  }
  add(id: string, spec: Partial<OrderSpec>, o: { held?: boolean; emulatedTrigger?: boolean; accepted?: boolean } = {}): this {
    const full: OrderSpec = { instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('1'), price: dec('100'), timeInForce: 'GTC', reduceOnly: false, ...spec };
    this.ev(id, { type: 'OrderInitialized', strategyId: S, spec: full, ...(o.held ? { held: true } : {}), ...(o.emulatedTrigger ? { emulatedTrigger: true } : {}) });
    if (o.accepted) this.accept(id);
    return this;
  }
  accept(id: string): this {
    this.ev(id, { type: 'OrderSubmitted' });
    this.ev(id, { type: 'OrderAccepted', venueOrderId: venueOrderId(`V-${id}`) });
    return this;
  }
  fill(id: string, qty: string, px = '100'): this {
    this.ev(id, { type: 'OrderFilled', venueOrderId: venueOrderId(`V-${id}`), tradeId: tradeId(`T${++this.trade}`), lastQty: dec(qty), lastPx: dec(px), fee: dec('0'), feeCurrency: 'USDT', liquidity: 'taker' });
    return this;
  }
  cancel(id: string, reason?: string): this {
    this.ev(id, { type: 'OrderCanceled', ...(reason ? { reason } : {}) });
    return this;
  }
  submit(id: string): this {
    this.ev(id, { type: 'OrderSubmitted' });
    return this;
  }
  unknown(id: string): this {
    this.ev(id, { type: 'OrderBecameUnknown', reason: 'restarted' });
    return this;
  }
  reject(id: string, reason: string): this {
    this.ev(id, { type: 'OrderRejected', reason });
    return this;
  }
  modify(id: string, qty: string): this {
    this.ev(id, { type: 'OrderModified', quantity: dec(qty) });
    return this;
  }
  plan(prices: Record<string, string> = {}) {
    return planEmulation(this.orders.values(), (id) => (prices[id] ? dec(prices[id]) : undefined)).map((a) => ({ ...a, ...('quantity' in a ? { quantity: a.quantity.toPlainString() } : {}) }));
  }
}

/** A bracket: entry E (buy 1 @ 100), take-profit TP (sell limit 110), stop-loss SL (sell stop 95). */
function bracket(opts: { slEmulated?: boolean } = {}): Book {
  return new Book()
    .add('E', {}, { accepted: true })
    .add('TP', { side: 'sell', kind: 'limit', price: dec('110'), parentId: cid('E'), ocoGroup: 'g', reduceOnly: true }, { held: true })
    .add('SL', { side: 'sell', kind: 'stop-market', price: undefined, triggerPrice: dec('95'), parentId: cid('E'), ocoGroup: 'g', reduceOnly: true }, { held: true, emulatedTrigger: opts.slEmulated });
}

describe('planEmulation: brackets', () => {
  it('holds the exits while the entry has no fill', () => {
    expect(bracket().plan()).toEqual([]);
  });

  it('an entry partial fill releases both exits sized to the filled 0.3', () => {
    const b = bracket().fill('E', '0.3');
    expect(b.plan()).toEqual([
      { kind: 'release', clientOrderId: 'TP', quantity: '0.3', why: 'entry E filled 0.3' },
      { kind: 'release', clientOrderId: 'SL', quantity: '0.3', why: 'entry E filled 0.3' },
    ]);
  });

  it('working exits grow as the entry fills (0.3 → 0.8)', () => {
    const b = bracket().fill('E', '0.3').modify('TP', '0.3').accept('TP').modify('SL', '0.3').accept('SL').fill('E', '0.5');
    expect(b.plan()).toEqual([
      { kind: 'resize', clientOrderId: 'TP', quantity: '0.8', atVenue: true },
      { kind: 'resize', clientOrderId: 'SL', quantity: '0.8', atVenue: true },
    ]);
  });

  it('the take-profit fills: the stop-loss is canceled', () => {
    const b = bracket().fill('E', '1').accept('TP').accept('SL').fill('TP', '1', '110');
    expect(b.plan()).toEqual([{ kind: 'cancel', clientOrderId: 'SL', reason: 'OCO: TP filled' }]);
  });

  it('the take-profit fills in part: the stop-loss shrinks to what is left of the position', () => {
    const b = bracket().fill('E', '1').accept('TP').accept('SL').fill('TP', '0.4', '110');
    expect(b.plan()).toEqual([{ kind: 'resize', clientOrderId: 'SL', quantity: '0.6', atVenue: true }]);
  });

  it('an entry canceled with nothing filled takes its exits; with a fill the exits stay at that size', () => {
    expect(bracket().cancel('E').plan().map((a) => [a.kind, a.clientOrderId])).toEqual([
      ['cancel', 'TP'],
      ['cancel', 'SL'],
    ]);
    const partly = bracket().fill('E', '0.25').cancel('E');
    expect(partly.plan().map((a) => [a.kind, a.clientOrderId, 'quantity' in a ? a.quantity : null])).toEqual([
      ['release', 'TP', '0.25'],
      ['release', 'SL', '0.25'],
    ]);
  });

  it('a locally watched stop is sized with the entry while held; crossing cancels its take-profit first, then it goes out for what is left', () => {
    const b = bracket({ slEmulated: true }).fill('E', '0.3');
    expect(b.plan({ [BTC]: '99' })).toEqual([
      { kind: 'resize', clientOrderId: 'SL', quantity: '0.3', atVenue: false },
      { kind: 'release', clientOrderId: 'TP', quantity: '0.3', why: 'entry E filled 0.3' },
    ]);
    b.fill('E', '0.7').accept('TP').modify('SL', '1');
    // crossed: the resting TP (which locks the coins on spot) is canceled; the stop waits for that
    expect(b.plan({ [BTC]: '94.5' })).toEqual([{ kind: 'cancel', clientOrderId: 'TP', reason: `${GROUP_FIRED}: SL` }]);
    // the TP filled 0.4 before the cancel took effect: the stop sells the 0.6 still held
    b.fill('TP', '0.4', '110').cancel('TP', `${GROUP_FIRED}: SL`);
    expect(b.plan({ [BTC]: '94.5' })).toEqual([{ kind: 'release', clientOrderId: 'SL', quantity: '0.6', why: 'trigger 95 crossed at 94.5' }]);
    // the price came back meanwhile (or after a restart): the journaled cancel says the stop fired
    expect(b.plan({ [BTC]: '99' })).toEqual([{ kind: 'release', clientOrderId: 'SL', quantity: '0.6', why: 'trigger 95 crossed before (its group gave way)' }]);
    // ...whereas a take-profit canceled by hand leaves the stop watching
    const byHand = bracket({ slEmulated: true }).fill('E', '1').accept('TP').modify('SL', '1').cancel('TP');
    expect(byHand.plan({ [BTC]: '99' })).toEqual([]);
  });

  it('a crossed stop whose take-profit is still held (the entry just filled) cancels it locally', () => {
    const b = bracket({ slEmulated: true }).fill('E', '1');
    expect(b.plan({ [BTC]: '90' })).toEqual([{ kind: 'cancel', clientOrderId: 'TP', reason: `${GROUP_FIRED}: SL` }]);
    b.cancel('TP', `${GROUP_FIRED}: SL`);
    expect(b.plan({ [BTC]: '90' })).toEqual([{ kind: 'release', clientOrderId: 'SL', quantity: '1', why: 'trigger 95 crossed at 90' }]);
  });

  it('exits are sized to what the entry left after a fee in the base, on the lot grid; below one lot they wait', () => {
    const lot = dec('0.01');
    const received = (e: Order) => e.filledQty.sub(e.filledQty.mul(dec('0.001'))).roundToStep(lot, 'down');
    const b = bracket().fill('E', '0.3');
    expect(planEmulation(b.orders.values(), () => undefined, { received }).map((a) => ('quantity' in a ? a.quantity.toPlainString() : ''))).toEqual(['0.29', '0.29']);
    const tiny = bracket().fill('E', '0.01');
    expect(planEmulation(tiny.orders.values(), () => undefined, { received })).toEqual([]);
  });

  it('an exit that never reached the venue is re-created while the entry is filled, never beside a live instance', () => {
    const b = bracket().fill('E', '1').accept('SL');
    b.submit('TP').unknown('TP').reject('TP', NOT_PLACED);
    expect(b.plan()).toEqual([{ kind: 'recreate', clientOrderId: 'TP', quantity: '1', why: 'exit TP never reached the venue; entry E filled 1' }]);
    // the new instance exists (held): the plan releases it and recreates nothing more
    b.add('TP2', { side: 'sell', kind: 'limit', price: dec('110'), parentId: cid('E'), ocoGroup: 'g', reduceOnly: true }, { held: true });
    expect(b.plan().map((a) => [a.kind, a.clientOrderId])).toEqual([['release', 'TP2']]);
    // refused by the venue (not "not placed"): not re-created (it would be refused again)
    const refused = bracket().fill('E', '1').accept('SL');
    refused.submit('TP').reject('TP', 'rejected: insufficient balance');
    expect(refused.plan()).toEqual([]);
    // the stop-loss filled meanwhile: nothing left to protect
    const closed = bracket().fill('E', '1').accept('SL').fill('SL', '1', '95');
    closed.submit('TP').unknown('TP').reject('TP', NOT_PLACED);
    expect(closed.plan()).toEqual([]);
  });

  it('orders waiting for an answer are left alone', () => {
    const b = bracket().fill('E', '1').accept('TP');
    // SL submitted, no answer yet
    const sl = b.orders.get('SL')!;
    b.orders.set('SL', { ...sl, status: 'submitted' });
    expect(b.plan()).toEqual([]);
  });
});

describe('planEmulation: OCO groups and triggers', () => {
  const oco = () =>
    new Book()
      .add('A', { side: 'buy', kind: 'stop-market', price: undefined, triggerPrice: dec('105'), ocoGroup: 'x' }, { accepted: true })
      .add('B', { side: 'sell', kind: 'limit', price: dec('110'), ocoGroup: 'x' }, { accepted: true });

  it('a member fills in part: the other loses as much; once nothing is left it is canceled', () => {
    const b = oco().fill('A', '0.4', '105');
    expect(b.plan()).toEqual([{ kind: 'resize', clientOrderId: 'B', quantity: '0.6', atVenue: true }]);
    b.fill('A', '0.6', '105');
    expect(b.plan()).toEqual([{ kind: 'cancel', clientOrderId: 'B', reason: 'OCO: A filled' }]);
  });

  it('a member keeps the share it was created with: a larger member only shrinks by what the other filled', () => {
    const b = new Book()
      .add('A', { ocoGroup: 'y' }, { accepted: true })
      .add('B', { side: 'sell', price: dec('110'), quantity: dec('2'), ocoGroup: 'y' }, { accepted: true })
      .fill('A', '1');
    expect(b.plan()).toEqual([{ kind: 'resize', clientOrderId: 'B', quantity: '1', atVenue: true }]);
  });

  it('groups of different strategies (or of different entries) do not touch each other', () => {
    const b = oco().fill('A', '1', '105');
    const other = new Book().add('C', { ocoGroup: 'x' }, { accepted: true });
    const c = other.orders.get('C')!;
    b.orders.set('C', { ...c, strategyId: strategyId('other') });
    expect(b.plan().map((a) => a.clientOrderId)).toEqual(['B']);
  });

  it('an emulated stop fires on the crossing price, once per plan, and not before', () => {
    const b = new Book().add('S', { side: 'sell', kind: 'stop-market', price: undefined, triggerPrice: dec('95') }, { held: true, emulatedTrigger: true });
    expect(b.plan()).toEqual([]);
    expect(b.plan({ [BTC]: '95.01' })).toEqual([]);
    expect(b.plan({ [BTC]: '95' })).toEqual([{ kind: 'release', clientOrderId: 'S', quantity: '1', why: 'trigger 95 crossed at 95' }]);
  });
});

describe('triggerCrossed', () => {
  const t = (kind: OrderSpec['kind'], side: OrderSpec['side'], px: string) => triggerCrossed({ kind, side, triggerPrice: dec('100') }, dec(px) as Decimal);
  it('stop sell and take-profit buy fire on a fall; stop buy and take-profit sell on a rise', () => {
    expect([t('stop-market', 'sell', '100'), t('stop-market', 'sell', '100.01')]).toEqual([true, false]);
    expect([t('take-profit', 'buy', '99'), t('take-profit', 'buy', '101')]).toEqual([true, false]);
    expect([t('stop-limit', 'buy', '100'), t('stop-limit', 'buy', '99.99')]).toEqual([true, false]);
    expect([t('take-profit', 'sell', '101'), t('take-profit', 'sell', '99')]).toEqual([true, false]);
  });
});
