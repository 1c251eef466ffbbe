import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { dec, Decimal } from './decimal';
import { accountId, strategyId } from './identifiers';
import { applyFillToPosition, flatPosition, unrealizedPnl, type PositionFill, type PositionState } from './position';

const flat = flatPosition(accountId('a'), strategyId('s'), instrumentId('BTC/USDT', 'binance'));
const f = (side: 'buy' | 'sell', qty: string, px: string, fee = '0'): PositionFill => ({ side, quantity: dec(qty), price: dec(px), feeQuote: dec(fee), tsEvent: 1 });
const run = (fills: PositionFill[], p: PositionState = flat) => fills.reduce(applyFillToPosition, p);
const view = (p: PositionState) => ({ qty: p.quantity.toPlainString(), avg: p.avgPrice.toPlainString(), realized: p.realizedPnl.toPlainString(), fees: p.fees.toPlainString() });

// All expected values computed by hand in the comments.
describe('position: average price and realised PnL', () => {
  it('adding to a long averages: 2 @ 100 + 1 @ 130 → 3 @ 110', () => {
    expect(view(run([f('buy', '2', '100'), f('buy', '1', '130')]))).toEqual({ qty: '3', avg: '110', realized: '0', fees: '0' });
  });

  it('a partial close realises on the closed part only and keeps the average', () => {
    // 3 @ 110, sell 1.5 @ 120: (120 − 110) × 1.5 = 15
    expect(view(run([f('buy', '2', '100'), f('buy', '1', '130'), f('sell', '1.5', '120')]))).toEqual({ qty: '1.5', avg: '110', realized: '15', fees: '0' });
  });

  it('a flip closes the long at the fill price and opens the rest as a short at it', () => {
    // 1.5 @ 110 (realised 15), sell 2.5 @ 100: (100 − 110) × 1.5 = −15 → realised 0, short 1 @ 100
    const p = run([f('buy', '2', '100'), f('buy', '1', '130'), f('sell', '1.5', '120'), f('sell', '2.5', '100')]);
    expect(view(p)).toEqual({ qty: '-1', avg: '100', realized: '0', fees: '0' });
    // cover 0.4 @ 90: (100 − 90) × 0.4 = 4; short 0.6 @ 100
    const q = applyFillToPosition(p, f('buy', '0.4', '90'));
    expect(view(q)).toEqual({ qty: '-0.6', avg: '100', realized: '4', fees: '0' });
    // unrealised at 95: (95 − 100) × −0.6 = 3
    expect(unrealizedPnl(q, dec('95')).toPlainString()).toBe('3');
  });

  it('closing to flat resets the average; fees are kept apart from gross PnL', () => {
    // buy 1 @ 100 fee 0.1, sell 1 @ 105 fee 0.105: realised 5, fees 0.205, net 4.795
    const p = run([f('buy', '1', '100', '0.1'), f('sell', '1', '105', '0.105')]);
    expect(view(p)).toEqual({ qty: '0', avg: '0', realized: '5', fees: '0.205' });
    expect(p.realizedPnl.sub(p.fees).toPlainString()).toBe('4.795');
    expect(unrealizedPnl(p, dec('1000')).isZero()).toBe(true);
  });

  it('an average that does not divide evenly keeps 18 places, half-even', () => {
    // (1 × 100 + 2 × 101) / 3 = 302 / 3 = 100.666…
    const p = run([f('buy', '1', '100'), f('buy', '2', '101')]);
    expect(p.avgPrice.toString()).toBe('100.666666666666666667');
    // sell 3 @ 101: (101 − 100.666666666666666667) × 3 = 0.999999999999999999 (the rounding shows, by 1e-18)
    expect(applyFillToPosition(p, f('sell', '3', '101')).realizedPnl.toString()).toBe('0.999999999999999999');
  });

  it('a fee taken in the base currency shrinks the position and counts at the fill price', () => {
    // buy 1 @ 200, fee 0.001 BTC: holds 0.999, fee 0.001 × 200 = 0.2 USDT
    const p = applyFillToPosition(flat, { ...f('buy', '1', '200'), feeBase: dec('0.001') });
    expect(view(p)).toEqual({ qty: '0.999', avg: '200', realized: '0', fees: '0.2' });
    expect(p.quantity.eq(Decimal.parse('0.999'))).toBe(true);
  });
});
