import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamSpecDto, ParamSpecsDto } from '../../../../shared/contract/strategies';
import { EmptyState } from '../../app/components/EmptyState';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { ProgressBar } from '../../app/components/ProgressBar';
import { formatTs } from '../../app/format';
import { useInstruments } from '../../stores/instruments';
import { useNavigation } from '../../stores/navigation';
import { builtinText } from '../strategies/builtin-text';
import { useBacktest } from './backtest-store';
import { problem, type ParamValue } from './params';

function ParamField({ name, spec, value, onChange }: { name: string; spec: ParamSpecDto; value: ParamValue; onChange(v: ParamValue): void }) {
  const { t, i18n } = useTranslation();
  const label = spec.label ? builtinText(spec.label, i18n.language) : name;
  const p = problem(spec, value);
  const id = `param-${name}`;
  if (spec.type === 'bool') {
    return (
      <label className="field field--check" title={spec.description}>
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={id} />
        <span>{label}</span>
      </label>
    );
  }
  if (spec.type === 'enum') {
    return (
      <label className="field" title={spec.description}>
        <span className="field__label">{label}</span>
        <select value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={id}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  const range = spec.min !== undefined && spec.max !== undefined ? `${spec.min} – ${spec.max}` : spec.min !== undefined ? `≥ ${spec.min}` : spec.max !== undefined ? `≤ ${spec.max}` : '';
  return (
    <label className="field" title={spec.description}>
      <span className="field__label">
        {label} {range && <span className="wb-muted mono">{range}</span>}
      </span>
      <input
        type="number"
        value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
        min={spec.min}
        max={spec.max}
        step={spec.step ?? (spec.type === 'int' ? 1 : 'any')}
        aria-invalid={p !== null}
        onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
        data-testid={id}
      />
      {p && <span className="field__error">{p.key === 'outOfRange' ? t('workbench.run.outOfRange', { min: p.min ?? '−∞', max: p.max ?? '∞' }) : t(`errors.INVALID_INPUT`)}</span>}
    </label>
  );
}

export interface RunPanelProps {
  /** Whose params these are (template id or strategy id). */
  paramsKey: string | null;
  specs: ParamSpecsDto | null;
  canRun: boolean;
  blockedReason: string | null;
  onRun(): void;
}

/** Params form from the strategy's declaration, data selection, costs and capital, and the run with its progress. */
export function RunPanel({ paramsKey, specs, canRun, blockedReason, onRun }: RunPanelProps) {
  const { t } = useTranslation();
  const { settings, setSettings, setParam, resetParams, valuesFor, running, error, cancel } = useBacktest();
  const series = useInstruments((s) => s.series);
  const go = useNavigation((s) => s.go);
  const values = paramsKey && specs ? valuesFor(paramsKey, specs) : {};
  const instruments = [...new Set(series.map((s) => s.instrumentId))];
  const timeframes = series.filter((s) => s.instrumentId === settings.instrumentId).map((s) => s.timeframe);
  const picked = series.find((s) => s.instrumentId === settings.instrumentId && s.timeframe === settings.timeframe);
  const paramsOk = specs ? Object.entries(specs).every(([k, s]) => problem(s, values[k]) === null) : true;

  // The first stored series is a sensible default; a series that disappeared falls back to it.
  useEffect(() => {
    if (series.length && !picked) setSettings({ instrumentId: series[0].instrumentId, timeframe: series[0].timeframe });
  }, [series, picked, setSettings]);

  return (
    <aside className="wb-run" aria-label={t('workbench.run.title')} data-testid="run-panel">
      <section className="wb-run__section">
        <div className="wb-run__head">
          <h2 className="panel__title">{t('workbench.run.params')}</h2>
          {paramsKey && specs && Object.keys(specs).length > 0 && (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => resetParams(paramsKey, specs)}>
              {t('workbench.run.reset')}
            </button>
          )}
        </div>
        {!specs || Object.keys(specs).length === 0 ? (
          <p className="panel__hint">{t('workbench.run.noParams')}</p>
        ) : (
          <div className="wb-run__fields" data-testid="params-form">
            {Object.entries(specs).map(([name, spec]) => (
              <ParamField key={name} name={name} spec={spec} value={values[name]} onChange={(v) => paramsKey && setParam(paramsKey, name, v)} />
            ))}
          </div>
        )}
      </section>

      <section className="wb-run__section">
        <h2 className="panel__title">{t('workbench.run.data')}</h2>
        {series.length === 0 ? (
          <EmptyState
            title={t('workbench.run.noData')}
            hint=""
            action={
              <button type="button" className="btn" onClick={() => go('data')}>
                {t('workbench.run.goToData')}
              </button>
            }
          />
        ) : (
          <div className="wb-run__fields">
            <label className="field">
              <span className="field__label">{t('workbench.run.instrument')}</span>
              <select value={settings.instrumentId ?? ''} onChange={(e) => setSettings({ instrumentId: e.target.value, timeframe: series.find((s) => s.instrumentId === e.target.value)?.timeframe ?? null })} data-testid="run-instrument">
                {instruments.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">{t('workbench.run.timeframe')}</span>
              <select value={settings.timeframe ?? ''} onChange={(e) => setSettings({ timeframe: e.target.value as typeof settings.timeframe })} data-testid="run-timeframe">
                {timeframes.map((tf) => (
                  <option key={tf} value={tf}>
                    {tf}
                  </option>
                ))}
              </select>
            </label>
            <div className="wb-run__pair">
              <label className="field">
                <span className="field__label">{t('workbench.run.from')}</span>
                <input type="date" value={settings.from} min={picked ? formatTs(picked.firstTs, false) : undefined} max={picked ? formatTs(picked.lastTs, false) : undefined} onChange={(e) => setSettings({ from: e.target.value })} placeholder={picked ? formatTs(picked.firstTs, false) : ''} />
              </label>
              <label className="field">
                <span className="field__label">{t('workbench.run.to')}</span>
                <input type="date" value={settings.to} min={picked ? formatTs(picked.firstTs, false) : undefined} max={picked ? formatTs(picked.lastTs, false) : undefined} onChange={(e) => setSettings({ to: e.target.value })} />
              </label>
            </div>
            {picked && (
              <p className="panel__hint mono">
                {formatTs(picked.firstTs, false)} → {formatTs(picked.lastTs, false)} · {picked.count}
              </p>
            )}
          </div>
        )}
      </section>

      <section className="wb-run__section">
        <h2 className="panel__title">{t('workbench.run.costs')}</h2>
        <div className="wb-run__fields">
          <label className="field">
            <span className="field__label">{t('workbench.run.cash')}</span>
            <input type="number" min={1} step="any" value={settings.cash} onChange={(e) => setSettings({ cash: Number(e.target.value) })} data-testid="run-cash" />
          </label>
          <div className="wb-run__pair">
            <label className="field">
              <span className="field__label">{t('workbench.run.commission')}</span>
              <input type="number" min={0} step="any" value={settings.commissionPct} onChange={(e) => setSettings({ commissionPct: Number(e.target.value) })} />
            </label>
            <label className="field">
              <span className="field__label">{t('workbench.run.slippage')}</span>
              <input type="number" min={0} step="any" value={settings.slippageBps} onChange={(e) => setSettings({ slippageBps: Number(e.target.value) })} />
            </label>
          </div>
        </div>
      </section>

      <section className="wb-run__section wb-run__go">
        {running ? (
          <>
            <ProgressBar done={running.progress?.done ?? 0} total={running.progress?.total ?? 0} label={t(`workbench.run.phase.${running.progress?.phase ?? 'run'}`, { defaultValue: t('workbench.run.running') })} />
            <button type="button" className="btn btn--block" onClick={cancel} data-testid="run-cancel">
              {t('workbench.run.cancel')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn btn--primary btn--block" disabled={!canRun || !paramsOk || !picked} onClick={onRun} data-testid="run-backtest" title="Ctrl+Enter">
              {t('workbench.run.run')}
            </button>
            {blockedReason && <p className="panel__hint">{blockedReason}</p>}
          </>
        )}
        {error && <ErrorMessage error={error} />}
      </section>
    </aside>
  );
}
