import { EngineError } from '../core/errors';
import type { IndicatorDef, IndicatorMeta, InputColumns, Params, Source, StreamingIndicator } from './types';
import { column as col, define, fieldStream, out, periodParam, real, seriesFieldStream, seriesOf, seriesStream, sourceParam, VALUE } from './registry-helpers';
import { sma, SmaStream } from './sma';
import { ema, EmaStream } from './ema';
import { wma, WmaStream } from './wma';
import { dema, DemaStream, hma, HmaStream, kama, KamaStream, MA_TYPE_OPTIONS, t3, T3Stream, tema, TemaStream, trima, TrimaStream } from './moving-averages';
import { rsi, RsiStream } from './rsi';
import { mom, MomStream, roc, RocStream } from './roc';
import { atr, AtrStream, natr, NatrStream, trange, TrangeStream } from './atr';
import { stddev, StddevStream, variance, VarStream } from './stddev';
import { bbands, BbandsStream, bbandsWarmup } from './bbands';
import { donchian, DonchianStream } from './donchian';
import { adx, adxr, DirectionalStream, dx, minusDi, plusDi } from './directional';

const SERIES = ['close'] as const;
const HLC = ['high', 'low', 'close'] as const;
const maTypeParam = { name: 'maType', type: 'enum', default: 0, options: MA_TYPE_OPTIONS, description: 'TA-Lib MA type: 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 5 TRIMA, 6 KAMA, 8 T3' } as const;

const num = (p: Params, k: string) => p[k] as number;
const src = (p: Params) => p.source as Source;

/** A one-series, one-output indicator: the most common shape. */
function seriesDef(
  meta: Omit<IndicatorMeta, 'inputs' | 'outputs' | 'params' | 'talib'> & { talib?: boolean; params: IndicatorMeta['params'] },
  warmup: (p: Params) => number,
  batch: (x: Float64Array, p: Params) => Float64Array,
  kernel: (p: Params) => { next(x: number): number },
): IndicatorDef {
  return define({
    ...meta,
    talib: meta.talib ?? true,
    inputs: [...SERIES],
    params: [sourceParam, ...meta.params],
    outputs: VALUE,
    warmup,
    compute: (inputs, p) => ({ value: batch(seriesOf(meta as IndicatorMeta, inputs, src(p)), p) }),
    stream: (p) => seriesStream(meta.name, kernel(p), src(p)),
  });
}

/** An indicator over high, low, close with one output read from a DirectionalStream field. */
function directionalDef(name: string, title: string, field: 'adx' | 'adxr' | 'dx' | 'plusDI' | 'minusDI', batch: typeof adx, warmup: (p: number) => number, formula: string, min = 2): IndicatorDef {
  return define({
    name,
    title,
    group: 'trend',
    display: 'pane',
    range: [0, 100],
    talib: true,
    inputs: [...HLC],
    params: [periodParam(14, min)],
    outputs: VALUE,
    formula,
    warmup: (p) => warmup(num(p, 'period')),
    compute: (i, p) => ({ value: batch(col(INDICATORS[name], i, 'high'), col(INDICATORS[name], i, 'low'), col(INDICATORS[name], i, 'close'), num(p, 'period')) }),
    stream: (p) => fieldStream(name, new DirectionalStream(num(p, 'period')), ['value'], { value: field }),
  });
}

const defs: IndicatorDef[] = [
  // ---- overlap studies (moving averages) ----
  seriesDef(
    { name: 'SMA', title: 'Simple moving average', group: 'overlap', display: 'overlay', params: [periodParam(30, 1)], formula: 'mean of the last p values' },
    (p) => num(p, 'period') - 1,
    (x, p) => sma(x, num(p, 'period')),
    (p) => new SmaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'EMA', title: 'Exponential moving average', group: 'overlap', display: 'overlay', params: [periodParam(30, 1)], formula: 'e = e + 2/(p+1)·(x - e), seeded with the SMA of the first p values' },
    (p) => num(p, 'period') - 1,
    (x, p) => ema(x, num(p, 'period')),
    (p) => new EmaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'WMA', title: 'Weighted moving average', group: 'overlap', display: 'overlay', params: [periodParam(30, 1)], formula: 'Σ w·x / Σ w with weights 1..p, newest heaviest' },
    (p) => num(p, 'period') - 1,
    (x, p) => wma(x, num(p, 'period')),
    (p) => new WmaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'DEMA', title: 'Double exponential moving average', group: 'overlap', display: 'overlay', params: [periodParam(30)], formula: '2·EMA - EMA(EMA)' },
    (p) => 2 * (num(p, 'period') - 1),
    (x, p) => dema(x, num(p, 'period')),
    (p) => new DemaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'TEMA', title: 'Triple exponential moving average', group: 'overlap', display: 'overlay', params: [periodParam(30)], formula: '3·e1 - 3·e2 + e3, eN the N-fold EMA' },
    (p) => 3 * (num(p, 'period') - 1),
    (x, p) => tema(x, num(p, 'period')),
    (p) => new TemaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'TRIMA', title: 'Triangular moving average', group: 'overlap', display: 'overlay', params: [periodParam(30)], formula: 'SMA of an SMA: weights 1,2,…,2,1' },
    (p) => num(p, 'period') - 1,
    (x, p) => trima(x, num(p, 'period')),
    (p) => new TrimaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'KAMA', title: 'Kaufman adaptive moving average', group: 'overlap', display: 'overlay', params: [periodParam(30)], formula: 'k += (er·(2/3-2/31)+2/31)²·(x-k), er = |Δp x| / Σ|Δx|' },
    (p) => num(p, 'period'),
    (x, p) => kama(x, num(p, 'period')),
    (p) => new KamaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'T3', title: 'Tillson T3 moving average', group: 'overlap', display: 'overlay', params: [periodParam(5), real('vfactor', 0.7, 0, 1, 'Volume factor a')], formula: 'c1·e6 + c2·e5 + c3·e4 + c4·e3 over six chained EMAs' },
    (p) => 6 * (num(p, 'period') - 1),
    (x, p) => t3(x, num(p, 'period'), num(p, 'vfactor')),
    (p) => new T3Stream(num(p, 'period'), num(p, 'vfactor')),
  ),
  seriesDef(
    { name: 'HMA', title: 'Hull moving average', group: 'overlap', display: 'overlay', talib: false, params: [periodParam(9)], formula: 'WMA(2·WMA(x, ⌊p/2⌋) - WMA(x, p), ⌊√p⌋)' },
    (p) => num(p, 'period') - 1 + Math.floor(Math.sqrt(num(p, 'period'))) - 1,
    (x, p) => hma(x, num(p, 'period')),
    (p) => new HmaStream(num(p, 'period')),
  ),
  define({
    name: 'BBANDS',
    title: 'Bollinger bands',
    group: 'overlap',
    display: 'overlay',
    talib: true,
    inputs: [...SERIES],
    params: [sourceParam, periodParam(20), real('nbdevUp', 2, 0, 10, 'Upper band width in σ'), real('nbdevDn', 2, 0, 10, 'Lower band width in σ'), maTypeParam],
    outputs: [out('upper', 'middle + nbdevUp·σ'), out('middle', 'MA of the source'), out('lower', 'middle - nbdevDn·σ')],
    formula: 'MA(x, p) ± k·σ(x, p), σ the population standard deviation',
    warmup: (p) => bbandsWarmup(num(p, 'period'), num(p, 'maType')),
    compute: (i, p) => ({ ...bbands(seriesOf(INDICATORS.BBANDS, i, src(p)), num(p, 'period'), num(p, 'nbdevUp'), num(p, 'nbdevDn'), num(p, 'maType')) }),
    stream: (p) => seriesFieldStream('BBANDS', new BbandsStream(num(p, 'period'), num(p, 'nbdevUp'), num(p, 'nbdevDn'), num(p, 'maType')), src(p), ['upper', 'middle', 'lower']),
  }),
  define({
    name: 'DONCHIAN',
    title: 'Donchian channel',
    group: 'overlap',
    display: 'overlay',
    talib: false,
    inputs: ['high', 'low'],
    params: [periodParam(20, 1)],
    outputs: [out('upper', 'Highest high of the last p bars'), out('middle', '(upper + lower)/2'), out('lower', 'Lowest low of the last p bars')],
    formula: 'max(high, p), min(low, p) and their midpoint; the current bar included',
    warmup: (p) => num(p, 'period') - 1,
    compute: (i, p) => ({ ...donchian(col(INDICATORS.DONCHIAN, i, 'high'), col(INDICATORS.DONCHIAN, i, 'low'), num(p, 'period')) }),
    stream: (p) => fieldStream('DONCHIAN', new DonchianStream(num(p, 'period')), ['upper', 'middle', 'lower']),
  }),

  // ---- momentum ----
  seriesDef(
    { name: 'RSI', title: 'Relative strength index', group: 'momentum', display: 'pane', range: [0, 100], params: [periodParam(14)], formula: '100·G/(G+L), G and L Wilder-smoothed gains and losses' },
    (p) => num(p, 'period'),
    (x, p) => rsi(x, num(p, 'period')),
    (p) => new RsiStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'ROC', title: 'Rate of change', group: 'momentum', display: 'pane', params: [periodParam(10, 1)], formula: '(x / x[t-p] - 1)·100' },
    (p) => num(p, 'period'),
    (x, p) => roc(x, num(p, 'period')),
    (p) => new RocStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'MOM', title: 'Momentum', group: 'momentum', display: 'pane', params: [periodParam(10, 1)], formula: 'x - x[t-p]' },
    (p) => num(p, 'period'),
    (x, p) => mom(x, num(p, 'period')),
    (p) => new MomStream(num(p, 'period')),
  ),

  // ---- trend ----
  directionalDef('ADX', 'Average directional index', 'adx', adx, (p) => 2 * p - 1, 'Wilder average of DX'),
  directionalDef('ADXR', 'Average directional index rating', 'adxr', adxr, (p) => 3 * p - 2, '(ADX + ADX[t-(p-1)])/2'),
  directionalDef('DX', 'Directional movement index', 'dx', dx, (p) => p, '100·|+DI - -DI|/(+DI + -DI)'),
  directionalDef('PLUS_DI', 'Plus directional indicator', 'plusDI', plusDi, (p) => p, '100·(Wilder +DM)/(Wilder TR)', 1),
  directionalDef('MINUS_DI', 'Minus directional indicator', 'minusDI', minusDi, (p) => p, '100·(Wilder -DM)/(Wilder TR)', 1),

  // ---- volatility ----
  define({
    name: 'ATR',
    title: 'Average true range',
    group: 'volatility',
    display: 'pane',
    talib: true,
    inputs: [...HLC],
    params: [periodParam(14, 1)],
    outputs: VALUE,
    formula: 'Wilder average of the true range, seeded with the mean of the first p',
    warmup: (p) => num(p, 'period'),
    compute: (i, p) => ({ value: atr(col(INDICATORS.ATR, i, 'high'), col(INDICATORS.ATR, i, 'low'), col(INDICATORS.ATR, i, 'close'), num(p, 'period')) }),
    stream: (p) => fieldStream('ATR', new AtrStream(num(p, 'period')), ['value']),
  }),
  define({
    name: 'NATR',
    title: 'Normalized average true range',
    group: 'volatility',
    display: 'pane',
    talib: true,
    inputs: [...HLC],
    params: [periodParam(14, 1)],
    outputs: VALUE,
    formula: '100·ATR / close',
    warmup: (p) => num(p, 'period'),
    compute: (i, p) => ({ value: natr(col(INDICATORS.NATR, i, 'high'), col(INDICATORS.NATR, i, 'low'), col(INDICATORS.NATR, i, 'close'), num(p, 'period')) }),
    stream: (p) => fieldStream('NATR', new NatrStream(num(p, 'period')), ['value']),
  }),
  define({
    name: 'TRANGE',
    title: 'True range',
    group: 'volatility',
    display: 'pane',
    talib: true,
    inputs: [...HLC],
    params: [],
    outputs: VALUE,
    formula: 'max(high - low, |high - prev close|, |low - prev close|)',
    warmup: () => 1,
    compute: (i) => ({ value: trange(col(INDICATORS.TRANGE, i, 'high'), col(INDICATORS.TRANGE, i, 'low'), col(INDICATORS.TRANGE, i, 'close')) }),
    stream: () => fieldStream('TRANGE', new TrangeStream(), ['value']),
  }),
  seriesDef(
    { name: 'STDDEV', title: 'Standard deviation', group: 'statistic', display: 'pane', params: [periodParam(5), real('nbdev', 1, 0, 100, 'Multiplier')], formula: 'nbdev·√(mean(x²) - mean(x)²) over p values (population)' },
    (p) => num(p, 'period') - 1,
    (x, p) => stddev(x, num(p, 'period'), num(p, 'nbdev')),
    (p) => new StddevStream(num(p, 'period'), num(p, 'nbdev')),
  ),
  seriesDef(
    { name: 'VAR', title: 'Variance', group: 'statistic', display: 'pane', params: [periodParam(5, 1)], formula: 'mean(x²) - mean(x)² over p values (population)' },
    (p) => num(p, 'period') - 1,
    (x, p) => variance(x, num(p, 'period')),
    (p) => new VarStream(num(p, 'period')),
  ),
];


/** Every indicator by its TA-Lib-style name. */
export const INDICATORS: Record<string, IndicatorDef> = Object.fromEntries(defs.map((d) => [d.name, d]));

function lookup(name: string): IndicatorDef {
  const def = Object.prototype.hasOwnProperty.call(INDICATORS, name) ? INDICATORS[name] : undefined;
  if (!def) throw new EngineError('INVALID_INPUT', `unknown indicator "${name}"`, { indicator: name, known: Object.keys(INDICATORS) });
  return def;
}

/** The metadata of every indicator, JSON-serialisable (for `indicators.list`). */
export function listIndicators(): IndicatorMeta[] {
  return defs.map(({ name, title, group, display, inputs, params, outputs, range, talib, formula }) => ({
    name,
    title,
    group,
    display,
    inputs,
    params,
    outputs,
    ...(range ? { range } : {}),
    talib,
    formula,
  }));
}

/** Computes any indicator by name over bar columns; params default from the metadata. */
export function computeIndicator(name: string, inputs: InputColumns, params: Params = {}): Record<string, Float64Array> {
  return lookup(name).compute(inputs, params);
}

/** A fresh streaming instance of any indicator by name. */
export function createStreaming(name: string, params: Params = {}): StreamingIndicator {
  return lookup(name).stream(params);
}

/** Leading NaN bars of the first output for these params. */
export function indicatorWarmup(name: string, params: Params = {}): number {
  return lookup(name).warmup(params);
}
