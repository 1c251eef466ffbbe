import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../app/components/EmptyState';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { formatTs } from '../../app/format';
import { useNavigation } from '../../stores/navigation';
import { useSettings } from '../../stores/settings';
import { parseEntry } from './backtest-store';
import { EquityChart } from './EquityChart';
import { formatMetric, METRIC_CARDS } from './metric-defs';
import { MonthlyHeatmap } from './MonthlyHeatmap';
import { OrdersTable } from './OrdersTable';
import { PriceChart, type PriceChartHandle } from './PriceChart';
import { rejections } from './rejections';
import { htmlReport, tradesCsv } from './report';
import { useResult, type RunWithResult } from './result-store';
import { TradesTable } from './TradesTable';
import { useStrategies } from '../strategies/strategies-store';
import '../strategies/workbench.css';

function download(fileName: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function MetricsCards({ outcome }: { outcome: RunWithResult }) {
  const { t, i18n } = useTranslation();
  const m = outcome.result.metrics;
  return (
    <div className="wb-cards" data-testid="metrics">
      {METRIC_CARDS.map((c) => {
        const v = m[c.key] ?? null;
        const tone = v === null || c.format === 'int' || c.format === 'money' ? '' : c.key === 'maxDrawdown' ? (v > 0 ? ' wb-down' : '') : v > 0 ? ' wb-up' : v < 0 ? ' wb-down' : '';
        return (
          <div key={c.key} className="wb-card" title={t(`workbench.metrics.def.${c.label}`)} tabIndex={0} data-testid={`metric-${c.key}`}>
            <div className="wb-card__label">
              {t(`workbench.metrics.${c.label}`)} <span className="wb-card__info" aria-hidden="true">ⓘ</span>
            </div>
            <div className={`wb-card__value mono${tone}`}>{formatMetric(c.key === 'maxDrawdown' && v !== null ? -v : v, c.format, i18n.language)}</div>
            <div className="wb-card__def">{t(`workbench.metrics.def.${c.label}`)}</div>
          </div>
        );
      })}
    </div>
  );
}

type Tab = 'trades' | 'monthly' | 'orders' | 'logs';

/** One run: metrics with their definitions, equity with benchmark and drawdown, price with trades, and the details. */
export function ResultScreen() {
  const { t } = useTranslation();
  const theme = useSettings((s) => s.theme);
  const go = useNavigation((s) => s.go);
  const { current, rerun, status, error } = useResult();
  const strategies = useStrategies((s) => s.list);
  const strategiesStatus = useStrategies((s) => s.status);
  const loadStrategies = useStrategies((s) => s.load);
  useEffect(() => {
    if (strategiesStatus === 'idle') void loadStrategies();
  }, [strategiesStatus, loadStrategies]);
  const [tab, setTab] = useState<Tab>('trades');
  const priceRef = useRef<PriceChartHandle>(null);
  const curves = useMemo(() => {
    if (!current) return null;
    const c = current.result.curve;
    return { lines: [{ label: t('workbench.result.equity'), ts: c.ts, equity: c.equity }], benchmark: { label: t('workbench.result.benchmark'), ts: c.ts, equity: c.benchmark }, drawdown: { ts: c.ts, values: c.drawdown } };
  }, [current, t]);

  if (status === 'error' && error) return <div className="screen screen--scroll"><ErrorMessage error={error} /></div>;
  if (!current || !curves) {
    return (
      <div className="screen screen--scroll" data-testid="screen-results">
        <EmptyState
          title={t('workbench.result.emptyTitle')}
          hint={t('workbench.result.emptyHint')}
          action={
            <button type="button" className="btn btn--primary" onClick={() => go('strategies')}>
              {t('workbench.result.goToStrategies')}
            </button>
          }
        />
      </div>
    );
  }
  const { run, result } = current;
  const ref = parseEntry(run.strategy.entry);
  // The user's name for the strategy (as on the Runs screen), not the name its code declares.
  const name = (ref && strategies.find((x) => x.id === ref.strategyId)?.name) ?? result.strategy.name;
  const instrument = run.data.kind === 'store' ? run.data.instrumentId : run.fingerprint.instrumentId;
  const rejected = rejections(result.orders as Record<string, unknown>[]);
  const labels = { title: t('workbench.result.title'), metric: (k: string) => t(`workbench.metrics.${k}`) };

  return (
    <div className="screen screen--scroll wb-result" data-testid="screen-results">
      <header className="screen__head wb-result__head">
        <div>
          <h1 className="screen__title">{name}</h1>
          <p className="panel__hint mono" data-testid="result-summary">
            {t('workbench.result.summary', { strategy: name, version: ref?.version ?? '—', instrument, timeframe: result.timeframe, from: formatTs(result.from, false), to: formatTs(result.to - 1, false) })} · {run.id}
          </p>
        </div>
        <div className="wb-toolbar">
          <span className="wb-muted">{t('workbench.result.export')}:</span>
          <button type="button" className="btn btn--small" onClick={() => download(`${run.id}.html`, htmlReport(current, labels), 'text/html')} data-testid="export-html">
            {t('workbench.result.exportHtml')}
          </button>
          <button type="button" className="btn btn--small" onClick={() => download(`${run.id}-trades.csv`, tradesCsv(result.trades), 'text/csv')}>
            {t('workbench.result.exportCsv')}
          </button>
          <button type="button" className="btn btn--small" onClick={() => download(`${run.id}.json`, JSON.stringify(current, null, 1), 'application/json')}>
            {t('workbench.result.exportJson')}
          </button>
        </div>
      </header>
      {rerun && rerun.rerunOf !== run.id && (
        <div className={`notice ${rerun.identical === false || rerun.warnings.length ? 'wb-warn' : 'notice--ok'}`} role="status" data-testid="rerun-note">
          {rerun.identical === true ? t('workbench.result.rerunSame', { id: rerun.rerunOf }) : rerun.identical === false ? t('workbench.result.rerunDiffers', { id: rerun.rerunOf }) : t('workbench.result.rerunOf', { id: rerun.rerunOf })}
          {rerun.warnings.map((w) => (
            <span key={w} className="mono">
              {w}
            </span>
          ))}
        </div>
      )}
      {rejected.count > 0 && (
        <div className="notice wb-warn" role="status" data-testid="rejected-notice">
          <span>
            {t('workbench.result.rejected', { count: rejected.count, total: result.orders.length, reason: rejected.reasons[0].reason })}
            {rejected.reasons[0].reason === 'insufficient margin' && ` ${t('workbench.result.rejectedMargin')}`}
          </span>
          <button type="button" className="btn btn--small" onClick={() => setTab('orders')}>
            {t('workbench.result.showOrders')}
          </button>
        </div>
      )}
      <MetricsCards outcome={current} />
      <div className="wb-result__charts">
        <section className="panel">
          <h2 className="panel__title">
            {t('workbench.result.equity')} · {t('workbench.result.drawdown')}
          </h2>
          <EquityChart lines={curves.lines} benchmark={curves.benchmark} drawdown={curves.drawdown} theme={theme} />
        </section>
        <section className="panel">
          <h2 className="panel__title">{t('workbench.result.price')}</h2>
          <PriceChart ref={priceRef} outcome={current} theme={theme} />
        </section>
      </div>
      <section className="panel">
        <div className="wb-tabs" role="tablist">
          {(['trades', 'monthly', 'orders', 'logs'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={`wb-tab${tab === k ? ' wb-tab--active' : ''}`} onClick={() => setTab(k)} data-testid={`result-tab-${k}`}>
              {t(`workbench.result.${k}`)}
              {k === 'trades' ? ` (${result.omitted?.trades ?? result.trades.length})` : k === 'orders' ? ` (${result.omitted?.orders ?? result.orders.length})` : k === 'logs' ? ` (${result.logs.length})` : ''}
            </button>
          ))}
        </div>
        {tab === 'trades' &&
          (result.trades.length === 0 && (result.omitted?.trades ?? 0) > 0 ? (
            <p className="panel__hint">{t('workbench.result.omitted', { count: result.omitted!.trades })}</p>
          ) : (
            <TradesTable trades={result.trades} onPick={(tr) => priceRef.current?.focus(tr.entryTs, tr.exitTs ?? tr.entryTs)} />
          ))}
        {tab === 'monthly' && <MonthlyHeatmap monthly={result.monthlyReturns} />}
        {tab === 'orders' && <OrdersTable orders={result.orders as Record<string, unknown>[]} omitted={result.omitted?.orders ?? 0} />}
        {tab === 'logs' &&
          (result.logs.length === 0 ? (
            <p className="panel__hint">{t('workbench.result.noLogs')}</p>
          ) : (
            <div className="table-wrap wb-scroll">
              <table className="table table--dense">
                <tbody>
                  {result.logs.slice(0, 2000).map((l, i) => (
                    <tr key={i} className={l.level === 'error' || l.level === 'warn' ? 'wb-down' : ''}>
                      <td className="mono">{formatTs(l.ts)}</td>
                      <td>{l.level}</td>
                      <td>{l.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {result.droppedLogs > 0 && <p className="panel__hint">{t('workbench.result.droppedLogs', { count: result.droppedLogs })}</p>}
            </div>
          ))}
      </section>
    </div>
  );
}
