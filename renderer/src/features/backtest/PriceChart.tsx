import { CandlestickSeries, createSeriesMarkers, HistogramSeries, LineSeries, type IChartApi, type UTCTimestamp } from 'lightweight-charts';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bars } from '../../../../shared/contract/data';
import type { InstrumentId } from '../../../../shared/ids';
import type { Timeframe } from '../../../../shared/timeframe';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText, type UiError } from '../../app/errors';
import type { Theme } from '../../stores/settings';
import { CHART_COLORS } from '../chart/chart-theme';
import { linePoints, SERIES_COLORS, themedChart, toTime } from './chart-setup';
import type { RunWithResult } from './result-store';
import { plotTimes, tradeMarkers } from './trade-markers';

export interface PriceChartHandle {
  /** Scrolls and zooms so the span [from, to] (UTC ms) fills the middle of the chart. */
  focus(from: number, to: number): void;
}

/** The run's bars with its trades' entry and exit markers and the lines the strategy declared with `plot`. */
export const PriceChart = forwardRef<PriceChartHandle, { outcome: RunWithResult; theme: Theme }>(function PriceChart({ outcome, theme }, handle) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const [bars, setBars] = useState<Bars | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [markerCount, setMarkerCount] = useState(0);
  // The visible time span (UTC s) on the element: where a click on a trade brought the chart is observable.
  const [span, setSpan] = useState<{ from: number; to: number } | null>(null);
  const data = outcome.run.data;
  const tfMs = outcome.result.curve.ts.length > 1 ? outcome.result.curve.ts[1] - outcome.result.curve.ts[0] : 60_000;

  useImperativeHandle(handle, () => ({
    focus(from, to) {
      const chart = chartRef.current;
      if (!chart) return;
      const pad = Math.max(to - from, tfMs * 20);
      chart.timeScale().setVisibleRange({ from: toTime(from - pad) as UTCTimestamp, to: toTime(to + pad) as UTCTimestamp });
    },
  }));

  useEffect(() => {
    if (data.kind !== 'store') return;
    let live = true;
    client()
      .api.data.bars({ instrumentId: data.instrumentId as InstrumentId, timeframe: data.timeframe as Timeframe, ...(data.from !== undefined ? { from: data.from } : {}), ...(data.to !== undefined ? { to: data.to } : {}) })
      .then((b) => live && setBars(b))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [data]);

  useEffect(() => {
    if (!bars) return;
    const colors = CHART_COLORS[theme];
    const chart = themedChart(ref.current!, theme, i18n.language);
    chartRef.current = chart;
    const candles = chart.addSeries(CandlestickSeries, { upColor: colors.up, downColor: colors.down, borderUpColor: colors.up, borderDownColor: colors.down, wickUpColor: colors.up, wickDownColor: colors.down });
    candles.setData(Array.from(bars.ts, (ts, i) => ({ time: toTime(ts), open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i] })));
    const markers = tradeMarkers(outcome.result.trades, outcome.result.markers as never[], colors);
    createSeriesMarkers(candles, markers);
    setMarkerCount(markers.length);
    // Plots: `price` overlays the candles, any other pane name gets a pane of its own.
    const panes = new Map<string, number>([['price', 0]]);
    outcome.result.plots.forEach((p, k) => {
      const pane = panes.get(p.pane) ?? panes.size;
      panes.set(p.pane, pane);
      const color = (typeof p.color === 'string' && p.color) || SERIES_COLORS[(k + 1) % SERIES_COLORS.length];
      const values = Array.isArray(p.values) ? (p.values as (number | null)[]) : null;
      if (p.kind === 'line' && values) {
        const ts = plotTimes(bars.ts, Number(p.offset ?? 0), Number(p.stride ?? 1), values.length);
        const opts = { color, lineWidth: 1 as const, title: p.name, priceLineVisible: false, lastValueVisible: false };
        const s = p.style === 'histogram' ? chart.addSeries(HistogramSeries, { color, title: p.name }, pane) : chart.addSeries(LineSeries, { ...opts, ...(p.style === 'dots' ? { lineVisible: false, pointMarkersVisible: true } : {}) }, pane);
        s.setData(linePoints(ts, values.slice(0, ts.length)));
      } else if (p.kind === 'level' && typeof p.value === 'number') {
        const s = chart.addSeries(LineSeries, { color, lineWidth: 1, lineStyle: 2, title: p.name, priceLineVisible: false, lastValueVisible: false }, pane);
        s.setData(bars.ts.length ? [{ time: toTime(bars.ts[0]), value: p.value }, { time: toTime(bars.ts[bars.ts.length - 1]), value: p.value }] : []);
      }
    });
    chart.timeScale().fitContent();
    const onRange = (r: { from: unknown; to: unknown } | null) => setSpan(r && typeof r.from === 'number' && typeof r.to === 'number' ? { from: r.from, to: r.to } : null);
    chart.timeScale().subscribeVisibleTimeRangeChange(onRange);
    return () => {
      chart.timeScale().unsubscribeVisibleTimeRangeChange(onRange);
      chartRef.current = null;
      chart.remove();
    };
  }, [bars, outcome, theme, i18n.language]);

  if (error) return <ErrorMessage error={error} />;
  return (
    <div className="wb-chart" ref={ref} data-testid="price-chart" data-bars={bars?.ts.length ?? 0} data-markers={markerCount} data-from={span?.from} data-to={span?.to} aria-label={t('workbench.result.price')}>
      {!bars && <div className="chart__status">{t('common.loading')}</div>}
    </div>
  );
});
