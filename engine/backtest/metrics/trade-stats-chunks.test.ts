import { describe, expect, it } from 'vitest';
import { closedTradeStats, type TradeStats } from './trade-stats';

/** The single loop closedTradeStats() replaced: the reference for its chunked tally. */
function reference(netPnl: ArrayLike<number>): TradeStats {
  let wins = 0;
  let losses = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let total = 0;
  let n = 0;
  let streakW = 0;
  let streakL = 0;
  let bestW = 0;
  let bestL = 0;
  for (let i = 0; i < netPnl.length; i++) {
    const pnl = netPnl[i];
    n++;
    total += pnl;
    if (pnl > 0) {
      wins++;
      grossWin += pnl;
      streakW++;
      streakL = 0;
    } else if (pnl < 0) {
      losses++;
      grossLoss += pnl;
      streakL++;
      streakW = 0;
    } else {
      streakW = 0;
      streakL = 0;
    }
    if (streakW > bestW) bestW = streakW;
    if (streakL > bestL) bestL = streakL;
  }
  const avgWin = wins ? grossWin / wins : NaN;
  const avgLoss = losses ? grossLoss / losses : NaN;
  return {
    tradeCount: n,
    winRate: n ? wins / n : NaN,
    profitFactor: losses ? grossWin / -grossLoss : NaN,
    payoffRatio: avgWin / -avgLoss,
    expectancy: n ? total / n : NaN,
    avgWin,
    avgLoss,
    longestWinStreak: bestW,
    longestLossStreak: bestL,
  };
}

function expectSame(a: TradeStats, b: TradeStats) {
  for (const k of Object.keys(b) as (keyof TradeStats)[]) expect(Object.is(a[k], b[k]), `${k}: ${a[k]} vs ${b[k]}`).toBe(true);
}

describe('closed trade stats in chunks match the single loop', () => {
  it('on empty, one-trade and zero-only lists', () => {
    for (const x of [[], [5.5], [-2.25], [0], [0, 0, -0], [NaN], [NaN, 1, -1]]) expectSame(closedTradeStats(x), reference(x));
  });

  it('with streaks across chunk boundaries, in arrays and float columns', () => {
    let s = 17;
    const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
    for (const n of [1023, 1024, 1025, 2048, 2049, 39_021]) {
      // Long runs of one sign so that streaks straddle the chunk edges.
      const pnl = Array.from({ length: n }, (_, i) => (Math.floor(i / 300) % 2 ? 1 : -1) * r() * 10 - (r() < 0.05 ? 50 : 0));
      for (let i = 0; i < n; i += 211) pnl[i] = 0;
      expectSame(closedTradeStats(pnl), reference(pnl));
      expectSame(closedTradeStats(Float64Array.from(pnl)), reference(pnl));
    }
  });
});
