import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import { shapesAnchored } from './shape-anchor';
import { sineWalk } from './testing';
import smaCross from '../strategy/builtins/sma-cross';

describe('shape anchor', () => {
  it('the first run of a thread anchors the engine shapes first, and runs after it give identical results', () => {
    const feeds = [{ symbol: 'A@test', timeframe: '1m' as const, bars: sineWalk(2000, 7, 0) }];
    const config = { initialCapital: 100_000, commission: { percent: 0.001 }, params: { size: 10 } };
    const first = runBacktest({ strategy: smaCross, feeds, config });
    expect(shapesAnchored()).toBe(true);
    expect(first.fills.length).toBeGreaterThan(0);
    const second = runBacktest({ strategy: smaCross, feeds, config });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
