import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { dec, type Decimal } from './decimal';
import { accountId, strategyId } from './identifiers';
import type { InstrumentSpec } from './instrument-spec';
import { ALL_ACCOUNTS, KillSwitch, MemoryKillSwitchStore } from './kill-switch';
import type { OrderSpec } from './order';
import { KillSwitchRule, MaxOrderNotionalRule, PreTradeCheck, SpotInventoryRule, VenueLimitsRule, type PreTradeRequest } from './pre-trade';

const A = accountId('binance-main');
const B = accountId('okx-main');
const BTC = instrumentId('BTC/USDT', 'binance');
const SPEC: InstrumentSpec = { instrumentId: BTC, base: 'BTC', quote: 'USDT', priceTick: dec('0.01'), amountStep: dec('0.00001'), minAmount: dec('0.00001'), maxAmount: dec('9000'), minNotional: dec('5'), spot: true };
const order = (o: Partial<OrderSpec> = {}): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('0.01'), price: dec('60000'), timeInForce: 'GTC', reduceOnly: false, ...o });
const req = (spec: OrderSpec, extra: Partial<PreTradeRequest> = {}): PreTradeRequest => ({ accountId: A, strategyId: strategyId('s'), spec, ...extra });

describe('KillSwitch', () => {
  it('persists every change and is restored by a new instance; the stricter of global and account wins', () => {
    const store = new MemoryKillSwitchStore();
    let t = 100;
    const ks = new KillSwitch(store, () => t);
    expect(ks.modeFor(A)).toBe('off');
    ks.engage({ scope: A, mode: 'reduce-only', reason: 'drawdown 5%', actor: 'risk:drawdown' });
    expect(ks.modeFor(A)).toBe('reduce-only');
    expect(ks.modeFor(B)).toBe('off');
    t = 200;
    ks.engage({ reason: 'panic', actor: 'ui', flatten: true });
    expect(ks.modeFor(B)).toBe('halted');
    expect(ks.modeFor(A)).toBe('halted');
    const restarted = new KillSwitch(store, () => t);
    expect(restarted.modeFor(A)).toBe('halted');
    expect(restarted.effective(A)).toMatchObject({ scope: ALL_ACCOUNTS, reason: 'panic', flatten: true, tsEvent: 200 });
    restarted.release({ actor: 'ui' });
    expect(new KillSwitch(store, () => t).modeFor(A)).toBe('reduce-only');
    expect(new KillSwitch(store, () => t).modeFor(B)).toBe('off');
  });

  it('a state that cannot be persisted does not take effect', () => {
    const ks = new KillSwitch({ loadKillSwitches: () => [], saveKillSwitch: () => { throw new Error('disk full'); } }, () => 1);
    expect(() => ks.engage({ reason: 'x', actor: 'ui' })).toThrow('disk full');
    expect(ks.modeFor(A)).toBe('off');
  });
});

describe('PreTradeCheck', () => {
  const ks = new KillSwitch(new MemoryKillSwitchStore(), () => 1);
  const limits = new Map<string, Decimal>([[A, dec('1000')]]);
  const held = new Map<string, Decimal>([['BTC', dec('0.5')]]);
  const check = new PreTradeCheck([
    new KillSwitchRule(ks),
    new MaxOrderNotionalRule((acc) => limits.get(acc) ?? null),
    new VenueLimitsRule((id) => (id === BTC ? SPEC : undefined)),
    new SpotInventoryRule((id) => (id === BTC ? SPEC : undefined), (_a, c) => held.get(c) ?? null),
  ]);

  it('lets a good order through', () => {
    expect(check.check(req(order()))).toEqual({ ok: true });
    expect(check.ruleNames).toEqual(['kill-switch', 'max-order-notional', 'venue-limits', 'spot-inventory']);
  });

  it('kill switch: halted denies everything; reduce-only lets only reduce-only orders through', () => {
    ks.engage({ scope: A, reason: 'stop', actor: 't' });
    expect(check.check(req(order()))).toMatchObject({ ok: false, rule: 'kill-switch', reason: 'trading is halted (stop)' });
    ks.engage({ scope: A, mode: 'reduce-only', reason: 'dd', actor: 't' });
    expect(check.check(req(order()))).toMatchObject({ ok: false, rule: 'kill-switch' });
    expect(check.check(req(order({ side: 'sell', reduceOnly: true })))).toEqual({ ok: true });
    ks.release({ scope: A, actor: 't' });
  });

  it('max order notional per account: 0.02 × 60000 = 1200 > 1000', () => {
    expect(check.check(req(order({ quantity: dec('0.02') })))).toMatchObject({ ok: false, rule: 'max-order-notional', reason: expect.stringMatching(/1200 is above .* 1000/) });
    expect(check.check(req(order({ quantity: dec('0.02') }), { accountId: B }))).toMatchObject({ ok: true });
    // a market order is measured at the reference price, and refused without one
    expect(check.check(req(order({ kind: 'market', price: undefined, quantity: dec('0.01') }), { referencePrice: dec('150000') }))).toMatchObject({ ok: false, rule: 'max-order-notional' });
    expect(check.check(req(order({ kind: 'market', price: undefined })))).toMatchObject({ ok: false, rule: 'max-order-notional', reason: expect.stringMatching(/reference price/) });
  });

  it('venue limits: step, tick, minimum amount and notional, required prices, post-only', () => {
    const v = (o: Partial<OrderSpec>) => check.check(req(order(o), { accountId: B }));
    expect(v({ quantity: dec('0.000015') })).toMatchObject({ ok: false, rule: 'venue-limits', reason: expect.stringMatching(/not a multiple of the step 0.00001/) });
    expect(v({ price: dec('60000.005') })).toMatchObject({ ok: false, reason: expect.stringMatching(/tick 0.01/) });
    // 0.00001 × 60000 = 0.6 < 5
    expect(v({ quantity: dec('0.00001') })).toMatchObject({ ok: false, reason: expect.stringMatching(/notional 0.6 is below the venue's minimum 5/) });
    expect(v({ kind: 'stop-limit', triggerPrice: undefined })).toMatchObject({ ok: false, reason: expect.stringMatching(/needs a trigger price/) });
    expect(v({ kind: 'market', price: undefined, timeInForce: 'post-only' })).toMatchObject({ ok: false });
    expect(check.check(req(order({ instrumentId: instrumentId('ETH/USDT', 'binance') }), { accountId: B }))).toMatchObject({ ok: false, reason: expect.stringMatching(/no market rules/) });
  });

  it('spot: never sell more than is free; a reduce-only buy has nothing to reduce', () => {
    expect(check.check(req(order({ side: 'sell', quantity: dec('0.01') }), { accountId: B }))).toEqual({ ok: true });
    expect(check.check(req(order({ side: 'sell', quantity: dec('0.50001'), price: dec('1000') }), { accountId: B }))).toMatchObject({ ok: false, rule: 'spot-inventory', reason: 'selling 0.50001 BTC but only 0.5 is free' });
    expect(check.check(req(order({ reduceOnly: true }), { accountId: B }))).toMatchObject({ ok: false, rule: 'spot-inventory' });
  });

  it('a rule that throws denies (fail closed)', () => {
    const c = new PreTradeCheck([{ name: 'broken', check: () => { throw new Error('boom'); } }]);
    expect(c.check(req(order()))).toEqual({ ok: false, rule: 'broken', reason: 'rule broken failed: boom' });
  });
});
