import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { dec, Decimal } from './decimal';
import { accountId, strategyId, tradeId } from './identifiers';
import { balancesFromLedger } from './ledger';
import { Portfolio, type PortfolioFill } from './portfolio';
import { closingQuantity, positionSide } from './position';

// Where a fee is paid decides what it does: in the base it is quantity the strategy does not hold,
// in the quote it is cash, in a third currency (BNB) it is that currency's own ledger row.
// Every expected number is worked out by hand in the comments (decimal, exact).

const ACC = accountId('binance-main');
const S = strategyId('sma');
const BTC = instrumentId('BTC/USDT', 'binance');
const ts = { tsEvent: 1, tsInit: 1 };
let seq = 0;
const fill = (side: 'buy' | 'sell', qty: string, px: string, fee: string, feeCurrency: string): PortfolioFill => ({
  accountId: ACC,
  strategyId: S,
  instrumentId: BTC,
  side,
  quantity: dec(qty),
  price: dec(px),
  fee: dec(fee),
  feeCurrency,
  tradeId: tradeId(`t${++seq}`),
  tsEvent: seq,
  tsInit: seq,
});
const total = (p: Portfolio, c: string) => p.balance(ACC, c).total.toPlainString();
const ledgerSums = (p: Portfolio) => Object.fromEntries([...balancesFromLedger(p.ledger()).get(ACC)!].map(([c, v]) => [c, v.toPlainString()]));

describe('fees by currency', () => {
  it('fee in the base (Binance without BNB): buy 0.001, receive 0.000999, sell 0.000999, exactly flat', () => {
    const p = new Portfolio();
    p.deposit(ACC, 'USDT', dec('100'), 'dep', ts);
    // buy 0.001 @ 50 000, fee 0.1 % of the base received = 0.000001 BTC; cost 0.001 × 50 000 = 50 USDT
    p.applyFill(fill('buy', '0.001', '50000', '0.000001', 'BTC'));
    expect(total(p, 'BTC')).toBe('0.000999');
    expect(total(p, 'USDT')).toBe('50');
    const pos = p.position(ACC, S, BTC);
    expect(pos.quantity.toPlainString()).toBe('0.000999');
    expect(pos.avgPrice.normalize().toPlainString()).toBe('50000');
    // the fee valued at the fill price: 0.000001 × 50 000 = 0.05
    expect(pos.fees.toPlainString()).toBe('0.05');
    // the fee is its own ledger row in BTC, apart from the trade leg
    expect(p.ledger(ACC).filter((e) => e.currency === 'BTC').map((e) => [e.kind, e.amount.toPlainString()])).toEqual([['trade', '0.001'], ['fee', '-0.000001']]);

    // on a grid fine enough the whole position is sold
    expect(p.closable(ACC, S, BTC, dec('0.000001')).quantity.toPlainString()).toBe('0.000999');
    // sell 0.000999 @ 51 000 = 50.949 USDT, fee 0.1 % in the quote = 0.050949
    p.applyFill(fill('sell', '0.000999', '51000', '0.050949', 'USDT'));
    const after = p.position(ACC, S, BTC);
    expect(after.quantity.isZero()).toBe(true);
    expect(positionSide(after.quantity, dec('0.00001'))).toBe('flat');
    expect(total(p, 'BTC')).toBe('0');
    // 50 + 50.949 − 0.050949 = 100.898051
    expect(total(p, 'USDT')).toBe('100.898051');
    // realised (51 000 − 50 000) × 0.000999 = 0.999; fees 0.05 + 0.050949 = 0.100949; net 0.898051 = the USDT gained
    expect(after.realizedPnl.toPlainString()).toBe('0.999');
    expect(after.fees.toPlainString()).toBe('0.100949');
    expect(after.realizedPnl.sub(after.fees).toPlainString()).toBe('0.898051');
    expect(ledgerSums(p)).toEqual({ USDT: '100.898051', BTC: '0' });
  });

  it('on a 0.00001 lot the sell rounds down to 0.00099 and leaves 0.000009 of dust, not a short', () => {
    const p = new Portfolio();
    p.deposit(ACC, 'USDT', dec('100'), 'dep', ts);
    p.applyFill(fill('buy', '0.001', '50000', '0.000001', 'BTC'));
    const step = dec('0.00001');
    // 0.000999 on the 0.00001 grid, rounded towards zero: 0.00099; left 0.000009
    expect(p.closable(ACC, S, BTC, step)).toEqual({ quantity: dec('0.00099'), dust: dec('0.000009') });
    p.applyFill(fill('sell', '0.00099', '50000', '0.0495', 'USDT'));
    const q = p.position(ACC, S, BTC).quantity;
    expect(q.toPlainString()).toBe('0.000009');
    expect(positionSide(q, step)).toBe('dust');
    // nothing more can be sold on the grid
    expect(p.closable(ACC, S, BTC, step).quantity.isZero()).toBe(true);
    // the account holds the same 0.000009 BTC
    expect(total(p, 'BTC')).toBe('0.000009');
  });

  it('fee in the quote is cash: the position keeps the whole quantity', () => {
    const p = new Portfolio();
    p.deposit(ACC, 'USDT', dec('100'), 'dep', ts);
    // buy 0.001 @ 50 000 fee 0.05 USDT: 100 − 50 − 0.05 = 49.95
    p.applyFill(fill('buy', '0.001', '50000', '0.05', 'USDT'));
    expect(p.position(ACC, S, BTC).quantity.toPlainString()).toBe('0.001');
    expect(total(p, 'USDT')).toBe('49.95');
    expect(total(p, 'BTC')).toBe('0.001');
    // sell 0.001 @ 51 000 = 51, fee 0.051: 49.95 + 51 − 0.051 = 100.899
    p.applyFill(fill('sell', '0.001', '51000', '0.051', 'USDT'));
    const pos = p.position(ACC, S, BTC);
    expect(pos.quantity.isZero()).toBe(true);
    expect(total(p, 'USDT')).toBe('100.899');
    // realised 1 × 0.001 × 1000 = 1; fees 0.101; net 0.899
    expect(pos.realizedPnl.toPlainString()).toBe('1');
    expect(pos.fees.toPlainString()).toBe('0.101');
  });

  it('fee in a third currency (BNB) is its own ledger row: quantity and quote fees untouched', () => {
    const p = new Portfolio();
    p.deposit(ACC, 'USDT', dec('100'), 'dep-usdt', ts);
    p.deposit(ACC, 'BNB', dec('1'), 'dep-bnb', ts);
    p.applyFill(fill('buy', '0.001', '50000', '0.0001', 'BNB'));
    const pos = p.position(ACC, S, BTC);
    expect(pos.quantity.toPlainString()).toBe('0.001');
    expect(pos.fees.isZero()).toBe(true);
    expect(pos.feesOther.BNB.toPlainString()).toBe('0.0001');
    // BNB 1 − 0.0001 = 0.9999; USDT 100 − 50 = 50
    expect(total(p, 'BNB')).toBe('0.9999');
    expect(total(p, 'USDT')).toBe('50');
    expect(p.ledger(ACC).filter((e) => e.currency === 'BNB' && e.kind === 'fee').map((e) => e.amount.toPlainString())).toEqual(['-0.0001']);
    p.applyFill(fill('sell', '0.001', '51000', '0.000102', 'BNB'));
    const after = p.position(ACC, S, BTC);
    expect(after.quantity.isZero()).toBe(true);
    // 0.0001 + 0.000102 = 0.000202; BNB 0.9999 − 0.000102 = 0.999798; USDT 50 + 51 = 101
    expect(after.feesOther.BNB.toPlainString()).toBe('0.000202');
    expect(total(p, 'BNB')).toBe('0.999798');
    expect(total(p, 'USDT')).toBe('101');
    expect(ledgerSums(p)).toEqual({ USDT: '101', BNB: '0.999798', BTC: '0' });
  });

  it('positionSide and closingQuantity: below one lot either way is dust, a short is a short', () => {
    const step = dec('0.00001');
    expect(positionSide(dec('-0.000001'), step)).toBe('dust');
    expect(positionSide(dec('-0.00001'), step)).toBe('short');
    expect(positionSide(dec('0.00001'), step)).toBe('long');
    expect(positionSide(Decimal.ZERO, step)).toBe('flat');
    expect(positionSide(dec('0.000001'), null)).toBe('long');
    expect(closingQuantity(dec('-0.000123'), step)).toEqual({ quantity: dec('0.00012'), dust: dec('0.000003') });
  });
});
