// A strategy can only see the past: series refuse future offsets, indicators at bar t use bars
// up to t, and a higher-timeframe bar becomes visible only once it has closed.
import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import { flatBars, T0 } from './testing';
import { defineStrategy } from '../strategy/api';

describe('no look-ahead', () => {
  it('series.at refuses negative and fractional offsets; before the first bar values are NaN', () => {
    const seen: unknown[] = [];
    const probe = defineStrategy({
      id: 'probe',
      name: 'probe',
      init: (ctx) => void seen.push(ctx.data().close.at(0)),
      onBar(ctx) {
        if (ctx.barIndex !== 1) return;
        seen.push(ctx.close(0), ctx.close(1), ctx.close(2), ctx.bars.close.length);
        for (const k of [-1, 0.5, NaN]) {
          try {
            ctx.close(k);
            seen.push('no error');
          } catch (e) {
            seen.push((e as { code?: string }).code);
          }
        }
      },
    });
    runBacktest({ strategy: probe, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: flatBars([10, 11, 12, 13]) }] });
    expect(seen).toEqual([NaN, 11, 10, NaN, 2, 'STRATEGY_ERROR', 'STRATEGY_ERROR', 'STRATEGY_ERROR']);
  });

  it('changing future bars changes nothing a strategy saw before them', () => {
    const record = () => {
      const out: number[] = [];
      const s = defineStrategy({
        id: 'rec',
        name: 'rec',
        init: (ctx) => ({ sma: ctx.ind.sma(ctx.data().close, 3) }),
        onBar(ctx, st) {
          out.push(ctx.close(0), st.sma.at(0));
        },
      });
      return { s, out };
    };
    const prices = [1, 2, 3, 4, 5, 6, 7, 8];
    const a = record();
    runBacktest({ strategy: a.s, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: flatBars(prices) }] });
    const b = record();
    runBacktest({ strategy: b.s, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: flatBars([...prices.slice(0, 5), 100, -50, 1e6]) }] });
    // Bars 0..4 (10 numbers) are identical.
    expect(b.out.slice(0, 10)).toEqual(a.out.slice(0, 10));
    expect(a.out.slice(8, 10)).toEqual([5, 4]); // sma(3) at bar 4 = (3 + 4 + 5) / 3
  });

  it('a higher-timeframe bar is visible only after it closes', () => {
    const H = 3_600_000;
    // 1-minute bars for 3 hours; hourly bars whose close is 100 + hour.
    const minutes = flatBars(Array.from({ length: 180 }, (_, i) => i));
    const hours = flatBars([100, 101, 102], '1h');
    const seen = new Map<number, [number, number]>();
    const probe = defineStrategy({
      id: 'htf',
      name: 'htf',
      timeframes: ['1m', '1h'],
      onBar(ctx) {
        const h = ctx.data('X@test', '1h');
        seen.set(ctx.barIndex, [h.index, h.close.at(0)]);
      },
    });
    runBacktest({
      strategy: probe,
      feeds: [
        { symbol: 'X@test', timeframe: '1m', bars: minutes },
        { symbol: 'X@test', timeframe: '1h', bars: hours },
      ],
    });
    expect(seen.get(0)).toEqual([-1, NaN]); // 00:00–00:01: no hour has closed
    expect(seen.get(58)).toEqual([-1, NaN]); // closes 00:59
    expect(seen.get(59)).toEqual([0, 100]); // closes 01:00, with the first hour
    expect(seen.get(118)).toEqual([0, 100]);
    expect(seen.get(119)).toEqual([1, 101]);
    expect(seen.get(179)).toEqual([2, 102]);
    expect(minutes.ts[59] + 60_000).toBe(T0 + H);
  });

  it('fills and order events never expose the bar being filled to the strategy', () => {
    const seen: number[] = [];
    const s = defineStrategy({
      id: 'f',
      name: 'f',
      onBar(ctx) {
        if (ctx.barIndex === 0) ctx.buy(1);
      },
      onFill(ctx) {
        // The fill happens at bar 1's open: bar 1 has not closed, so close(0) is still bar 0.
        seen.push(ctx.close(0), ctx.bars.index);
      },
    });
    runBacktest({ strategy: s, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: flatBars([10, 20, 30]) }] });
    expect(seen).toEqual([10, 0]);
  });
});
