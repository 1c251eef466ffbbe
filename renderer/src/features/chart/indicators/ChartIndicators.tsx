import type { IChartApi } from 'lightweight-charts';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bars } from '../../../../../shared/contract/data';
import type { IndicatorComputeResult, IndicatorMetaDto } from '../../../../../shared/contract/indicators';
import type { InstrumentId } from '../../../../../shared/ids';
import { timeframeMs, type Timeframe } from '../../../../../shared/timeframe';
import { client } from '../../../api/client';
import { errorText } from '../../../app/errors';
import type { Theme } from '../../../stores/settings';
import { useChartIndicators, type ChartIndicator } from './chart-indicators-store';
import { drawIndicator, eraseIndicators, INDICATOR_PALETTE, type Drawn } from './draw-indicators';
import { indicatorLabel } from './indicator-series';
import { IndicatorPicker } from './IndicatorPicker';
import { indicatorsEn, indicatorsZhCN } from './indicator-strings';
import './indicators.css';

/** Extra bars before the first candle, so recursive indicators (EMA, RSI) are warm where the chart starts. */
const WARM_BARS = 500;

let metaPromise: Promise<IndicatorMetaDto[]> | null = null;
/** The metadata list, fetched once per session (it only changes with the engine version). */
function indicatorMetadata(): Promise<IndicatorMetaDto[]> {
  metaPromise ??= client().api.indicators.list({}).catch((e: unknown) => {
    metaPromise = null;
    throw e;
  });
  return metaPromise;
}

export interface ChartIndicatorsProps {
  chartRef: RefObject<{ chart: IChartApi } | null>;
  series: { instrumentId: InstrumentId; timeframe: Timeframe };
  theme: Theme;
  /** The bars the chart shows (null until loaded); a new count means older bars were prepended. */
  bars: Bars | null;
  loaded: number;
}

/**
 * The user's indicators on a chart: a row of chips (edit, remove) with the picker, and their
 * series drawn on the chart — computed by the engine (`indicators.compute`, off the UI thread).
 */
export function ChartIndicators({ chartRef, series, theme, bars, loaded }: ChartIndicatorsProps) {
  const { t, i18n } = useTranslation();
  if (!i18n.exists('indicators.button', { lng: 'en' })) {
    i18n.addResourceBundle('en', 'translation', { indicators: indicatorsEn }, true, false);
    i18n.addResourceBundle('zh-CN', 'translation', { indicators: indicatorsZhCN }, true, false);
  }
  const chartKey = `${series.instrumentId}|${series.timeframe}`;
  const { list, add, update, remove } = useChartIndicators(chartKey);
  const [meta, setMeta] = useState<IndicatorMetaDto[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [drawnCount, setDrawnCount] = useState(0);
  const drawnRef = useRef<Drawn[]>([]);

  useEffect(() => {
    let alive = true;
    indicatorMetadata()
      .then((m) => alive && setMeta(m))
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, []);

  const metaByName = useMemo(() => new Map(meta.map((m) => [m.name, m])), [meta]);
  // Each indicator's lines take the next colours of the palette (its chip shows the first).
  const colorOffsets = useMemo(() => {
    let next = 0;
    return list.map((ind) => {
      const at = next;
      next += metaByName.get(ind.name)?.outputs.length ?? 1;
      return at;
    });
  }, [list, metaByName]);

  const firstTs = bars && loaded > 0 ? bars.ts[0] : null;
  const storedLastTs = bars && loaded > 0 ? bars.ts[loaded - 1] : null;
  // Bars the live feed closed (and stored) since the chart loaded: the indicators follow them.
  const liveClosedTs = useLiveClosedBars(series);
  const lastTs = storedLastTs === null ? null : Math.max(storedLastTs, liveClosedTs ?? -Infinity);
  const liveExtra = liveClosedTs !== null && storedLastTs !== null && liveClosedTs > storedLastTs ? Math.ceil((liveClosedTs - storedLastTs) / timeframeMs(series.timeframe)) : 0;

  // Compute everything, then swap the drawn series in one step (no half-drawn frame).
  useEffect(() => {
    const chart = chartRef.current?.chart;
    if (!chart) return;
    if (firstTs === null || lastTs === null || list.length === 0) {
      eraseIndicators(chart, drawnRef.current);
      drawnRef.current = [];
      setDrawnCount(0);
      setErrors({});
      return;
    }
    let alive = true;
    setBusy(true);
    const request = (ind: ChartIndicator) =>
      client().api.indicators.compute({ instrumentId: series.instrumentId, timeframe: series.timeframe, to: lastTs + 1, limit: loaded + liveExtra + WARM_BARS, latest: true, name: ind.name, params: ind.params });
    void Promise.allSettled(list.map(request)).then((results) => {
      if (!alive) return;
      const c = chartRef.current?.chart;
      if (!c) return;
      eraseIndicators(c, drawnRef.current);
      const drawn: Drawn[] = [];
      const errs: Record<string, string> = {};
      results.forEach((r, k) => {
        const ind = list[k];
        if (r.status === 'rejected') {
          errs[ind.id] = errorText(r.reason).message;
          return;
        }
        drawn.push(drawIndicator(c, ind, r.value as IndicatorComputeResult, firstTs, theme, colorOffsets[k], indicatorLabel(ind.name, ind.params)));
      });
      drawnRef.current = drawn;
      setErrors(errs);
      setDrawnCount(drawn.reduce((a, d) => a + d.length, 0));
      setBusy(false);
    });
    return () => {
      alive = false;
    };
  }, [chartRef, series.instrumentId, series.timeframe, list, firstTs, lastTs, loaded, liveExtra, theme, colorOffsets]);

  // The chart is removed with its series when the component goes; forget them then.
  useEffect(
    () => () => {
      drawnRef.current = [];
    },
    [],
  );

  const [editing, setEditing] = useState<string | null>(null);

  return (
    <div className="ind-bar" data-testid="chart-indicators" data-drawn={drawnCount} data-busy={busy ? 'true' : 'false'} data-last-ts={lastTs ?? ''}>
      {list.map((ind, k) => {
        const label = indicatorLabel(ind.name, ind.params);
        const swatch = INDICATOR_PALETTE[theme][colorOffsets[k] % INDICATOR_PALETTE[theme].length];
        return (
          <span key={ind.id} className={`ind-chip${errors[ind.id] ? ' ind-chip--error' : ''}`} data-testid={`indicator-chip-${ind.name}`} title={errors[ind.id] ? t('indicators.failed', { name: label, message: errors[ind.id] }) : label}>
            <span className="ind-chip__swatch" style={{ background: swatch }} />
            <button type="button" className="ind-chip__label mono" onClick={() => setEditing(editing === ind.id ? null : ind.id)} aria-label={t('indicators.edit', { name: label })}>
              {label}
              <span className="ind-chip__where">{ind.placement === 'overlay' ? t('indicators.overlay') : t('indicators.pane')}</span>
            </button>
            <button type="button" className="ind-chip__remove" onClick={() => remove(ind.id)} aria-label={t('indicators.remove', { name: label })} data-testid="indicator-remove">
              ×
            </button>
            {editing === ind.id && metaByName.get(ind.name) && (
              <IndicatorPicker
                meta={meta}
                initial={{ meta: metaByName.get(ind.name)!, params: ind.params, placement: ind.placement }}
                onSubmit={(v) => {
                  update(ind.id, v);
                  setEditing(null);
                }}
                onClose={() => setEditing(null)}
              />
            )}
          </span>
        );
      })}
      <IndicatorPicker meta={meta} onSubmit={(v) => add(v)} />
    </div>
  );
}

/**
 * The open time of the newest bar the live feed closed for this series (null before one closes).
 * Only closed bars count: an indicator value is final once its bar is, and the forming bar would
 * make every line redraw on each trade.
 */
function useLiveClosedBars(series: { instrumentId: InstrumentId; timeframe: Timeframe }): number | null {
  const [ts, setTs] = useState<number | null>(null);
  useEffect(() => {
    setTs(null);
    return client().on('feed.bar', (b) => {
      if (!b.closed || b.instrumentId !== series.instrumentId || b.timeframe !== series.timeframe) return;
      setTs((prev) => (prev === null || b.ts > prev ? b.ts : prev));
    });
  }, [series.instrumentId, series.timeframe]);
  return ts;
}
