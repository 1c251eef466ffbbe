import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorMetaDto, IndicatorParam } from '../../../../../shared/contract/indicators';
import type { ChartIndicator } from './chart-indicators-store';
import { defaultParams } from './indicator-series';

type Choice = Omit<ChartIndicator, 'id'>;
type ParamValues = Record<string, number | string>;

/** Why a value is refused (null when it is fine): the metadata's type and range. */
export function paramProblem(p: IndicatorParam, raw: string): string | null {
  if (p.type === 'enum') return null;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) return 'number';
  if (p.type === 'int' && !Number.isInteger(v)) return 'integer';
  if (v < p.min || v > p.max) return 'range';
  return null;
}

function ParamsForm({ meta, params, placement, submitLabel, onSubmit, onCancel }: { meta: IndicatorMetaDto; params: ParamValues; placement: Choice['placement']; submitLabel: string; onSubmit(c: Choice): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [raw, setRaw] = useState<Record<string, string>>(() => Object.fromEntries(meta.params.map((p) => [p.name, String(params[p.name] ?? p.default)])));
  const [where, setWhere] = useState(placement);
  const problems = meta.params.map((p) => paramProblem(p, raw[p.name] ?? ''));
  const ok = problems.every((x) => x === null);
  const submit = () => {
    if (!ok) return;
    const values: ParamValues = {};
    for (const p of meta.params) {
      const r = raw[p.name];
      if (p.type === 'enum') values[p.name] = p.options.find((o) => String(o) === r) ?? p.default;
      else values[p.name] = Number(r);
    }
    onSubmit({ name: meta.name, params: values, placement: where });
  };
  return (
    <form
      className="ind-form"
      data-testid="indicator-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="ind-form__title">
        <strong className="mono">{meta.name}</strong> {meta.title}
      </div>
      <div className="ind-form__formula muted">{meta.formula}</div>
      {meta.params.map((p, k) => (
        <label key={p.name} className="field" title={p.description}>
          <span className="field__label">
            {p.name}
            {p.type !== 'enum' && <span className="ind-form__range mono"> {t('indicators.range', { min: p.min, max: p.max })}</span>}
          </span>
          {p.type === 'enum' ? (
            <select value={raw[p.name]} onChange={(e) => setRaw({ ...raw, [p.name]: e.target.value })} data-testid={`indicator-param-${p.name}`}>
              {p.options.map((o) => (
                <option key={String(o)} value={String(o)}>
                  {String(o)}
                </option>
              ))}
            </select>
          ) : (
            <input
              type="number"
              inputMode="decimal"
              min={p.min}
              max={p.max}
              step={p.type === 'int' ? 1 : (p.step ?? 'any')}
              value={raw[p.name]}
              aria-invalid={problems[k] !== null}
              onChange={(e) => setRaw({ ...raw, [p.name]: e.target.value })}
              data-testid={`indicator-param-${p.name}`}
            />
          )}
        </label>
      ))}
      <fieldset className="ind-form__where">
        <legend className="field__label">{t('indicators.placement')}</legend>
        {(['overlay', 'pane'] as const).map((w) => (
          <label key={w} className="field--check">
            <input type="radio" name={`where-${meta.name}`} checked={where === w} onChange={() => setWhere(w)} data-testid={`indicator-placement-${w}`} />
            {t(`indicators.${w}`)}
          </label>
        ))}
      </fieldset>
      <div className="ind-form__actions">
        <button type="button" className="btn btn--small" onClick={onCancel}>
          {t('indicators.cancel')}
        </button>
        <button type="submit" className="btn btn--small btn--primary" disabled={!ok} data-testid="indicator-submit">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/**
 * Without `initial`: an "Indicators" button opening a searchable list of every indicator, then
 * its params form. With `initial`: the form for an indicator already on the chart (edit).
 */
export function IndicatorPicker({ meta, initial, onSubmit, onClose }: { meta: IndicatorMetaDto[]; initial?: { meta: IndicatorMetaDto; params: ParamValues; placement: Choice['placement'] }; onSubmit(c: Choice): void; onClose?(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<IndicatorMetaDto | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const close = () => {
    setOpen(false);
    setChosen(null);
    setQuery('');
    onClose?.();
  };

  useEffect(() => {
    if (!open && !initial) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hit = meta.filter((m) => !q || m.name.toLowerCase().includes(q) || m.title.toLowerCase().includes(q));
    const by = new Map<string, IndicatorMetaDto[]>();
    for (const m of hit) by.set(m.group, [...(by.get(m.group) ?? []), m]);
    return [...by.entries()];
  }, [meta, query]);

  if (initial) {
    return (
      <div className="ind-pop ind-pop--edit" ref={rootRef}>
        <ParamsForm meta={initial.meta} params={initial.params} placement={initial.placement} submitLabel={t('indicators.apply')} onSubmit={onSubmit} onCancel={close} />
      </div>
    );
  }

  return (
    <div className="ind-picker" ref={rootRef}>
      <button type="button" className="btn btn--small" aria-expanded={open} onClick={() => (open ? close() : setOpen(true))} data-testid="indicators-button" disabled={meta.length === 0}>
        ƒx {t('indicators.button')}
      </button>
      {open && (
        <div className="ind-pop" role="dialog" aria-label={t('indicators.title')}>
          {chosen ? (
            <ParamsForm
              meta={chosen}
              params={defaultParams(chosen)}
              placement={chosen.display}
              submitLabel={t('indicators.add')}
              onSubmit={(c) => {
                onSubmit(c);
                close();
              }}
              onCancel={() => setChosen(null)}
            />
          ) : (
            <>
              <input className="ind-pop__search" autoFocus type="search" placeholder={t('indicators.search')} aria-label={t('indicators.search')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="indicator-search" />
              <div className="ind-pop__list">
                {groups.length === 0 && <div className="muted pad">{t('indicators.none')}</div>}
                {groups.map(([group, items]) => (
                  <div key={group}>
                    <div className="ind-pop__group">{t(`indicators.groups.${group}`)}</div>
                    {items.map((m) => (
                      <button type="button" key={m.name} className="ind-pop__item" onClick={() => setChosen(m)} data-testid={`indicator-option-${m.name}`}>
                        <span className="mono">{m.name}</span>
                        <span className="muted">{m.title}</span>
                      </button>
                    ))}
                  </div>
                ))}
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
