import { CandlestickSeries, createChart, CrosshairMode, HistogramSeries, type IChartApi, type ISeriesApi, type LogicalRange, type MouseEventParams } from 'lightweight-charts';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesInfo } from '../../../../shared/contract/data';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText, type UiError } from '../../app/errors';
import { formatNumber, isIntraday, priceDecimals } from '../../app/format';
import type { Theme } from '../../stores/settings';
import { BarHistory, needsOlder } from './bar-history';
import { indexOfTs, legendBar, toCandles, toVolumes } from './chart-data';
import { CHART_COLORS, CHART_FONT, type ChartColors } from './chart-theme';
import { chartKeyAction } from './chart-keys';
import { ChartIndicators } from './indicators/ChartIndicators';
import { Legend } from './Legend';
import { useLiveBar } from './use-live-bar';

interface ChartParts {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
}

function chartOptions(colors: ChartColors) {
  return {
    layout: {
      background: { color: colors.background },
      textColor: colors.text,
      fontFamily: CHART_FONT,
      fontSize: 11,
      panes: { separatorColor: colors.border, separatorHoverColor: colors.grid },
    },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.border },
    timeScale: { borderColor: colors.border },
    crosshair: { mode: CrosshairMode.Normal, vertLine: { color: colors.crosshair, labelBackgroundColor: colors.border }, horzLine: { color: colors.crosshair, labelBackgroundColor: colors.border } },
  };
}

function candleColors(colors: ChartColors) {
  return { upColor: colors.up, downColor: colors.down, borderUpColor: colors.up, borderDownColor: colors.down, wickUpColor: colors.up, wickDownColor: colors.down };
}

/**
 * Candles with a volume pane for one stored series: the newest bars first, older ones fetched as
 * the user scrolls back, a crosshair legend, and the theme's colours.
 */
export function CandleChart({ series, theme, revision = 0 }: { series: SeriesInfo; theme: Theme; revision?: number }) {
  const { t, i18n } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const partsRef = useRef<ChartParts | null>(null);
  const historyRef = useRef<BarHistory | null>(null);
  const [loaded, setLoaded] = useState(0);
  const [loading, setLoading] = useState<'latest' | 'older' | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  // The volume colours are per bar: a redraw after older pages must use the current theme.
  const themeRef = useRef(theme);
  themeRef.current = theme;
  useLiveBar(series, partsRef, themeRef);

  // The chart object lives as long as the component; data and colours change in place.
  useEffect(() => {
    const colors = CHART_COLORS[theme];
    const chart = createChart(containerRef.current!, { autoSize: true, ...chartOptions(colors), localization: { locale: i18n.language } });
    const candles = chart.addSeries(CandlestickSeries, candleColors(colors));
    const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false }, 1);
    chart.panes()[0]?.setStretchFactor(4);
    chart.panes()[1]?.setStretchFactor(1);
    partsRef.current = { chart, candles, volume };
    const onCrosshair = (p: MouseEventParams) => {
      const bars = historyRef.current?.bars;
      if (!bars || p.time === undefined) return setHoverIndex(null);
      const i = indexOfTs(bars.ts, (p.time as number) * 1000);
      setHoverIndex(i >= 0 ? i : null);
    };
    chart.subscribeCrosshairMove(onCrosshair);
    return () => {
      chart.unsubscribeCrosshairMove(onCrosshair);
      chart.remove();
      partsRef.current = null;
    };
    // Created once: theme and locale changes are applied by the effects below.
  }, []);

  useEffect(() => {
    const parts = partsRef.current;
    if (!parts) return;
    const colors = CHART_COLORS[theme];
    parts.chart.applyOptions(chartOptions(colors));
    parts.candles.applyOptions(candleColors(colors));
    const bars = historyRef.current?.bars;
    if (bars) parts.volume.setData(toVolumes(bars, colors));
  }, [theme]);

  useEffect(() => {
    partsRef.current?.chart.applyOptions({ localization: { locale: i18n.language } });
  }, [i18n.language]);

  useEffect(() => {
    const parts = partsRef.current;
    if (!parts) return;
    let alive = true;
    const history = new BarHistory({ instrumentId: series.instrumentId, timeframe: series.timeframe }, (req) => client().api.data.bars(req));
    historyRef.current = history;
    setLoaded(0);
    setHoverIndex(null);
    setError(null);
    parts.candles.setData([]);
    parts.volume.setData([]);
    parts.chart.applyOptions({ timeScale: { timeVisible: isIntraday(series.timeframe), secondsVisible: false } });

    const draw = () => {
      const bars = history.bars;
      if (!alive || !bars) return;
      parts.candles.setData(toCandles(bars));
      parts.volume.setData(toVolumes(bars, CHART_COLORS[themeRef.current]));
      // Prepending older bars shifts every index: the hovered one is found again on the next move.
      setHoverIndex(null);
      setLoaded(bars.ts.length);
    };

    const onRange = (range: LogicalRange | null) => {
      if (!needsOlder(range ? range.from : null, history)) return;
      setLoading('older');
      history
        .loadOlder()
        .then((added) => {
          if (added > 0) draw();
        })
        .catch((e) => alive && setError(errorText(e)))
        .finally(() => alive && setLoading(null));
    };

    setLoading('latest');
    history
      .loadLatest()
      .then((bars) => {
        if (!alive) return;
        const last = bars.close[bars.close.length - 1];
        if (last !== undefined) {
          const dp = priceDecimals(last);
          parts.candles.applyOptions({ priceFormat: { type: 'price', precision: dp, minMove: 10 ** -dp } });
        }
        draw();
        parts.chart.timeScale().subscribeVisibleLogicalRangeChange(onRange);
      })
      .catch((e) => alive && setError(errorText(e)))
      .finally(() => alive && setLoading(null));

    return () => {
      alive = false;
      parts.chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
    };
  }, [series.instrumentId, series.timeframe, reloadKey, revision]);

  const onKeyDown = (e: KeyboardEvent) => {
    const parts = partsRef.current;
    const action = chartKeyAction(e);
    if (!parts || !action) return;
    e.preventDefault();
    const scale = parts.chart.timeScale();
    if (action.kind === 'scroll') scale.scrollToPosition(scale.scrollPosition() + action.bars, false);
    else if (action.kind === 'end') scale.scrollToRealTime();
    else if (action.kind === 'zoom') scale.applyOptions({ barSpacing: Math.min(50, Math.max(0.5, scale.options().barSpacing * action.factor)) });
    else {
      const range = scale.getVisibleLogicalRange();
      const width = range ? range.to - range.from : 100;
      scale.setVisibleLogicalRange({ from: 0, to: width });
    }
  };

  const bars = historyRef.current?.bars ?? null;
  const shown = bars ? legendBar(bars, hoverIndex ?? bars.ts.length - 1) : null;

  return (
    <div className="chart" data-testid="chart" data-bars={loaded}>
      <div className="chart__canvas" ref={containerRef} tabIndex={0} onKeyDown={onKeyDown} aria-label={t('chart.keyboardHint')} data-testid="chart-canvas" />
      <Legend title={`${series.symbol} · ${series.venue}`} timeframe={series.timeframe} bar={loaded > 0 ? shown : null} synthetic={series.synthetic} />
      <ChartIndicators chartRef={partsRef} series={series} theme={theme} bars={loaded > 0 ? bars : null} loaded={loaded} />
      <div className="chart__status mono" aria-live="polite">
        {loading === 'latest' && t('chart.loading')}
        {loading === 'older' && t('chart.loadingOlder')}
        {loading === null && loaded > 0 && t('chart.loaded', { count: loaded, bars: formatNumber(loaded, 0, i18n.language) })}
      </div>
      {error && (
        <div className="chart__error">
          <ErrorMessage error={error} onRetry={() => setReloadKey((k) => k + 1)} />
        </div>
      )}
    </div>
  );
}
