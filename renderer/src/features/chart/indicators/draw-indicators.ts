import { HistogramSeries, LineSeries, LineStyle, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { IndicatorComputeResult } from '../../../../../shared/contract/indicators';
import type { Theme } from '../../../stores/settings';
import { CHART_COLORS } from '../chart-theme';
import type { ChartIndicator } from './chart-indicators-store';
import { CloudSeries, cloudPoints } from './cloud-series';
import { guideLevels } from './guide-levels';
import { drawnSeries } from './indicator-series';

/** Line colours per theme, in the order an indicator's outputs take them (readable on the theme's background). */
export const INDICATOR_PALETTE: Record<Theme, readonly string[]> = {
  dark: ['#f0b429', '#4f8cff', '#c678dd', '#56b6c2', '#ff79c6', '#98c379', '#e06c75'],
  light: ['#b7791f', '#2563eb', '#9333ea', '#0e7490', '#db2777', '#15803d', '#be123c'],
};

/** The main pane (candles) and the volume pane come first; indicator panes follow. */
const FIRST_INDICATOR_PANE = 2;

/** What one indicator put on the chart. */
export type Drawn = ISeriesApi<'Line' | 'Histogram' | 'Custom'>[];

/** Cloud fills per theme (translucent, so candles and lines read through them). */
const CLOUD_COLORS: Record<Theme, { up: string; down: string }> = {
  dark: { up: 'rgba(38, 166, 154, 0.16)', down: 'rgba(239, 83, 80, 0.16)' },
  light: { up: 'rgba(8, 153, 129, 0.14)', down: 'rgba(217, 54, 62, 0.14)' },
};

/** Removes an indicator's series, then any indicator pane left empty (from the bottom, so indices stay valid). */
export function eraseIndicators(chart: IChartApi, drawn: Drawn[]): void {
  for (const list of drawn) for (const s of list) chart.removeSeries(s);
  const panes = chart.panes();
  for (let i = panes.length - 1; i >= FIRST_INDICATOR_PANE; i--) {
    if (panes[i].getSeries().length === 0) chart.removePane(i);
  }
}

/**
 * Draws one computed indicator: overlays on the candles' pane (on the price scale when the
 * indicator is price-like, else on a scale of its own), others in a new pane below.
 */
export function drawIndicator(chart: IChartApi, ind: ChartIndicator, r: IndicatorComputeResult, fromTs: number, theme: Theme, colorOffset: number, label: string): Drawn {
  const palette = INDICATOR_PALETTE[theme];
  const colors = CHART_COLORS[theme];
  const pane = ind.placement === 'overlay' ? 0 : chart.panes().length;
  // An oscillator put on the price pane keeps its own (hidden) scale instead of squashing the candles.
  const ownScale = ind.placement === 'overlay' && r.display === 'pane' ? `ind-${ind.id}` : undefined;
  const range = r.range;
  const out: Drawn = [];
  const lines = drawnSeries(r, fromTs);
  const spanA = lines.find((d) => d.key === 'spanA');
  const spanB = lines.find((d) => d.key === 'spanB');
  if (r.name === 'ICHIMOKU' && spanA && spanB) {
    // the cloud goes first, so the lines are drawn over it
    const cloud = chart.addCustomSeries(new CloudSeries(), { upColor: CLOUD_COLORS[theme].up, downColor: CLOUD_COLORS[theme].down, priceLineVisible: false, lastValueVisible: false, ...(ownScale ? { priceScaleId: ownScale } : {}) }, pane);
    cloud.setData(cloudPoints(spanA.points, spanB.points).map((p) => ({ time: p.time as UTCTimestamp, a: p.a, b: p.b })));
    out.push(cloud);
  }
  lines.forEach((d, k) => {
    const common = {
      priceLineVisible: false,
      lastValueVisible: ind.placement === 'pane',
      // The pane's value label says whose line it is (the pane has no legend of its own).
      title: ind.placement === 'pane' && k === 0 ? label : '',
      ...(ownScale ? { priceScaleId: ownScale } : {}),
      ...(range && ind.placement === 'pane' ? { autoscaleInfoProvider: () => ({ priceRange: { minValue: range[0], maxValue: range[1] } }) } : {}),
    };
    if (d.kind === 'histogram') {
      const s = chart.addSeries(HistogramSeries, { ...common, base: 0 }, pane);
      s.setData(d.points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value, color: p.value >= 0 ? colors.upVolume : colors.downVolume })));
      out.push(s);
    } else {
      const s = chart.addSeries(
        LineSeries,
        { ...common, color: palette[(colorOffset + k) % palette.length], lineWidth: 1, lineStyle: d.dashed ? LineStyle.Dashed : LineStyle.Solid, crosshairMarkerVisible: !d.dashed },
        pane,
      );
      s.setData(d.points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value })));
      out.push(s);
    }
  });
  if (ownScale) chart.priceScale(ownScale, 0).applyOptions({ visible: false, scaleMargins: { top: 0.7, bottom: 0 } });
  if (pane >= FIRST_INDICATOR_PANE) {
    chart.panes()[pane]?.setStretchFactor(1.4);
    // Price lines belong to the series, so they go when the indicator is removed.
    for (const price of guideLevels(ind.name)) out[0]?.createPriceLine({ price, color: colors.crosshair, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: '' });
    // A fixed range (RSI 0..100) fills the pane instead of gaining the default 20% headroom.
    if (range) out[0]?.priceScale().applyOptions({ scaleMargins: { top: 0.06, bottom: 0.06 } });
  }
  return out;
}
