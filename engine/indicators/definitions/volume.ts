import { mfi, MfiStream } from '../oscillators';
import { periodParam, real, VALUE } from '../registry-helpers';
import { ad, adosc, AdoscStream, AdStream, cmf, CmfStream, eom, EomStream, force, ForceStream, obv, ObvStream } from '../volume';
import { barDef, fastSlow, HLCV, num } from './builders';
import type { IndicatorDef } from '../types';

/** Volume-based indicators. */
export const VOLUME: IndicatorDef[] = [
  barDef(
    { name: 'MFI', title: 'Money flow index', group: 'volume', display: 'pane', range: [0, 100], inputs: [...HLCV], params: [periodParam(14)], outputs: VALUE, formula: '100·Σ positive flow/Σ flow, flow = tp·volume' },
    (p) => num(p, 'period'),
    (c, p) => mfi(c.high, c.low, c.close, c.volume, num(p, 'period')),
    (p) => new MfiStream(num(p, 'period')),
  ),
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
];
