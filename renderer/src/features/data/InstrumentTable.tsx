import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesInfo } from '../../../../shared/contract/data';
import { client } from '../../api/client';
import { ConfirmDialog } from '../../app/components/ConfirmDialog';
import { EmptyState } from '../../app/components/EmptyState';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { SyntheticBadge } from '../../app/components/SyntheticBadge';
import { errorText, type UiError } from '../../app/errors';
import { formatNumber, formatTs, isIntraday } from '../../app/format';
import { seriesKey, useInstruments } from '../../stores/instruments';
import { useNavigation } from '../../stores/navigation';

export function InstrumentTable() {
  const { t, i18n } = useTranslation();
  const { series, status, error, refresh } = useInstruments();
  const showChart = useNavigation((s) => s.showChart);
  const [confirming, setConfirming] = useState<SeriesInfo | null>(null);
  const [deleteError, setDeleteError] = useState<UiError | null>(null);

  const onDelete = async (s: SeriesInfo) => {
    setConfirming(null);
    setDeleteError(null);
    try {
      await client().api.data.delete({ instrumentId: s.instrumentId, timeframe: s.timeframe });
    } catch (e) {
      setDeleteError(errorText(e));
    }
  };

  return (
    <section className="panel panel--grow" aria-labelledby="instruments-title">
      <header className="panel__head">
        <h2 id="instruments-title" className="panel__title">
          {t('data.instruments.title')}
        </h2>
        <span className="panel__hint">{status === 'ready' && t('data.instruments.count', { count: series.length })}</span>
      </header>
      {error && <ErrorMessage error={error} onRetry={() => void refresh()} />}
      {deleteError && <ErrorMessage error={deleteError} />}
      {status === 'loading' && <div className="muted">{t('common.loading')}</div>}
      {status === 'ready' && series.length === 0 && <EmptyState title={t('data.instruments.emptyTitle')} hint={t('data.instruments.emptyHint')} />}
      {series.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="instrument-table">
            <thead>
              <tr>
                <th>{t('data.instruments.symbol')}</th>
                <th>{t('data.instruments.venue')}</th>
                <th>{t('data.instruments.timeframe')}</th>
                <th>{t('data.instruments.from')}</th>
                <th>{t('data.instruments.to')}</th>
                <th className="num">{t('data.instruments.bars')}</th>
                <th>{t('data.instruments.updated')}</th>
                <th>
                  <span className="sr-only">{t('data.instruments.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={seriesKey(s.instrumentId, s.timeframe)} data-testid="instrument-row">
                  <td>
                    <span className="strong">{s.symbol}</span> {s.synthetic && <SyntheticBadge />}
                  </td>
                  <td className="muted">{s.venue}</td>
                  <td className="mono">{s.timeframe}</td>
                  <td className="mono">{formatTs(s.firstTs, isIntraday(s.timeframe))}</td>
                  <td className="mono">{formatTs(s.lastTs, isIntraday(s.timeframe))}</td>
                  <td className="mono num">{formatNumber(s.count, 0, i18n.language)}</td>
                  <td className="mono muted">{formatTs(s.updatedAt)}</td>
                  <td className="actions">
                    <button type="button" className="btn btn--small" onClick={() => showChart({ instrumentId: s.instrumentId, timeframe: s.timeframe })}>
                      {t('data.instruments.chart')}
                    </button>
                    <button
                      type="button"
                      className="btn btn--small btn--ghost-danger"
                      onClick={() => setConfirming(s)}
                      aria-label={t('data.instruments.deleteLabel', { instrument: s.instrumentId, timeframe: s.timeframe })}
                    >
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('data.instruments.confirmTitle')}
          body={t('data.instruments.confirmBody', { instrument: confirming.instrumentId, timeframe: confirming.timeframe, count: confirming.count })}
          confirmLabel={t('common.delete')}
          onConfirm={() => void onDelete(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
