import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecordDto } from '../../../../shared/contract/backtest';
import { EmptyState } from '../../app/components/EmptyState';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { formatTs } from '../../app/format';
import { useNavigation } from '../../stores/navigation';
import { useSettings } from '../../stores/settings';
import { parseEntry } from '../backtest/backtest-store';
import { EquityChart } from '../backtest/EquityChart';
import { formatMetric, METRIC_CARDS } from '../backtest/metric-defs';
import { formatParams } from '../backtest/params';
import { useResult, type RunWithResult } from '../backtest/result-store';
import { useStrategies } from '../strategies/strategies-store';
import { bestIndex, paramsTable } from './compare';
import { useRuns } from './runs-store';
import '../strategies/workbench.css';

const KEY_METRICS = METRIC_CARDS.filter((m) => ['totalReturn', 'sharpe', 'maxDrawdown', 'tradeCount'].includes(m.key));

function useRunLabel() {
  const list = useStrategies((s) => s.list);
  return (run: RunRecordDto) => {
    const ref = parseEntry(run.strategy.entry);
    const mine = ref ? list.find((s) => s.id === ref.strategyId) : undefined;
    return { name: mine?.name ?? run.strategy.name, version: ref ? `v${ref.version}` : run.strategy.hash.slice(0, 8) };
  };
}

function dataLabel(run: RunRecordDto): { series: string; range: string } {
  const f = run.fingerprint;
  return { series: `${f.instrumentId} ${f.timeframe}`, range: `${f.from !== null ? formatTs(f.from, false) : ''} → ${f.to !== null ? formatTs(f.to, false) : ''}` };
}

function Compare({ runs }: { runs: RunWithResult[] }) {
  const { t, i18n } = useTranslation();
  const theme = useSettings((s) => s.theme);
  const close = useRuns((s) => s.closeCompare);
  const label = useRunLabel();
  const params = paramsTable(runs.map((r) => r.run));
  // Runs of one strategy version differ only in their params: the name alone would repeat itself.
  const differing = params.filter((p) => !p.same);
  const names = runs.map((r, i) => [`${i + 1}. ${label(r.run).name} ${label(r.run).version}`, formatParams(Object.fromEntries(differing.map((p) => [p.name, p.values[i]])))].filter(Boolean).join(' · '));
  return (
    <section className="panel" data-testid="comparison">
      <div className="panel__head">
        <h2 className="panel__title">{t('workbench.runs.comparison')}</h2>
        <button type="button" className="btn btn--small" onClick={close}>
          {t('workbench.runs.close')}
        </button>
      </div>
      <div className="wb-compare">
        <table className="table table--dense">
          <thead>
            <tr>
              <th>{t('workbench.runs.metric')}</th>
              {names.map((n, i) => (
                <th key={i} className="wb-run-name">
                  {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {METRIC_CARDS.map((m) => {
              const values = runs.map((r) => (r.result.metrics[m.key] ?? null) as number | null);
              const best = runs.length > 1 ? bestIndex(values, m.higherIsBetter) : null;
              return (
                <tr key={m.key}>
                  <th title={t(`workbench.metrics.def.${m.label}`)}>{t(`workbench.metrics.${m.label}`)}</th>
                  {values.map((v, i) => (
                    <td key={i} className={`mono${best === i ? ' wb-best' : ''}`}>
                      {formatMetric(m.key === 'maxDrawdown' && v !== null ? -v : v, m.format, i18n.language)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        <table className="table table--dense" data-testid="params-diff">
          <thead>
            <tr>
              <th>{t('workbench.runs.paramsDiff')}</th>
              {names.map((n, i) => (
                <th key={i} className="wb-run-name">
                  {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {params.map((p) => (
              <tr key={p.name} className={p.same ? '' : 'wb-diff'}>
                <th>{p.name}</th>
                {p.values.map((v, i) => (
                  <td key={i} className="mono">
                    {v === undefined ? '—' : String(v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="panel__title">{t('workbench.runs.equityOverlay')}</h3>
      <EquityChart lines={runs.map((r, i) => ({ label: names[i], ts: r.result.curve.ts, equity: r.result.curve.equity }))} theme={theme} testId="compare-chart" />
    </section>
  );
}

/** Every run kept in the registry: select two or more to compare, open one, or rerun it exactly. */
export function RunsScreen() {
  const { t, i18n } = useTranslation();
  const go = useNavigation((s) => s.go);
  const { runs, status, error, selected, comparing, rerunning, refresh, toggle, compare, rerun } = useRuns();
  const openResult = useResult((s) => s.open);
  const showResult = useResult((s) => s.show);
  const loadStrategies = useStrategies((s) => s.load);
  const strategiesStatus = useStrategies((s) => s.status);
  const label = useRunLabel();

  useEffect(() => {
    void refresh();
    if (strategiesStatus === 'idle') void loadStrategies();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="screen screen--scroll" data-testid="screen-runs">
      <header className="screen__head">
        <h1 className="screen__title">{t('workbench.runs.title')}</h1>
        {runs.length > 0 && (
          <div className="wb-toolbar">
            <span className="panel__hint">{t('workbench.runs.compareHint')}</span>
            <button type="button" className="btn btn--primary btn--small" disabled={selected.length < 2} onClick={() => void compare()} data-testid="compare-runs">
              {t('workbench.runs.compare', { count: selected.length })}
            </button>
          </div>
        )}
      </header>
      {error && <ErrorMessage error={error} onRetry={() => void refresh()} />}
      {status === 'ready' && runs.length === 0 ? (
        <EmptyState
          title={t('workbench.runs.emptyTitle')}
          hint={t('workbench.runs.emptyHint')}
          action={
            <button type="button" className="btn btn--primary" onClick={() => go('strategies')}>
              {t('workbench.result.goToStrategies')}
            </button>
          }
        />
      ) : (
        <section className="panel">
          <div className="table-wrap wb-scroll">
            <table className="table table--dense" data-testid="runs-table">
              <thead>
                <tr>
                  <th />
                  <th>{t('workbench.runs.strategy')}</th>
                  <th>{t('workbench.runs.version')}</th>
                  <th>{t('workbench.runs.params')}</th>
                  <th>{t('workbench.runs.data')}</th>
                  {KEY_METRICS.map((m) => (
                    <th key={m.key} title={t(`workbench.metrics.def.${m.label}`)}>
                      {t(`workbench.metrics.${m.label}`)}
                    </th>
                  ))}
                  <th>{t('workbench.runs.date')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => {
                  const l = label(r);
                  return (
                    <tr key={r.id} data-testid="run-row">
                      <td>
                        <input type="checkbox" checked={selected.includes(r.id)} onChange={() => toggle(r.id)} aria-label={t('workbench.runs.selectLabel', { id: r.id })} />
                      </td>
                      <td>{l.name}</td>
                      <td className="mono">{l.version}</td>
                      <td className="mono wb-muted">{formatParams(r.params)}</td>
                      <td className="mono">
                        <div>{dataLabel(r).series}</div>
                        <div className="wb-muted">{dataLabel(r).range}</div>
                      </td>
                      {KEY_METRICS.map((m) => {
                        const v = (r.metrics?.[m.key] ?? null) as number | null;
                        return (
                          <td key={m.key} className="mono">
                            {r.status === 'failed' ? t('workbench.runs.failed') : formatMetric(m.key === 'maxDrawdown' && v !== null ? -v : v, m.format, i18n.language)}
                          </td>
                        );
                      })}
                      <td className="mono">{formatTs(r.createdAt)}</td>
                      <td className="wb-actions">
                        <button
                          type="button"
                          className="btn btn--small"
                          disabled={r.status !== 'succeeded'}
                          onClick={() => {
                            void openResult(r.id);
                            go('results');
                          }}
                        >
                          {t('workbench.runs.open')}
                        </button>
                        <button
                          type="button"
                          className="btn btn--small"
                          disabled={rerunning !== null}
                          onClick={async () => {
                            const out = await rerun(r.id);
                            if (out) {
                              showResult(out.outcome, out.note);
                              go('results');
                            }
                          }}
                        >
                          {rerunning === r.id ? t('workbench.runs.rerunning') : t('workbench.runs.rerun')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {comparing && <Compare runs={comparing} />}
    </div>
  );
}
