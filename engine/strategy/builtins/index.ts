import donchianBreakout from './donchian-breakout';
import grid from './grid';
import meanReversion from './mean-reversion';
import momentum from './momentum';
import smaCross from './sma-cross';
import trendFollowing from './trend-following';

/** The strategies that ship with Quantdesk, by id; each file reads as a template. */
export const BUILTIN_STRATEGIES = {
  'sma-cross': smaCross,
  momentum,
  'mean-reversion': meanReversion,
  'donchian-breakout': donchianBreakout,
  'trend-following': trendFollowing,
  grid,
} as const;

export type BuiltinStrategyId = keyof typeof BUILTIN_STRATEGIES;
