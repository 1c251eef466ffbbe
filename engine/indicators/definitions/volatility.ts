import { atr, AtrStream, natr, NatrStream, trange, TrangeStream } from '../atr';
import { column as col, define, fieldStream, periodParam, VALUE } from '../registry-helpers';
import { HLC, num } from './builders';
import type { IndicatorDef } from '../types';

/** Range and volatility measures. */
export const VOLATILITY: IndicatorDef[] = [
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
    compute: (i, p) => ({ value: atr(col({ name: 'ATR' }, i, 'high'), col({ name: 'ATR' }, i, 'low'), col({ name: 'ATR' }, i, 'close'), num(p, 'period')) }),
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
    compute: (i, p) => ({ value: natr(col({ name: 'NATR' }, i, 'high'), col({ name: 'NATR' }, i, 'low'), col({ name: 'NATR' }, i, 'close'), num(p, 'period')) }),
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
    compute: (i) => ({ value: trange(col({ name: 'TRANGE' }, i, 'high'), col({ name: 'TRANGE' }, i, 'low'), col({ name: 'TRANGE' }, i, 'close')) }),
    stream: () => fieldStream('TRANGE', new TrangeStream(), ['value']),
  }),
];
