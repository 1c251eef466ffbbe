import type { CandlestickData, HistogramData, UTCTimestamp } from 'lightweight-charts';
import type { Bars } from '../../../../shared/contract/data';
import type { ChartColors } from './chart-theme';

/** Our bars (ms, columns) as lightweight-charts rows (seconds, objects). */
export function toCandles(bars: Bars): CandlestickData<UTCTimestamp>[] {
  const out = new Array<CandlestickData<UTCTimestamp>>(bars.ts.length);
  for (let i = 0; i < bars.ts.length; i++) {
    out[i] = { time: (bars.ts[i] / 1000) as UTCTimestamp, open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i] };
  }
  return out;
}

/** Volume bars coloured by the candle's direction. */
export function toVolumes(bars: Bars, colors: Pick<ChartColors, 'upVolume' | 'downVolume'>): HistogramData<UTCTimestamp>[] {
  const out = new Array<HistogramData<UTCTimestamp>>(bars.ts.length);
  for (let i = 0; i < bars.ts.length; i++) {
    out[i] = { time: (bars.ts[i] / 1000) as UTCTimestamp, value: bars.volume[i], color: bars.close[i] >= bars.open[i] ? colors.upVolume : colors.downVolume };
  }
  return out;
}

export interface LegendBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Change from the previous bar's close, in percent; null for the first bar. */
  changePct: number | null;
}

/** The legend's numbers for the bar at `index` (the crosshair's, or the last one). */
export function legendBar(bars: Bars, index: number): LegendBar | null {
  if (index < 0 || index >= bars.ts.length) return null;
  const prev = index > 0 ? bars.close[index - 1] : null;
  return {
    ts: bars.ts[index],
    open: bars.open[index],
    high: bars.high[index],
    low: bars.low[index],
    close: bars.close[index],
    volume: bars.volume[index],
    changePct: prev ? ((bars.close[index] - prev) / prev) * 100 : null,
  };
}

/** The index of the bar opening at `ts`, by binary search (bars are sorted); -1 when absent. */
export function indexOfTs(ts: number[], wanted: number): number {
  let lo = 0;
  let hi = ts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] === wanted) return mid;
    if (ts[mid] < wanted) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
