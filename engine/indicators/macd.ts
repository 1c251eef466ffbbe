import type { BarLike } from './types';
import { EmaStream } from './ema';
import { createMa, type MaKernel, maLookback } from './moving-averages';
import { emaInto, maInto, scratch } from './kernels';
import { EngineError } from '../core/errors';
import { checkInputs, checkPeriod, firstNaN, isZero, outArray, skipLeadingNaN } from './validate';

function checkFastSlow(name: string, fast: number, slow: number): void {
  checkPeriod(name, 'fast', fast, 2);
  checkPeriod(name, 'slow', slow, 2);
  if (fast >= slow) throw new EngineError('INVALID_INPUT', `${name}: fast (${fast}) must be shorter than slow (${slow})`, { indicator: name, fast, slow });
}

/**
 * MACD = EMA(fast) - EMA(slow), signal = EMA(MACD, signal), hist = MACD - signal.
 * TA-Lib's seeding is kept: both EMAs produce their first value on bar slow-1, so the fast EMA
 * starts from the SMA of bars slow-fast..slow-1 (not of the first `fast` bars). The MACD line is
 * defined from bar slow-1; signal and hist from slow+signal-2 (TA-Lib reports all three from there).
 */
export class MacdStream {
  macd = NaN;
  signal = NaN;
  hist = NaN;
  private readonly fast: EmaStream;
  private readonly slow: EmaStream;
  private readonly sig: EmaStream;
  private readonly offset: number;
  private t = 0;
  private dead = false;
  private started = false;
  constructor(fast = 12, slow = 26, signal = 9) {
    checkFastSlow('MACD', fast, slow);
    checkPeriod('MACD', 'signal', signal, 1);
    this.fast = new EmaStream(fast);
    this.slow = new EmaStream(slow);
    this.sig = new EmaStream(signal);
    this.offset = slow - fast;
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.macd = this.signal = this.hist = NaN);
    }
    if (this.dead) return (this.macd = this.signal = this.hist = NaN);
    this.started = true;
    const s = this.slow.next(x);
    const f = this.t++ >= this.offset ? this.fast.next(x) : NaN;
    if (s !== s) return NaN;
    const m = f - s;
    this.macd = m;
    const g = this.sig.next(m);
    if (g === g) {
      this.signal = g;
      this.hist = m - g;
    }
    return m;
  }
}

function macdColumns(x: Float64Array, fast = 12, slow = 26, signal = 9): { macd: Float64Array; signal: Float64Array; hist: Float64Array } {
  const n = checkInputs('MACD', x);
  new MacdStream(fast, slow, signal); // validates the parameters
  const end = firstNaN(n, x);
  const w = slow - 1;
  const ws = w + signal - 1;
  const m = outArray(n, w, end);
  const g = outArray(n, ws, end);
  const h = outArray(n, ws, end);
  const f = scratch(0, n);
  emaInto(x, 0, end, slow, m);
  emaInto(x, slow - fast, end, fast, f);
  for (let i = w; i < end; i++) m[i] = f[i] - m[i];
  emaInto(m, w, end, signal, g);
  for (let i = ws; i < end; i++) h[i] = m[i] - g[i];
  return { macd: m, signal: g, hist: h };
}
export const macd = skipLeadingNaN('MACD', macdColumns, 1);

/**
 * Price oscillators APO = MA(fast) - MA(slow) and PPO = 100·(MA(fast) - MA(slow))/MA(slow)
 * (0 when MA(slow) ≈ 0), TA-Lib MA type (default 0 = SMA, as TA-Lib). Both MAs start at bar 0
 * (TA-Lib called from bar 0 does the same; unlike its MACD, no shifted seed). Warm-up = the slow
 * MA's lookback.
 */
export class PriceOscStream {
  value = NaN;
  private readonly fast: MaKernel;
  private readonly slow: MaKernel;
  private dead = false;
  private started = false;
  constructor(
    readonly percent: boolean,
    fast = 12,
    slow = 26,
    maType = 0,
  ) {
    const name = percent ? 'PPO' : 'APO';
    checkFastSlow(name, fast, slow);
    this.fast = createMa(name, maType, fast);
    this.slow = createMa(name, maType, slow);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const s = this.slow.next(x);
    const f = this.fast.next(x);
    if (s !== s) return NaN;
    return (this.value = this.percent ? (isZero(s) ? 0 : ((f - s) / s) * 100) : f - s);
  }
}

function runPriceOsc(name: string, percent: boolean, x: Float64Array, fast: number, slow: number, maType: number): Float64Array {
  const n = checkInputs(name, x);
  new PriceOscStream(percent, fast, slow, maType); // validates the parameters
  const end = firstNaN(n, x);
  const w = maLookback(maType, slow);
  const out = outArray(n, w, end);
  const f = scratch(0, n);
  maInto(maType, x, 0, end, fast, f, () => createMa(name, maType, fast));
  maInto(maType, x, 0, end, slow, out, () => createMa(name, maType, slow));
  if (percent) {
    for (let i = w; i < end; i++) {
      const s = out[i];
      out[i] = isZero(s) ? 0 : ((f[i] - s) / s) * 100;
    }
  } else for (let i = w; i < end; i++) out[i] = f[i] - out[i];
  return out;
}
function apoColumns(x: Float64Array, fast = 12, slow = 26, maType = 0): Float64Array {
  return runPriceOsc('APO', false, x, fast, slow, maType);
}
export const apo = skipLeadingNaN('APO', apoColumns, 1);
function ppoColumns(x: Float64Array, fast = 12, slow = 26, maType = 0): Float64Array {
  return runPriceOsc('PPO', true, x, fast, slow, maType);
}
export const ppo = skipLeadingNaN('PPO', ppoColumns, 1);
