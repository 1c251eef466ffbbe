const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Fixed-length timeframes in ms; `1M` (calendar month) is handled apart because months differ in length. */
export const TIMEFRAME_MS = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
} as const;

export const TIMEFRAMES = [...(Object.keys(TIMEFRAME_MS) as (keyof typeof TIMEFRAME_MS)[]), '1M'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export function isTimeframe(s: string): s is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(s);
}

/** Nominal length in ms (a month counts as 30 days: only for sizing, never for alignment). */
export function timeframeMs(tf: Timeframe): number {
  return tf === '1M' ? 30 * DAY : TIMEFRAME_MS[tf];
}

// 1970-01-01 was a Thursday; weeks open on Monday 00:00 UTC, 4 days later.
const WEEK_OFFSET = 4 * DAY;

/** The open time of the bar of timeframe `tf` that contains `ts` (UTC boundaries; weeks start Monday). */
export function alignToTimeframe(ts: number, tf: Timeframe): number {
  if (tf === '1M') {
    const d = new Date(ts);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const ms = TIMEFRAME_MS[tf];
  const offset = tf === '1w' ? WEEK_OFFSET : 0;
  return Math.floor((ts - offset) / ms) * ms + offset;
}

/** The open time of the bar after the one opening at `open`. */
export function nextBarOpen(open: number, tf: Timeframe): number {
  if (tf === '1M') {
    const d = new Date(open);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return open + TIMEFRAME_MS[tf];
}
