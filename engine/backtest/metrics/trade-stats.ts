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
