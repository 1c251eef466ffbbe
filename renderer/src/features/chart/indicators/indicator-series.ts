import type { IndicatorComputeResult, IndicatorMetaDto } from '../../../../../shared/contract/indicators';

/** A point of a line or histogram series (time in seconds, as the chart's candles). */
export interface Point {
  time: number;
  value: number;
}

/** One series to draw for an indicator: which output, how, and its points. */
export interface DrawnSeries {
  key: string;
  kind: 'line' | 'histogram';
  dashed: boolean;
  points: Point[];
}

/** Outputs that are bar indices or states, not prices or levels: never drawn as lines. */
const NOT_DRAWN: Record<string, readonly string[]> = { ZIGZAG: ['pivot', 'pivotBar', 'direction', 'extreme', 'extremeBar'] };
/** Outputs drawn as a histogram around zero. */
const HISTOGRAMS = new Set(['hist', 'histogram']);

/** The bar spacing in ms: the median of the last gaps (calendar timeframes vary; a mean would be pulled by gaps). */
export function barSpacing(ts: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = Math.max(1, ts.length - 50); i < ts.length; i++) gaps.push(ts[i] - ts[i - 1]);
  if (gaps.length === 0) return 60_000;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}

/**
 * The points of one output drawn `shift` bars later (positive) or earlier (negative): the value
 * computed at bar i is placed at bar i+shift, past the last bar on the bar spacing. Only bars at
 * or after `fromTs` are kept (the extra warm-up bars before the chart's first candle).
 */
export function shiftedPoints(ts: readonly number[], values: readonly (number | null)[], shift: number, fromTs: number): Point[] {
  const n = ts.length;
  const step = barSpacing(ts);
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const j = i + shift;
    if (j < 0) continue;
    const t = j < n ? ts[j] : ts[n - 1] + (j - n + 1) * step;
    if (t < fromTs) continue;
    out.push({ time: t / 1000, value: v });
  }
  return out;
}

/**
 * ZigZag as drawn: a line through the confirmed swings (solid) and the provisional leg from the
 * last swing to the current extreme (dashed: it moves until price reverses by the threshold).
 */
export function zigzagSeries(r: IndicatorComputeResult, fromTs: number): DrawnSeries[] {
  const get = (name: string) => r.outputs.find((o) => o.name === name)?.values ?? [];
  const pivot = get('pivot');
  const pivotBar = get('pivotBar');
  const extreme = get('extreme');
  const extremeBar = get('extremeBar');
  const confirmed: Point[] = [];
  let lastBar = -1;
  for (let i = 0; i < r.ts.length; i++) {
    const b = pivotBar[i];
    const p = pivot[i];
    if (b === null || p === null || b === lastBar) continue;
    lastBar = b;
    if (r.ts[b] >= fromTs) confirmed.push({ time: r.ts[b] / 1000, value: p });
  }
  const last = r.ts.length - 1;
  const leg: Point[] = [];
  const eb = extremeBar[last];
  const ev = extreme[last];
  if (last >= 0 && eb !== null && eb !== undefined && ev !== null && ev !== undefined && confirmed.length > 0 && r.ts[eb] / 1000 > confirmed[confirmed.length - 1].time) {
    leg.push(confirmed[confirmed.length - 1], { time: r.ts[eb] / 1000, value: ev });
  }
  return [
    { key: 'swings', kind: 'line', dashed: false, points: confirmed },
    { key: 'provisional', kind: 'line', dashed: true, points: leg },
  ];
}

/** Every series to draw for a computed indicator. */
export function drawnSeries(r: IndicatorComputeResult, fromTs: number): DrawnSeries[] {
  if (r.name === 'ZIGZAG') return zigzagSeries(r, fromTs);
  const skip = NOT_DRAWN[r.name] ?? [];
  return r.outputs
    .filter((o) => !skip.includes(o.name))
    .map((o) => ({
      key: o.name,
      kind: HISTOGRAMS.has(o.name) ? ('histogram' as const) : ('line' as const),
      dashed: o.repaints,
      points: shiftedPoints(r.ts, o.values, o.plotShift, fromTs),
    }));
}

/** The defaults of every parameter. */
export function defaultParams(meta: IndicatorMetaDto): Record<string, number | string> {
  return Object.fromEntries(meta.params.map((p) => [p.name, p.default]));
}

/** A short label: `RSI(14)`, `BBANDS(20, 2, 2)`; the source is shown only when it is not the close. */
export function indicatorLabel(name: string, params: Record<string, number | string>): string {
  const shown = Object.entries(params)
    .filter(([k, v]) => !(k === 'source' && v === 'close'))
    .map(([, v]) => String(v));
  return shown.length ? `${name}(${shown.join(', ')})` : name;
}
