import { describe, expect, it } from 'vitest';
import { firstOf, matchOrder, newMatch, type MatchableOrder } from './fill-model';

const order = (o: Partial<MatchableOrder> & Pick<MatchableOrder, 'side' | 'type'>): MatchableOrder => ({ limitPrice: null, stopPrice: null, triggered: false, ...o });
// Bar: open 100, high 105, low 95.
const O = 100;
const H = 105;
const L = 95;

describe('matchOrder', () => {
  it('market fills at the open, as a taker', () => {
    const m = newMatch();
    expect(matchOrder(order({ side: 'buy', type: 'market' }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 100, atOpen: true, liquidity: 'taker' });
  });

  it('limit buy: at the limit when the low reaches it, at the open when the open is already better, else not', () => {
    const m = newMatch();
    expect(matchOrder(order({ side: 'buy', type: 'limit', limitPrice: 97 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 97, atOpen: false, liquidity: 'maker' });
    expect(matchOrder(order({ side: 'buy', type: 'limit', limitPrice: 101 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 100, atOpen: true });
    expect(matchOrder(order({ side: 'buy', type: 'limit', limitPrice: 94.99 }), O, H, L, m)).toBe(false);
    expect(matchOrder(order({ side: 'buy', type: 'limit', limitPrice: 95 }), O, H, L, m)).toBe(true); // touched counts
    expect(m.price).toBe(95);
  });

  it('limit sell mirrors', () => {
    const m = newMatch();
    expect(matchOrder(order({ side: 'sell', type: 'limit', limitPrice: 104 }), O, H, L, m)).toBe(true);
    expect(m.price).toBe(104);
    expect(matchOrder(order({ side: 'sell', type: 'limit', limitPrice: 99 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 100, atOpen: true });
    expect(matchOrder(order({ side: 'sell', type: 'limit', limitPrice: 106 }), O, H, L, m)).toBe(false);
  });

  it('stop sell: at the stop inside the bar, at the (worse) open on a gap down', () => {
    const m = newMatch();
    expect(matchOrder(order({ side: 'sell', type: 'stop', stopPrice: 96 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 96, atOpen: false, liquidity: 'taker' });
    expect(matchOrder(order({ side: 'sell', type: 'stop', stopPrice: 102 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 100, atOpen: true });
    expect(matchOrder(order({ side: 'sell', type: 'stop', stopPrice: 94 }), O, H, L, m)).toBe(false);
  });

  it('stop buy: at the stop inside the bar, at the open on a gap up', () => {
    const m = newMatch();
    expect(matchOrder(order({ side: 'buy', type: 'stop', stopPrice: 103 }), O, H, L, m)).toBe(true);
    expect(m.price).toBe(103);
    expect(matchOrder(order({ side: 'buy', type: 'stop', stopPrice: 99 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 100, atOpen: true });
  });

  it('stop-limit buy: triggered inside the bar fills at the stop when the limit allows it, else waits as a limit', () => {
    const m = newMatch();
    expect(matchOrder(order({ side: 'buy', type: 'stop-limit', stopPrice: 103, limitPrice: 104 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 103, triggers: true });
    const waiting = order({ side: 'buy', type: 'stop-limit', stopPrice: 103, limitPrice: 102 });
    expect(matchOrder(waiting, O, H, L, m)).toBe(false);
    expect(m.triggers).toBe(true);
    // Next bar, as a triggered limit at 102: open 103, low 101.5 → fills at 102.
    waiting.triggered = true;
    expect(matchOrder(waiting, 103, 104, 101.5, m)).toBe(true);
    expect(m.price).toBe(102);
  });

  it('stop-limit triggered at the open (gap) works as a limit in the same bar', () => {
    const m = newMatch();
    // Gap up through the stop 99: open 100 ≤ limit 100.5 → fills at the open.
    expect(matchOrder(order({ side: 'buy', type: 'stop-limit', stopPrice: 99, limitPrice: 100.5 }), O, H, L, m)).toBe(true);
    expect(m).toMatchObject({ price: 100, atOpen: true });
    // Limit 98 below the open: the low 95 reaches it later in the bar.
    expect(matchOrder(order({ side: 'buy', type: 'stop-limit', stopPrice: 99, limitPrice: 98 }), O, H, L, m)).toBe(true);
    expect(m.price).toBe(98);
  });
});

describe('firstOf (stop and target both inside one bar)', () => {
  const stop = { price: 96, atOpen: false, liquidity: 'taker' as const, triggers: false };
  const target = { price: 104, atOpen: false, liquidity: 'maker' as const, triggers: false };
  it('assumes the worse fill for the trader by default, the better when asked', () => {
    expect(firstOf('sell', stop, target, 'worst')).toBe('a');
    expect(firstOf('sell', target, stop, 'worst')).toBe('b');
    expect(firstOf('sell', stop, target, 'best')).toBe('b');
  });
  it('a fill at the open happened first whatever the policy', () => {
    expect(firstOf('sell', { ...target, atOpen: true }, stop, 'worst')).toBe('a');
  });
});
