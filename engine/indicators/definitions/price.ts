import { heikinAshi, HeikinAshiStream, PIVOT_ANCHORS, type PivotAnchor, pivots, PivotsStream, zigzag, ZigzagStream } from '../chart-studies';
import { out, real } from '../registry-helpers';
import { barDef, num, OHLC } from './builders';
import type { IndicatorDef } from '../types';

/** Price transforms and chart studies. */
export const PRICE: IndicatorDef[] = [
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
