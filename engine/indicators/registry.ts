import { EngineError } from '../core/errors';
import type { IndicatorDef, IndicatorMeta, InputColumns, Params, Source, StreamingIndicator } from './types';
import { column as col, define, fieldStream, int, out, periodParam, real, seriesFieldStream, seriesOf, seriesStream, sourceParam, VALUE } from './registry-helpers';
import { sma, SmaStream } from './sma';
import { ema, EmaStream } from './ema';
import { wma, WmaStream } from './wma';
import { dema, DemaStream, hma, HmaStream, kama, KamaStream, MA_TYPE_OPTIONS, maLookback, t3, T3Stream, tema, TemaStream, trima, TrimaStream } from './moving-averages';
import { rsi, RsiStream } from './rsi';
import { mom, MomStream, roc, RocStream } from './roc';
import { atr, AtrStream, natr, NatrStream, trange, TrangeStream } from './atr';
import { stddev, StddevStream, variance, VarStream } from './stddev';
import { bbands, BbandsStream, bbandsWarmup } from './bbands';
import { donchian, DonchianStream } from './donchian';
import { adx, adxr, DirectionalStream, dx, minusDi, plusDi } from './directional';
import { stoch, stochf, stochrsi, StochfStream, StochRsiStream, StochStream } from './stochastic';
import { apo, macd, MacdStream, ppo, PriceOscStream } from './macd';
import { aroon, aroonosc, AroonStream, bop, BopStream, cci, CciStream, cmo, CmoStream, mfi, MfiStream, trix, TrixStream, tsi, TsiStream, ultosc, UltoscStream, willr, WillrStream } from './oscillators';
import { ad, adosc, AdoscStream, AdStream, cmf, CmfStream, eom, EomStream, force, ForceStream, obv, ObvStream, vwap, VWAP_ANCHORS, VwapStream, type VwapAnchor, vwma, VwmaStream } from './volume';
import { beta, BetaStream, correl, CorrelStream, linearreg, linearregAngle, linearregIntercept, linearregSlope, LinRegStream, zscore, ZscoreStream } from './statistics';
import { ao, AoStream, ichimoku, IchimokuStream, keltner, KeltnerStream, sar, SarStream, supertrend, SupertrendStream } from './trend';
import { heikinAshi, HeikinAshiStream, PIVOT_ANCHORS, type PivotAnchor, pivots, PivotsStream, zigzag, ZigzagStream } from './chart-studies';
import type { BarLike } from './types';

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

type Cols = Record<'open' | 'high' | 'low' | 'close' | 'volume' | 'ts' | 'benchmark', Float64Array>;

/** An indicator fed whole bars: its inputs are fetched (and required) by name. */
function barDef(
  meta: Omit<IndicatorMeta, 'talib'> & { talib?: boolean },
  warmup: (p: Params) => number,
  batch: (c: Cols, p: Params) => Record<string, Float64Array> | Float64Array,
  stream: (p: Params) => { update(bar: BarLike): unknown },
  fields?: Record<string, string>,
): IndicatorDef {
  const full: IndicatorMeta = { ...meta, talib: meta.talib ?? true };
  return define({
    ...full,
    warmup,
    compute: (inputs, p) => {
      const c = {} as Cols;
      for (const name of meta.inputs) c[name] = col(full, inputs, name);
      const r = batch(c, p);
      return r instanceof Float64Array ? { value: r } : { ...r };
    },
    stream: (p) => fieldStream(meta.name, stream(p) as { update(bar: BarLike): unknown } & Record<string, number>, meta.outputs.map((o) => o.name), fields as Record<string, string> | undefined),
  });
}

const OHLC = ['open', 'high', 'low', 'close'] as const;
const HLCV = ['high', 'low', 'close', 'volume'] as const;
const fastSlow = (fast: number, slow: number, min = 2) => [int('fast', fast, min, 1000, 'Fast period'), int('slow', slow, min, 1000, 'Slow period')];

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
  // ---- more overlap ----
  barDef(
    { name: 'VWMA', title: 'Volume-weighted moving average', group: 'overlap', display: 'overlay', talib: false, inputs: ['close', 'volume'], params: [periodParam(20, 1)], outputs: VALUE, formula: 'Σ(close·volume)/Σvolume over p bars' },
    (p) => num(p, 'period') - 1,
    (c, p) => vwma(c.close, c.volume, num(p, 'period')),
    (p) => new VwmaStream(num(p, 'period')),
  ),
  barDef(
    {
      name: 'VWAP',
      title: 'Volume-weighted average price',
      group: 'overlap',
      display: 'overlay',
      talib: false,
      inputs: ['ts', 'high', 'low', 'close', 'volume'],
      params: [{ name: 'anchor', type: 'enum', default: 'day', options: VWAP_ANCHORS, description: 'Reset at each UTC day, Monday-week, or never' }],
      outputs: VALUE,
      formula: 'Σ(typical price·volume)/Σvolume since the session start',
    },
    () => 0,
    (c, p) => vwap(c.ts, c.high, c.low, c.close, c.volume, p.anchor as VwapAnchor),
    (p) => new VwapStream(p.anchor as VwapAnchor),
  ),
  barDef(
    {
      name: 'KELTNER',
      title: 'Keltner channel',
      group: 'overlap',
      display: 'overlay',
      talib: false,
      inputs: [...HLC],
      params: [periodParam(20), real('multiplier', 2, 0, 10, 'Band width in ATRs'), int('atrPeriod', 10, 1, 1000, 'ATR period')],
      outputs: [out('upper', 'EMA + m·ATR'), out('middle', 'EMA of the close'), out('lower', 'EMA - m·ATR')],
      formula: 'EMA(close, p) ± m·ATR(atrPeriod)',
    },
    (p) => Math.max(num(p, 'period') - 1, num(p, 'atrPeriod')),
    (c, p) => keltner(c.high, c.low, c.close, num(p, 'period'), num(p, 'multiplier'), num(p, 'atrPeriod')),
    (p) => new KeltnerStream(num(p, 'period'), num(p, 'multiplier'), num(p, 'atrPeriod')),
  ),
  barDef(
    { name: 'SAR', title: 'Parabolic SAR', group: 'trend', display: 'overlay', inputs: ['high', 'low'], params: [real('acceleration', 0.02, 0, 1, 'Acceleration step', 0.01), real('maximum', 0.2, 0, 1, 'Acceleration cap', 0.01)], outputs: VALUE, formula: 'sar += af·(ep - sar), af grows by step at each new extreme, flips when pierced' },
    () => 1,
    (c, p) => sar(c.high, c.low, num(p, 'acceleration'), num(p, 'maximum')),
    (p) => new SarStream(num(p, 'acceleration'), num(p, 'maximum')),
  ),
  barDef(
    {
      name: 'SUPERTREND',
      title: 'Supertrend',
      group: 'trend',
      display: 'overlay',
      talib: false,
      inputs: [...HLC],
      params: [periodParam(10, 1), real('multiplier', 3, 0, 20, 'Band width in ATRs')],
      outputs: [out('value', 'The trailing band of the current trend'), out('direction', '+1 up-trend, -1 down-trend')],
      formula: 'hl2 ± m·ATR(p), ratcheting bands; flips when the close crosses the opposite band',
    },
    (p) => num(p, 'period'),
    (c, p) => supertrend(c.high, c.low, c.close, num(p, 'period'), num(p, 'multiplier')),
    (p) => new SupertrendStream(num(p, 'period'), num(p, 'multiplier')),
  ),
  barDef(
    {
      name: 'ICHIMOKU',
      title: 'Ichimoku cloud',
      group: 'trend',
      display: 'overlay',
      talib: false,
      inputs: [...HLC],
      params: [int('tenkan', 9, 1, 1000, 'Conversion line period'), int('kijun', 26, 1, 1000, 'Base line period (also the displacement)'), int('spanB', 52, 1, 1000, 'Leading span B period')],
      outputs: [
        out('tenkan', 'Conversion line: mid of the tenkan-bar range'),
        out('kijun', 'Base line: mid of the kijun-bar range'),
        out('spanA', 'Leading span A: (tenkan + kijun)/2, drawn kijun bars ahead', { plotShift: 26 }),
        out('spanB', 'Leading span B: mid of the spanB-bar range, drawn kijun bars ahead', { plotShift: 26 }),
        out('chikou', 'Lagging span: the close, drawn kijun bars back', { plotShift: -26 }),
      ],
      formula: 'midpoints of highest high and lowest low over 9, 26 and 52 bars; spans drawn shifted (plotShift), never computed from future bars',
    },
    (p) => num(p, 'tenkan') - 1,
    (c, p) => ({ ...ichimoku(c.high, c.low, c.close, num(p, 'tenkan'), num(p, 'kijun'), num(p, 'spanB')) }),
    (p) => new IchimokuStream(num(p, 'tenkan'), num(p, 'kijun'), num(p, 'spanB')),
  ),

  // ---- more momentum ----
  barDef(
    {
      name: 'STOCH',
      title: 'Stochastic (slow)',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...HLC],
      params: [int('kPeriod', 14, 1, 1000, 'Fast %K period'), int('slowK', 3, 1, 1000, 'Slow %K smoothing'), int('slowD', 3, 1, 1000, '%D smoothing'), { ...maTypeParam, name: 'slowKMaType' }, { ...maTypeParam, name: 'slowDMaType' }],
      outputs: [out('k', 'Slow %K'), out('d', 'Slow %D')],
      formula: '%K = MA(100·(c - LL)/(HH - LL), slowK), %D = MA(%K, slowD)',
    },
    (p) => num(p, 'kPeriod') - 1 + maLookback(num(p, 'slowKMaType'), num(p, 'slowK')),
    (c, p) => ({ ...stoch(c.high, c.low, c.close, num(p, 'kPeriod'), num(p, 'slowK'), num(p, 'slowD'), num(p, 'slowKMaType'), num(p, 'slowDMaType')) }),
    (p) => new StochStream(num(p, 'kPeriod'), num(p, 'slowK'), num(p, 'slowD'), num(p, 'slowKMaType'), num(p, 'slowDMaType')),
  ),
  barDef(
    {
      name: 'STOCHF',
      title: 'Stochastic (fast)',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...HLC],
      params: [int('kPeriod', 14, 1, 1000, 'Fast %K period'), int('fastD', 3, 1, 1000, '%D smoothing'), { ...maTypeParam, name: 'fastDMaType' }],
      outputs: [out('k', 'Fast %K'), out('d', 'Fast %D')],
      formula: '%K = 100·(c - LL)/(HH - LL), %D = MA(%K, fastD)',
    },
    (p) => num(p, 'kPeriod') - 1,
    (c, p) => ({ ...stochf(c.high, c.low, c.close, num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')) }),
    (p) => new StochfStream(num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')),
  ),
  barDef(
    {
      name: 'STOCHRSI',
      title: 'Stochastic RSI',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...SERIES],
      params: [periodParam(14), int('kPeriod', 14, 1, 1000, 'Stochastic %K period'), int('fastD', 3, 1, 1000, '%D smoothing'), { ...maTypeParam, name: 'fastDMaType' }],
      outputs: [out('k', 'Fast %K of RSI'), out('d', 'Fast %D of RSI')],
      formula: 'STOCHF applied to RSI(period)',
    },
    (p) => num(p, 'period') + num(p, 'kPeriod') - 1,
    (c, p) => ({ ...stochrsi(c.close, num(p, 'period'), num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')) }),
    (p) => new StochRsiStream(num(p, 'period'), num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')),
  ),
  barDef(
    {
      name: 'MACD',
      title: 'Moving average convergence/divergence',
      group: 'momentum',
      display: 'pane',
      inputs: [...SERIES],
      params: [...fastSlow(12, 26), int('signal', 9, 1, 1000, 'Signal EMA period')],
      outputs: [out('macd', 'EMA(fast) - EMA(slow)'), out('signal', 'EMA of the MACD line'), out('hist', 'macd - signal')],
      formula: 'EMA(fast) - EMA(slow); signal EMA; histogram',
    },
    (p) => num(p, 'slow') - 1,
    (c, p) => ({ ...macd(c.close, num(p, 'fast'), num(p, 'slow'), num(p, 'signal')) }),
    (p) => new MacdStream(num(p, 'fast'), num(p, 'slow'), num(p, 'signal')),
  ),
  barDef(
    { name: 'PPO', title: 'Percentage price oscillator', group: 'momentum', display: 'pane', inputs: [...SERIES], params: [...fastSlow(12, 26), maTypeParam], outputs: VALUE, formula: '100·(MA(fast) - MA(slow))/MA(slow)' },
    (p) => maLookback(num(p, 'maType'), num(p, 'slow')),
    (c, p) => ppo(c.close, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
    (p) => new PriceOscStream(true, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
  ),
  barDef(
    { name: 'APO', title: 'Absolute price oscillator', group: 'momentum', display: 'pane', inputs: [...SERIES], params: [...fastSlow(12, 26), maTypeParam], outputs: VALUE, formula: 'MA(fast) - MA(slow)' },
    (p) => maLookback(num(p, 'maType'), num(p, 'slow')),
    (c, p) => apo(c.close, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
    (p) => new PriceOscStream(false, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
  ),
  barDef(
    { name: 'CCI', title: 'Commodity channel index', group: 'momentum', display: 'pane', inputs: [...HLC], params: [periodParam(20)], outputs: VALUE, formula: '(tp - SMA(tp))/(0.015·mean deviation), tp = (h+l+c)/3' },
    (p) => num(p, 'period') - 1,
    (c, p) => cci(c.high, c.low, c.close, num(p, 'period')),
    (p) => new CciStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'CMO', title: 'Chande momentum oscillator', group: 'momentum', display: 'pane', range: [-100, 100], params: [periodParam(14)], formula: '100·(G - L)/(G + L), Wilder-smoothed gains and losses' },
    (p) => num(p, 'period'),
    (x, p) => cmo(x, num(p, 'period')),
    (p) => new CmoStream(num(p, 'period')),
  ),
  barDef(
    { name: 'WILLR', title: "Williams' %R", group: 'momentum', display: 'pane', range: [-100, 0], inputs: [...HLC], params: [periodParam(14)], outputs: VALUE, formula: '-100·(HH - c)/(HH - LL)' },
    (p) => num(p, 'period') - 1,
    (c, p) => willr(c.high, c.low, c.close, num(p, 'period')),
    (p) => new WillrStream(num(p, 'period')),
  ),
  barDef(
    { name: 'MFI', title: 'Money flow index', group: 'volume', display: 'pane', range: [0, 100], inputs: [...HLCV], params: [periodParam(14)], outputs: VALUE, formula: '100·Σ positive flow/Σ flow, flow = tp·volume' },
    (p) => num(p, 'period'),
    (c, p) => mfi(c.high, c.low, c.close, c.volume, num(p, 'period')),
    (p) => new MfiStream(num(p, 'period')),
  ),
  barDef(
    {
      name: 'ULTOSC',
      title: 'Ultimate oscillator',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...HLC],
      params: [int('period1', 7, 1, 1000, 'Short period (weight 4)'), int('period2', 14, 1, 1000, 'Middle period (weight 2)'), int('period3', 28, 1, 1000, 'Long period (weight 1)')],
      outputs: VALUE,
      formula: '100·(4·a₁ + 2·a₂ + a₃)/7, aₖ = Σ buying pressure/Σ true range',
    },
    (p) => Math.max(num(p, 'period1'), num(p, 'period2'), num(p, 'period3')),
    (c, p) => ultosc(c.high, c.low, c.close, num(p, 'period1'), num(p, 'period2'), num(p, 'period3')),
    (p) => new UltoscStream(num(p, 'period1'), num(p, 'period2'), num(p, 'period3')),
  ),
  seriesDef(
    { name: 'TRIX', title: 'TRIX', group: 'momentum', display: 'pane', params: [periodParam(30, 1)], formula: '1-bar % rate of change of EMA(EMA(EMA(x)))' },
    (p) => 3 * (num(p, 'period') - 1) + 1,
    (x, p) => trix(x, num(p, 'period')),
    (p) => new TrixStream(num(p, 'period')),
  ),
  barDef(
    { name: 'BOP', title: 'Balance of power', group: 'momentum', display: 'pane', range: [-1, 1], inputs: [...OHLC], params: [], outputs: VALUE, formula: '(close - open)/(high - low)' },
    () => 0,
    (c) => bop(c.open, c.high, c.low, c.close),
    () => new BopStream(),
  ),
  barDef(
    { name: 'AROON', title: 'Aroon', group: 'trend', display: 'pane', range: [0, 100], inputs: ['high', 'low'], params: [periodParam(14)], outputs: [out('up', '100·(p - bars since the highest high)/p'), out('down', '100·(p - bars since the lowest low)/p')], formula: 'bars since the extreme within the last p+1 bars' },
    (p) => num(p, 'period'),
    (c, p) => ({ ...aroon(c.high, c.low, num(p, 'period')) }),
    (p) => new AroonStream(num(p, 'period')),
  ),
  barDef(
    { name: 'AROONOSC', title: 'Aroon oscillator', group: 'trend', display: 'pane', range: [-100, 100], inputs: ['high', 'low'], params: [periodParam(14)], outputs: VALUE, formula: 'Aroon up - Aroon down' },
    (p) => num(p, 'period'),
    (c, p) => aroonosc(c.high, c.low, num(p, 'period')),
    (p) => new AroonStream(num(p, 'period')),
    { value: 'osc' },
  ),
  seriesDef(
    { name: 'TSI', title: 'True strength index', group: 'momentum', display: 'pane', range: [-100, 100], talib: false, params: [int('long', 25, 1, 1000, 'First smoothing'), int('short', 13, 1, 1000, 'Second smoothing')], formula: '100·EMA(EMA(Δc, long), short)/EMA(EMA(|Δc|, long), short)' },
    (p) => num(p, 'long') + num(p, 'short') - 1,
    (x, p) => tsi(x, num(p, 'long'), num(p, 'short')),
    (p) => new TsiStream(num(p, 'long'), num(p, 'short')),
  ),
  barDef(
    { name: 'AO', title: 'Awesome oscillator', group: 'momentum', display: 'pane', talib: false, inputs: ['high', 'low'], params: fastSlow(5, 34, 1), outputs: VALUE, formula: 'SMA(hl2, 5) - SMA(hl2, 34)' },
    (p) => Math.max(num(p, 'fast'), num(p, 'slow')) - 1,
    (c, p) => ao(c.high, c.low, num(p, 'fast'), num(p, 'slow')),
    (p) => new AoStream(num(p, 'fast'), num(p, 'slow')),
  ),

  // ---- volume ----
  barDef(
    { name: 'OBV', title: 'On-balance volume', group: 'volume', display: 'pane', inputs: ['close', 'volume'], params: [], outputs: VALUE, formula: 'running ±volume by the close change, from volume[0]' },
    () => 0,
    (c) => obv(c.close, c.volume),
    () => new ObvStream(),
  ),
  barDef(
    { name: 'AD', title: 'Chaikin accumulation/distribution line', group: 'volume', display: 'pane', inputs: [...HLCV], params: [], outputs: VALUE, formula: 'Σ ((c-l) - (h-c))/(h-l)·volume' },
    () => 0,
    (c) => ad(c.high, c.low, c.close, c.volume),
    () => new AdStream(),
  ),
  barDef(
    { name: 'ADOSC', title: 'Chaikin A/D oscillator', group: 'volume', display: 'pane', inputs: [...HLCV], params: fastSlow(3, 10), outputs: VALUE, formula: 'EMA(AD, fast) - EMA(AD, slow), EMAs seeded with AD[0]' },
    (p) => Math.max(num(p, 'fast'), num(p, 'slow')) - 1,
    (c, p) => adosc(c.high, c.low, c.close, c.volume, num(p, 'fast'), num(p, 'slow')),
    (p) => new AdoscStream(num(p, 'fast'), num(p, 'slow')),
  ),
  barDef(
    { name: 'CMF', title: 'Chaikin money flow', group: 'volume', display: 'pane', range: [-1, 1], talib: false, inputs: [...HLCV], params: [periodParam(20, 1)], outputs: VALUE, formula: 'Σ money-flow volume/Σ volume over p bars' },
    (p) => num(p, 'period') - 1,
    (c, p) => cmf(c.high, c.low, c.close, c.volume, num(p, 'period')),
    (p) => new CmfStream(num(p, 'period')),
  ),
  barDef(
    { name: 'FORCE', title: 'Force index', group: 'volume', display: 'pane', talib: false, inputs: ['close', 'volume'], params: [periodParam(13, 1)], outputs: VALUE, formula: 'EMA((c - c₋₁)·volume, p)' },
    (p) => num(p, 'period'),
    (c, p) => force(c.close, c.volume, num(p, 'period')),
    (p) => new ForceStream(num(p, 'period')),
  ),
  barDef(
    {
      name: 'EOM',
      title: 'Ease of movement',
      group: 'volume',
      display: 'pane',
      talib: false,
      inputs: ['high', 'low', 'volume'],
      params: [periodParam(14, 1), real('divisor', 10_000, 1e-6, 1e12, 'Volume scale of the box ratio', 1)],
      outputs: VALUE,
      formula: 'SMA(Δ midpoint·(h - l)·divisor/volume, p)',
    },
    (p) => num(p, 'period'),
    (c, p) => eom(c.high, c.low, c.volume, num(p, 'period'), num(p, 'divisor')),
    (p) => new EomStream(num(p, 'period'), num(p, 'divisor')),
  ),

  // ---- statistics ----
  seriesDef(
    { name: 'LINEARREG', title: 'Linear regression', group: 'statistic', display: 'overlay', params: [periodParam(14)], formula: 'least-squares line over p bars, its value at the current bar' },
    (p) => num(p, 'period') - 1,
    (x, p) => linearreg(x, num(p, 'period')),
    (p) => new LinRegStream(num(p, 'period')),
  ),
  linregField('LINEARREG_SLOPE', 'Linear regression slope', 'slope', linearregSlope, 'slope of the least-squares line per bar'),
  linregField('LINEARREG_INTERCEPT', 'Linear regression intercept', 'intercept', linearregIntercept, 'the line at the oldest bar of the window'),
  linregField('LINEARREG_ANGLE', 'Linear regression angle', 'angle', linearregAngle, 'atan(slope) in degrees'),
  barDef(
    { name: 'CORREL', title: 'Pearson correlation', group: 'statistic', display: 'pane', range: [-1, 1], inputs: ['close', 'benchmark'], params: [periodParam(30)], outputs: VALUE, formula: 'cov(x, y)/(σx·σy) over p bars' },
    (p) => num(p, 'period') - 1,
    (c, p) => correl(c.close, c.benchmark, num(p, 'period')),
    (p) => new CorrelStream(num(p, 'period')),
  ),
  barDef(
    { name: 'BETA', title: 'Beta', group: 'statistic', display: 'pane', inputs: ['close', 'benchmark'], params: [periodParam(5, 1)], outputs: VALUE, formula: 'slope of the close\'s 1-bar returns on the benchmark\'s over p returns' },
    (p) => num(p, 'period'),
    (c, p) => beta(c.close, c.benchmark, num(p, 'period')),
    (p) => new BetaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'ZSCORE', title: 'z-score', group: 'statistic', display: 'pane', talib: false, params: [periodParam(20)], formula: '(x - mean)/σ over p values (population σ)' },
    (p) => num(p, 'period') - 1,
    (x, p) => zscore(x, num(p, 'period')),
    (p) => new ZscoreStream(num(p, 'period')),
  ),

  // ---- price transforms and chart studies ----
  barDef(
    {
      name: 'HEIKIN_ASHI',
      title: 'Heikin-Ashi candles',
      group: 'price',
      display: 'overlay',
      talib: false,
      inputs: [...OHLC],
      params: [],
      outputs: [out('open', 'HA open'), out('high', 'HA high'), out('low', 'HA low'), out('close', 'HA close')],
      formula: 'close = (o+h+l+c)/4, open = (HA open₋₁ + HA close₋₁)/2',
    },
    () => 0,
    (c) => ({ ...heikinAshi(c.open, c.high, c.low, c.close) }),
    () => new HeikinAshiStream(),
  ),
  barDef(
    {
      name: 'PIVOTS',
      title: 'Pivot points (classic)',
      group: 'price',
      display: 'overlay',
      talib: false,
      inputs: ['ts', 'high', 'low', 'close'],
      params: [{ name: 'anchor', type: 'enum', default: 'day', options: PIVOT_ANCHORS, description: 'Levels from the previous UTC day, week or month' }],
      outputs: ['pp', 'r1', 's1', 'r2', 's2', 'r3', 's3'].map((o) => out(o, o === 'pp' ? 'Pivot (H+L+C)/3 of the previous period' : `Level ${o.toUpperCase()}`)),
      formula: 'P = (H+L+C)/3 of the previous period; R1 = 2P-L, S1 = 2P-H, R2 = P+(H-L), S2 = P-(H-L), R3 = H+2(P-L), S3 = L-2(H-P)',
    },
    () => 0,
    (c, p) => ({ ...pivots(c.ts, c.high, c.low, c.close, p.anchor as PivotAnchor) }),
    (p) => new PivotsStream(p.anchor as PivotAnchor),
  ),
  barDef(
    {
      name: 'ZIGZAG',
      title: 'ZigZag',
      group: 'price',
      display: 'overlay',
      talib: false,
      inputs: ['high', 'low'],
      params: [real('deviation', 5, 0.01, 99, 'Reversal threshold in percent', 0.5)],
      outputs: [
        out('pivot', 'Price of the last confirmed swing (safe for strategies)'),
        out('pivotBar', 'Bar index of the last confirmed swing'),
        out('direction', '+1 after a confirmed low, -1 after a confirmed high, 0 before the first'),
        out('extreme', 'Extreme of the current leg: a provisional swing that moves until confirmed', { repaints: true }),
        out('extremeBar', 'Bar index of the provisional extreme', { repaints: true }),
      ],
      formula: 'a swing is confirmed when price reverses by deviation% from the leg extreme',
    },
    () => 0,
    (c, p) => ({ ...zigzag(c.high, c.low, num(p, 'deviation')) }),
    (p) => new ZigzagStream(num(p, 'deviation')),
  ),
];


function linregField(name: string, title: string, field: 'slope' | 'intercept' | 'angle', batch: (x: Float64Array, p: number) => Float64Array, formula: string): IndicatorDef {
  return define({
    name,
    title,
    group: 'statistic',
    display: 'pane',
    talib: true,
    inputs: [...SERIES],
    params: [sourceParam, periodParam(14)],
    outputs: VALUE,
    formula,
    warmup: (p) => num(p, 'period') - 1,
    compute: (i, p) => ({ value: batch(seriesOf(INDICATORS[name], i, src(p)), num(p, 'period')) }),
    stream: (p) => {
      const s = new LinRegStream(num(p, 'period'));
      const source = src(p);
      return seriesStream(name, { next: (x: number) => (s.next(x), s[field]) }, source);
    },
  });
}

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
