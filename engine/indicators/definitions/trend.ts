import { adx, adxr, dx, minusDi, plusDi } from '../directional';
import { aroon, aroonosc, AroonStream } from '../oscillators';
import { int, out, periodParam, real, VALUE } from '../registry-helpers';
import { ichimoku, IchimokuStream, sar, SarStream, supertrend, SupertrendStream } from '../trend';
import { barDef, directionalDef, HLC, num } from './builders';
import type { IndicatorDef } from '../types';

/** Trend and directional-movement indicators. */
export const TREND: IndicatorDef[] = [
  directionalDef('ADX', 'Average directional index', 'adx', adx, (p) => 2 * p - 1, 'Wilder average of DX'),
  directionalDef('ADXR', 'Average directional index rating', 'adxr', adxr, (p) => 3 * p - 2, '(ADX + ADX[t-(p-1)])/2'),
  directionalDef('DX', 'Directional movement index', 'dx', dx, (p) => p, '100·|+DI - -DI|/(+DI + -DI)'),
  directionalDef('PLUS_DI', 'Plus directional indicator', 'plusDI', plusDi, (p) => p, '100·(Wilder +DM)/(Wilder TR)', 1),
  directionalDef('MINUS_DI', 'Minus directional indicator', 'minusDI', minusDi, (p) => p, '100·(Wilder -DM)/(Wilder TR)', 1),
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
];
