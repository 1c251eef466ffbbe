import { EngineError } from '../core/errors';
import type { BarColumns } from '../model/bars';
import { BAR_FIELDS } from '../model/bars';
import { fingerprinter } from '../model/fingerprint';
import { FeedSeries } from '../strategy/series';
import { nextBarOpen, timeframeMs, type Timeframe } from '../../shared/timeframe';

/** Bars of one instrument on one timeframe, as a run receives them (columns, transferable). */
export interface FeedInput {
  symbol: string;
  timeframe: Timeframe;
  bars: BarColumns;
  /**
   * The caller vouches that the times strictly increase, so the run does not check them again:
   * bars read from the store, which refuses anything else when they are written (a pass over 2M
   * times was ~5 ms of a one-off CLI run). Anything else is checked.
   */
  timesIncrease?: boolean;
}

export interface Feeds {
  timeframe: Timeframe;
  symbols: string[];
  /** The trading feeds, one per symbol, in `symbols` order. */
  trading: FeedSeries[];
  /** Other timeframes (visible only after each bar closes). */
  informative: FeedSeries[];
  byKey: Map<string, FeedSeries>;
}

const EMPTY = new Float64Array(0);

export const feedKey = (symbol: string, tf: Timeframe): string => `${symbol}|${tf}`;

/** Checks the columns and wraps them; the trading timeframe is the given one or the shortest present. */
export function buildFeeds(inputs: readonly FeedInput[], timeframe?: Timeframe): Feeds {
  if (inputs.length === 0) throw new EngineError('INVALID_INPUT', 'a backtest needs at least one feed of bars');
  const tf = timeframe ?? inputs.map((f) => f.timeframe).reduce((a, b) => (timeframeMs(b) < timeframeMs(a) ? b : a));
  const byKey = new Map<string, FeedSeries>();
  const trading: FeedSeries[] = [];
  const informative: FeedSeries[] = [];
  for (const f of inputs) {
    checkColumns(f);
    const key = feedKey(f.symbol, f.timeframe);
    if (byKey.has(key)) throw new EngineError('INVALID_INPUT', `two feeds for ${f.symbol} on ${f.timeframe}`);
    // Close times are only needed to reveal informative bars; trading feeds skip the allocation.
    const feed = new FeedSeries(f.symbol, f.timeframe, f.bars, f.timeframe === tf ? EMPTY : closeTimes(f.bars.ts, f.timeframe));
    byKey.set(key, feed);
    (f.timeframe === tf ? trading : informative).push(feed);
  }
  if (trading.length === 0) throw new EngineError('INVALID_INPUT', `no feed on the trading timeframe ${tf}`);
  for (const f of informative) {
    if (timeframeMs(f.timeframe) < timeframeMs(tf)) throw new EngineError('INVALID_INPUT', `feed ${f.symbol} ${f.timeframe} is shorter than the trading timeframe ${tf}`);
  }
  return { timeframe: tf, symbols: trading.map((f) => f.symbol), trading, informative, byKey };
}

function checkColumns(f: FeedInput): void {
  const n = f.bars.ts.length;
  for (const field of BAR_FIELDS) {
    if (!(f.bars[field] instanceof Float64Array)) throw new EngineError('BAD_DATA', `${f.symbol} ${f.timeframe}: column ${field} is not a Float64Array`);
    if (f.bars[field].length !== n) throw new EngineError('BAD_DATA', `${f.symbol} ${f.timeframe}: column ${field} has ${f.bars[field].length} values, ts has ${n}`);
  }
  const i = f.timesIncrease === true ? -1 : firstNonIncreasing(f.bars.ts);
  if (i >= 0) throw new EngineError('BAD_DATA', `${f.symbol} ${f.timeframe}: timestamps must increase (bar ${i})`, { bar: i });
}

/**
 * The first bar whose time is not after the one before (NaN included), or -1. Four bars per
 * iteration, each compared with the one before through a view one bar behind: V8 re-checks a
 * typed array on every loop iteration, and 2M bars paid ~10 ms for it in a one-off CLI run.
 */
function firstNonIncreasing(ts: Float64Array): number {
  const m = ts.length - 1;
  if (m <= 0) return -1;
  const cur = ts.subarray(1);
  const prev = ts.subarray(0, m);
  let k = 0;
  for (; k + 3 < m; k += 4) {
    if (!(cur[k] > prev[k] && cur[k + 1] > prev[k + 1] && cur[k + 2] > prev[k + 2] && cur[k + 3] > prev[k + 3])) break;
  }
  for (; k < m; k++) if (!(cur[k] > prev[k])) return k + 1;
  return -1;
}

function closeTimes(ts: Float64Array, tf: Timeframe): Float64Array {
  const out = new Float64Array(ts.length);
  if (tf === '1M') for (let i = 0; i < ts.length; i++) out[i] = nextBarOpen(ts[i], tf);
  else {
    const ms = timeframeMs(tf);
    for (let i = 0; i < ts.length; i++) out[i] = ts[i] + ms;
  }
  return out;
}

/**
 * The trading feeds merged by time: step s holds the bars opening at `stepTs[s]`, entries
 * `stepStart[s] .. stepStart[s+1]-1`, each an (instrument, bar index) pair in symbol order.
 * Aligned feeds (every feed has a bar at every step, so step s is bar s of each: one feed, or
 * several with the same bar times) need no entries, and their arrays are empty.
 */
export interface Schedule {
  steps: number;
  stepTs: Float64Array;
  aligned: boolean;
  stepStart: Int32Array;
  inst: Int32Array;
  bar: Int32Array;
}

const NO_ENTRIES = new Int32Array(0);

export function mergeByTime(feeds: readonly FeedSeries[]): Schedule {
  const K = feeds.length;
  const cols = feeds.map((f) => f.columns.ts);
  if (sameTimes(cols)) return { steps: cols[0].length, stepTs: cols[0], aligned: true, stepStart: NO_ENTRIES, inst: NO_ENTRIES, bar: NO_ENTRIES };
  const len = cols.map((c) => c.length);
  let total = 0;
  for (let k = 0; k < K; k++) total += len[k];
  const inst = new Int32Array(total);
  const bar = new Int32Array(total);
  const stepTsTmp = new Float64Array(total);
  const stepStartTmp = new Int32Array(total + 1);
  const ptr = new Int32Array(K);
  let e = 0;
  let steps = 0;
  while (e < total) {
    let t = Infinity;
    for (let k = 0; k < K; k++) if (ptr[k] < len[k] && cols[k][ptr[k]] < t) t = cols[k][ptr[k]];
    stepTsTmp[steps] = t;
    stepStartTmp[steps] = e;
    steps++;
    for (let k = 0; k < K; k++) {
      if (ptr[k] < len[k] && cols[k][ptr[k]] === t) {
        inst[e] = k;
        bar[e] = ptr[k]++;
        e++;
      }
    }
  }
  stepStartTmp[steps] = total;
  return { steps, stepTs: stepTsTmp.slice(0, steps), aligned: false, stepStart: stepStartTmp.slice(0, steps + 1), inst, bar };
}

/** Whether every column holds the same bar times (one column always does). */
function sameTimes(cols: readonly Float64Array[]): boolean {
  const first = cols[0];
  const n = first.length;
  for (let k = 1; k < cols.length; k++) {
    const c = cols[k];
    if (c.length !== n || c[0] !== first[0] || c[n - 1] !== first[n - 1]) return false;
  }
  for (let k = 1; k < cols.length; k++) {
    const c = cols[k];
    for (let i = 0; i < n; i++) if (c[i] !== first[i]) return false;
  }
  return true;
}

/**
 * Deterministic hash of a run's data (symbol, timeframe and every column of every feed, in the
 * order given), for the run registry: the same bars give the same 16 hex digits on any machine.
 */
export function fingerprintFeeds(feeds: readonly FeedInput[]): string {
  const f = fingerprinter();
  for (const feed of feeds) {
    f.addString(feed.symbol).addString(feed.timeframe);
    for (const field of BAR_FIELDS) f.addString(field).addColumn(feed.bars[field]);
  }
  return f.digest();
}
