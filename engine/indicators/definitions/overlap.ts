import { bbands, BbandsStream, bbandsWarmup } from '../bbands';
import { donchian, DonchianStream } from '../donchian';
import { ema, EmaStream } from '../ema';
import { dema, DemaStream, hma, HmaStream, kama, KamaStream, t3, T3Stream, tema, TemaStream, trima, TrimaStream } from '../moving-averages';
import { column as col, define, fieldStream, int, out, periodParam, real, seriesFieldStream, seriesOf, sourceParam, VALUE } from '../registry-helpers';
import { sma, SmaStream } from '../sma';
import { keltner, KeltnerStream } from '../trend';
import { vwap, VWAP_ANCHORS, type VwapAnchor, VwapStream, vwma, VwmaStream } from '../volume';
import { wma, WmaStream } from '../wma';
import { barDef, HLC, maTypeParam, num, SERIES, seriesDef, src } from './builders';
import type { IndicatorDef } from '../types';

/** Moving averages, bands and channels drawn on the price pane. */
export const OVERLAP: IndicatorDef[] = [
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
    compute: (i, p) => ({ ...bbands(seriesOf({ name: 'BBANDS' }, i, src(p)), num(p, 'period'), num(p, 'nbdevUp'), num(p, 'nbdevDn'), num(p, 'maType')) }),
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
    compute: (i, p) => ({ ...donchian(col({ name: 'DONCHIAN' }, i, 'high'), col({ name: 'DONCHIAN' }, i, 'low'), num(p, 'period')) }),
    stream: (p) => fieldStream('DONCHIAN', new DonchianStream(num(p, 'period')), ['upper', 'middle', 'lower']),
  }),
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
];
