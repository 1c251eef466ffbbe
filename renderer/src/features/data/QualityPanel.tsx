import { useTranslation } from 'react-i18next';
import type { QualityReport } from '../../../../shared/contract';
import type { InstrumentId } from '../../../../shared/ids';
import { splitInstrumentId } from '../../../../shared/ids';
import type { Timeframe } from '../../../../shared/timeframe';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { formatNumber, formatTs } from '../../app/format';
import { useInstruments } from '../../stores/instruments';
import { useDownload } from './download-store';
import { useQuality } from './quality-store';
import './market-data.css';

/** Venues that are not exchanges (files, Yahoo…) cannot be re-downloaded through ccxt. */
const NOT_CCXT = new Set(['csv', 'yahoo', 'sse', 'szse', 'nasdaq', 'nyse']);
const MAX_ROWS = 50;

function Card({ label, value, bad, sub, testId }: { label: string; value: string; bad: boolean; sub?: string; testId: string }) {
  return (
    <div className={`quality__card${bad ? ' quality__card--bad' : ''}`} data-testid={testId}>
      <div className="quality__card-label">{label}</div>
      <div className="quality__card-value">{value}</div>
      {sub && <div className="quality__card-label">{sub}</div>}
    </div>
  );
}

export function QualityPanel() {
  const { t } = useTranslation();
  const all = useInstruments((s) => s.series);
  const { series, report, loading, error, choose, check, markGaps, unmark } = useQuality();
  const download = useDownload();
  const key = series ? `${series.instrumentId}|${series.timeframe}` : '';
  const venue = series ? splitInstrumentId(series.instrumentId).venue : '';
  const canRedownload = !!series && !NOT_CCXT.has(venue) && download.run.state !== 'running';

  const redownload = (from: number, to: number) => {
    if (!series) return;
    const { symbol } = splitInstrumentId(series.instrumentId);
    download.edit({ exchange: venue, symbol, timeframe: series.timeframe });
    void download.start(client(), { from, to });
  };

  return (
    <section className="panel" aria-labelledby="quality-title" data-testid="quality-panel">
      <header className="panel__head">
        <h2 id="quality-title" className="panel__title">
          {t('market.quality.title')}
        </h2>
        <span className="panel__hint">{t('market.quality.hint')}</span>
      </header>
      <form
        className="import__form"
        onSubmit={(e) => {
          e.preventDefault();
          void check(client());
        }}
      >
        <label className="field">
          <span className="field__label">{t('market.quality.series')}</span>
          <select
            value={key}
            onChange={(e) => {
              const [id, tf] = e.target.value.split('|');
              choose(id ? { instrumentId: id as InstrumentId, timeframe: tf as Timeframe } : null);
            }}
            data-testid="quality-series"
          >
            <option value="">—</option>
            {all.map((s) => (
              <option key={`${s.instrumentId}|${s.timeframe}`} value={`${s.instrumentId}|${s.timeframe}`}>
                {s.instrumentId} {s.timeframe}
              </option>
            ))}
          </select>
        </label>
        <div className="import__actions">
          <button type="submit" className="btn btn--primary" disabled={!series || loading} data-testid="quality-check">
            {t('market.quality.check')}
          </button>
        </div>
      </form>
      {loading && <div className="muted">{t('common.loading')}</div>}
      {error && <ErrorMessage error={error} />}
      {report && <Report report={report} canRedownload={canRedownload} onRedownload={redownload} onMark={(r) => void markGaps(client(), r)} onUnmark={(id) => void unmark(client(), id)} />}
    </section>
  );
}

function Report({
  report: r,
  canRedownload,
  onRedownload,
  onMark,
  onUnmark,
}: {
  report: QualityReport;
  canRedownload: boolean;
  onRedownload: (from: number, to: number) => void;
  onMark: (ranges: { from: number; to: number }[]) => void;
  onUnmark: (id: number) => void;
}) {
  const { t } = useTranslation();
  const clean = r.gaps.count + r.duplicates.count + r.unsorted.count + r.ohlc.count + r.prices.count + r.volumes.negative + r.outliers.count === 0;
  const tsProblems = [...r.ohlc.items, ...r.prices.items, ...r.volumes.items].sort((a, b) => a.ts - b.ts);
  return (
    <div data-testid="quality-report">
      <div className="quality__summary">
        <Card testId="quality-bars" label={t('market.quality.bars')} value={formatNumber(r.bars)} bad={false} sub={r.firstTs !== null && r.lastTs !== null ? `${formatTs(r.firstTs)} → ${formatTs(r.lastTs)}` : undefined} />
        <Card
          testId="quality-gaps"
          label={t('market.quality.gaps')}
          value={formatNumber(r.gaps.count)}
          bad={r.gaps.count > 0}
          sub={[r.gaps.missingBars ? t('market.quality.missingBars', { count: r.gaps.missingBars }) : '', r.gaps.marked ? t('market.quality.marked', { count: r.gaps.marked }) : ''].filter(Boolean).join(' · ') || undefined}
        />
        <Card testId="quality-duplicates" label={t('market.quality.duplicates')} value={formatNumber(r.duplicates.count + r.unsorted.count)} bad={r.duplicates.count + r.unsorted.count > 0} />
        <Card testId="quality-ohlc" label={t('market.quality.ohlc')} value={formatNumber(r.ohlc.count)} bad={r.ohlc.count > 0} />
        <Card testId="quality-prices" label={t('market.quality.prices')} value={formatNumber(r.prices.count)} bad={r.prices.count > 0} />
        <Card testId="quality-volumes" label={t('market.quality.volumes')} value={`${formatNumber(r.volumes.zero)} / ${formatNumber(r.volumes.negative)}`} bad={r.volumes.negative > 0} />
        <Card testId="quality-outliers" label={t('market.quality.outliers')} value={formatNumber(r.outliers.count)} bad={r.outliers.count > 0} sub={t('market.quality.outlierHint', { threshold: r.outliers.threshold })} />
      </div>
      {clean && <div className="notice notice--ok">{t('market.quality.clean')}</div>}

      {r.gaps.items.length > 0 && (
        <div className="quality__section">
          <h3>
            {t('market.quality.gaps')}{' '}
            <button type="button" className="btn btn--small btn--ghost" onClick={() => onMark(r.gaps.items.map((g) => ({ from: g.from, to: g.to })))} data-testid="quality-mark-all">
              {t('market.quality.markAll')}
            </button>
          </h3>
          <div className="table-wrap">
            <table className="table table--dense">
              <thead>
                <tr>
                  <th>{t('market.quality.from')}</th>
                  <th>{t('market.quality.to')}</th>
                  <th>{t('market.quality.missing')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {r.gaps.items.slice(0, MAX_ROWS).map((g) => (
                  <tr key={g.from}>
                    <td className="mono">{formatTs(g.from)}</td>
                    <td className="mono">{formatTs(g.to)}</td>
                    <td className="mono">{formatNumber(g.bars)}</td>
                    <td>
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => onMark([{ from: g.from, to: g.to }])}>
                        {t('market.quality.markGap')}
                      </button>
                      {canRedownload && (
                        <button type="button" className="btn btn--small btn--ghost" onClick={() => onRedownload(g.from, g.to)}>
                          {t('market.quality.redownload')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}

      {tsProblems.length > 0 && (
        <div className="quality__section">
          <h3>{t('market.quality.problem')}</h3>
          <div className="table-wrap">
            <table className="table table--dense">
              <thead>
                <tr>
                  <th>{t('market.quality.ts')}</th>
                  <th>{t('market.quality.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {tsProblems.slice(0, MAX_ROWS).map((p, i) => (
                  <tr key={`${p.ts}-${i}`}>
                    <td className="mono">{formatTs(p.ts)}</td>
                    <td>{p.problem}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}

      {r.outliers.items.length > 0 && (
        <div className="quality__section">
          <h3>{t('market.quality.outliers')}</h3>
          <div className="table-wrap">
            <table className="table table--dense">
              <thead>
                <tr>
                  <th>{t('market.quality.ts')}</th>
                  <th>{t('market.quality.ret')}</th>
                  <th>{t('market.quality.z')}</th>
                </tr>
              </thead>
              <tbody>
                {r.outliers.items.slice(0, MAX_ROWS).map((o) => (
                  <tr key={o.ts}>
                    <td className="mono">{formatTs(o.ts)}</td>
                    <td className="mono">{formatNumber(o.ret * 100, 2)}%</td>
                    <td className="mono">{formatNumber(o.z, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}

      {r.markedGaps.length > 0 && (
        <div className="quality__section">
          <h3>{t('market.quality.markedTitle')}</h3>
          <table className="table table--dense">
            <tbody>
              {r.markedGaps.map((m) => (
                <tr key={m.id}>
                  <td className="mono">{formatTs(m.from)}</td>
                  <td className="mono">{formatTs(m.to)}</td>
                  <td className="muted">{m.note}</td>
                  <td>
                    <button type="button" className="btn btn--small btn--ghost" onClick={() => onUnmark(m.id)}>
                      {t('market.quality.unmark')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
