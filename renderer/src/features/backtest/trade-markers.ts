import type { SeriesMarker, SeriesMarkerShape, UTCTimestamp } from 'lightweight-charts';
import { toTime } from './chart-setup';

interface TradeLike {
  id: number;
  direction: 'long' | 'short';
  entryTs: number;
  entryPrice: number;
  exitTs: number | null;
  exitPrice: number | null;
  netPnl: number;
}
interface StrategyMarker {
  ts?: unknown;
  text?: unknown;
  shape?: unknown;
  color?: unknown;
}

/** Above this many trades the markers carry no numbers. */
export const MAX_NUMBERED_TRADES = 60;

const SHAPES = new Set(['circle', 'square', 'arrowUp', 'arrowDown']);

/**
 * Chart markers: an arrow at each entry (below the bar for longs, above for shorts), a circle at
 * each exit coloured by the trade's P&L, and the markers the strategy placed. Sorted by time, as
 * the chart requires.
 */
export function tradeMarkers(trades: readonly TradeLike[], strategyMarkers: readonly StrategyMarker[], colors: { up: string; down: string }): SeriesMarker<UTCTimestamp>[] {
  const out: SeriesMarker<UTCTimestamp>[] = [];
  // Trade numbers help with a few trades; with hundreds they overlap into an unreadable smear.
  const numbered = trades.length <= MAX_NUMBERED_TRADES;
  for (const t of trades) {
    const long = t.direction === 'long';
    out.push({ time: toTime(t.entryTs), position: long ? 'belowBar' : 'aboveBar', shape: long ? 'arrowUp' : 'arrowDown', color: long ? colors.up : colors.down, text: numbered ? `#${t.id}` : '', id: `entry-${t.id}` });
    if (t.exitTs !== null) out.push({ time: toTime(t.exitTs), position: long ? 'aboveBar' : 'belowBar', shape: 'circle', color: t.netPnl >= 0 ? colors.up : colors.down, text: numbered ? `×${t.id}` : '', id: `exit-${t.id}` });
  }
  for (const m of strategyMarkers) {
    if (typeof m.ts !== 'number') continue;
    const shape = typeof m.shape === 'string' && SHAPES.has(m.shape) ? (m.shape as SeriesMarkerShape) : 'circle';
    out.push({ time: toTime(m.ts), position: shape === 'arrowUp' ? 'belowBar' : 'aboveBar', shape, color: typeof m.color === 'string' ? m.color : '#a855f7', text: typeof m.text === 'string' ? m.text : '' });
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Times (UTC ms) of the bars a plot's values belong to: value j sits on bar `offset + j × stride`. */
export function plotTimes(barTs: ArrayLike<number>, offset: number, stride: number, n: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    const i = offset + j * stride;
    if (i >= barTs.length) break;
    out.push(barTs[i]);
  }
  return out;
}
