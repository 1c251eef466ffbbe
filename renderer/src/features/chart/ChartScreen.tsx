import { useTranslation } from 'react-i18next';
import type { InstrumentId } from '../../../../shared/ids';
import type { Timeframe } from '../../../../shared/timeframe';
import { EmptyState } from '../../app/components/EmptyState';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { seriesKey, useInstruments } from '../../stores/instruments';
import { useNavigation } from '../../stores/navigation';
import { useSettings } from '../../stores/settings';
import { CandleChart } from './CandleChart';
import { instrumentsOf, pickSeries, timeframesOf } from './pick-series';
import { Watchlist } from './Watchlist';

export function ChartScreen() {
  const { t } = useTranslation();
  const { series: all, status, error, refresh, revisions } = useInstruments();
  const wanted = useNavigation((s) => s.chartSeries);
  const setChartSeries = useNavigation((s) => s.setChartSeries);
  const go = useNavigation((s) => s.go);
  const theme = useSettings((s) => s.theme);
  const current = pickSeries(all, wanted);

  return (
    <div className="screen" data-testid="screen-chart">
      <header className="screen__head toolbar">
        <h1 className="screen__title">{t('nav.chart')}</h1>
        {current && (
          <>
            <label className="field field--inline">
              <span className="field__label">{t('chart.instrument')}</span>
              <select
                value={current.instrumentId}
                onChange={(e) => {
                  const id = e.target.value as InstrumentId;
                  const tf = timeframesOf(all, id).find((x) => x.timeframe === current.timeframe) ?? timeframesOf(all, id)[0];
                  setChartSeries({ instrumentId: id, timeframe: tf.timeframe });
                }}
                data-testid="chart-instrument"
              >
                {instrumentsOf(all).map((i) => (
                  <option key={i.instrumentId} value={i.instrumentId}>
                    {i.instrumentId}
                    {i.synthetic ? ` (${t('common.synthetic')})` : ''}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field--inline">
              <span className="field__label">{t('chart.timeframe')}</span>
              <select
                value={current.timeframe}
                onChange={(e) => setChartSeries({ instrumentId: current.instrumentId, timeframe: e.target.value as Timeframe })}
                data-testid="chart-timeframe"
              >
                {timeframesOf(all, current.instrumentId).map((s) => (
                  <option key={s.timeframe} value={s.timeframe}>
                    {s.timeframe}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </header>
      {error && <ErrorMessage error={error} onRetry={() => void refresh()} />}
      {status === 'ready' && !current && (
        <EmptyState
          title={t('chart.emptyTitle')}
          hint={t('chart.emptyHint')}
          action={
            <button type="button" className="btn btn--primary" onClick={() => go('data')}>
              {t('chart.goToData')}
            </button>
          }
        />
      )}
      {(status === 'loading' || status === 'idle') && <div className="muted pad">{t('common.loading')}</div>}
      <div className="chart-layout">
        {current ? <CandleChart series={current} theme={theme} revision={revisions[seriesKey(current.instrumentId, current.timeframe)] ?? 0} /> : <div />}
        <Watchlist />
      </div>
    </div>
  );
}
