import type { Trade } from '../trades';

export interface TradeStats {
  tradeCount: number;
  winRate: number;
  profitFactor: number;
  payoffRatio: number;
  expectancy: number;
  avgWin: number;
  avgLoss: number;
  longestWinStreak: number;
  longestLossStreak: number;
}

/** Statistics of closed round trips by net PnL (after fees); a trade at exactly 0 is neither a win nor a loss. */
export function tradeStats(trades: readonly Trade[]): TradeStats {
  const net: number[] = [];
  for (const t of trades) if (!t.open) net.push(t.netPnl);
  return closedTradeStats(net);
}

/** The same from the closed trades' net PnL alone, in trade order (a run's results: no trade objects needed). */
export function closedTradeStats(netPnl: ArrayLike<number>): TradeStats {
  const t = new Tally();
  for (let a = 0; a < netPnl.length; a += CHUNK) t.add(netPnl, a, Math.min(netPnl.length, a + CHUNK));
  const { wins, losses, grossWin, grossLoss, total, n } = t;
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
    longestWinStreak: t.bestW,
    longestLossStreak: t.bestL,
  };
}

/**
 * Trades a call of the tally covers. A run's tens of thousands of trades are one call per
 * process: as one loop it ran in the interpreter while V8 compiled it for on-stack replacement
 * (~10 ms for 39k trades); a small function called in chunks is optimised after a few calls.
 */
const CHUNK = 1024;

/** Running sums and streaks over net PnL, in trade order (so the sums are the plain loop's). */
class Tally {
  wins = 0;
  losses = 0;
  grossWin = 0;
  grossLoss = 0;
  total = 0;
  n = 0;
  streakW = 0;
  streakL = 0;
  bestW = 0;
  bestL = 0;

  add(netPnl: ArrayLike<number>, a: number, b: number): void {
    let { wins, losses, grossWin, grossLoss, total, streakW, streakL, bestW, bestL } = this;
    for (let i = a; i < b; i++) {
      const pnl = netPnl[i];
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
    this.n += b - a;
    this.wins = wins;
    this.losses = losses;
    this.grossWin = grossWin;
    this.grossLoss = grossLoss;
    this.total = total;
    this.streakW = streakW;
    this.streakL = streakL;
    this.bestW = bestW;
    this.bestL = bestL;
  }
}

// Type feedback for every branch up front, from PnL of real magnitude (fractions, not small
// integers); ten calls, as V8 records feedback for a function only after its first few.
const PRIME = new Float64Array([10.5, -2.25, 0.5, 0, -1.75, -0.125, 3.5]);
for (let i = 0; i < 10; i++) closedTradeStats(PRIME);
