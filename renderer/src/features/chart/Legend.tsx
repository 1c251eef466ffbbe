import { useTranslation } from 'react-i18next';
import { formatNumber, formatTs, formatVolume, isIntraday, priceDecimals } from '../../app/format';
import type { Timeframe } from '../../../../shared/timeframe';
import type { LegendBar } from './chart-data';

/** OHLCV of the bar under the crosshair (or the last bar), over the chart's top-left corner. */
export function Legend({ title, timeframe, bar, synthetic }: { title: string; timeframe: Timeframe; bar: LegendBar | null; synthetic: boolean }) {
  const { t } = useTranslation();
  const dp = bar ? priceDecimals(bar.close) : 2;
  const dir = bar && bar.close >= bar.open ? 'up' : 'down';
  return (
    <div className="legend" data-testid="chart-legend">
      <div className="legend__title">
        <span className="strong">{title}</span>
        <span className="legend__tf">{timeframe}</span>
        {synthetic && <span className="badge badge--synthetic">{t('common.synthetic')}</span>}
      </div>
      {bar && (
        <div className="legend__values mono">
          <span className="legend__time">{formatTs(bar.ts, isIntraday(timeframe))}</span>
          {(['open', 'high', 'low', 'close'] as const).map((k) => (
            <span key={k}>
              <span className="legend__key">{t(`chart.ohlc.${k}`)}</span>
              <span className={`legend__val legend__val--${dir}`}>{formatNumber(bar[k], dp)}</span>
            </span>
          ))}
          {bar.changePct !== null && (
            <span className={`legend__val legend__val--${bar.changePct >= 0 ? 'up' : 'down'}`}>
              {bar.changePct >= 0 ? '+' : ''}
              {bar.changePct.toFixed(2)}%
            </span>
          )}
          <span>
            <span className="legend__key">{t('chart.ohlc.volume')}</span>
            <span className="legend__val">{formatVolume(bar.volume)}</span>
          </span>
        </div>
      )}
    </div>
  );
}
