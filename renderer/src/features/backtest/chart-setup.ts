import { createChart, CrosshairMode, type IChartApi, type UTCTimestamp } from 'lightweight-charts';
import type { Theme } from '../../stores/settings';
import { CHART_COLORS, CHART_FONT } from '../chart/chart-theme';

export const toTime = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

export const SERIES_COLORS = ['#4f8cff', '#f59e0b', '#a855f7', '#10b981', '#ef4444', '#06b6d4', '#eab308', '#ec4899'];

/**
 * A chart in the app's theme colours (canvas cannot read CSS variables). `wholeRange` lets
 * `fitContent` squeeze thousands of points into the width: the default minimum of half a pixel per
 * point would show only the last months of a two-year hourly equity curve.
 */
export function themedChart(el: HTMLElement, theme: Theme, locale: string, { wholeRange = false } = {}): IChartApi {
  const colors = CHART_COLORS[theme];
  return createChart(el, {
    autoSize: true,
    layout: { background: { color: colors.background }, textColor: colors.text, fontFamily: CHART_FONT, fontSize: 11, panes: { separatorColor: colors.border, separatorHoverColor: colors.grid } },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.border },
    timeScale: { borderColor: colors.border, timeVisible: true, ...(wholeRange ? { minBarSpacing: 0.001 } : {}) },
    crosshair: { mode: CrosshairMode.Normal },
    localization: { locale },
  });
}

/** Points for a line series: strictly increasing times (a decimated curve never repeats one, but be safe), finite values. */
export function linePoints(ts: readonly number[], values: readonly (number | null)[]): { time: UTCTimestamp; value: number }[] {
  const out: { time: UTCTimestamp; value: number }[] = [];
  let last = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    const v = values[i];
    const t = toTime(ts[i]);
    if (v === null || v === undefined || !Number.isFinite(v) || t <= last) continue;
    out.push({ time: t, value: v });
    last = t;
  }
  return out;
}
