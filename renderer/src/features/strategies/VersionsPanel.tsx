import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StrategyDetail } from '../../../../shared/contract/strategies';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText, type UiError } from '../../app/errors';
import { formatTs } from '../../app/format';
import type { Theme } from '../../stores/settings';
import { DiffView } from './DiffView';
import { useStrategies } from './strategies-store';

/** The history of a strategy: tick two versions for a diff; restore appends an old version as the newest. */
export function VersionsPanel({ detail, theme }: { detail: StrategyDetail; theme: Theme }) {
  const { t } = useTranslation();
  const restore = useStrategies((s) => s.restore);
  const [picked, setPicked] = useState<number[]>(() => detail.versions.slice(0, 2).map((v) => v.version));
  const [sources, setSources] = useState<{ a: string; b: string } | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const pair = picked.length === 2 ? [Math.min(...picked), Math.max(...picked)] : null;

  useEffect(() => {
    setPicked(detail.versions.slice(0, 2).map((v) => v.version));
  }, [detail.id, detail.versions.length]);

  useEffect(() => {
    if (!pair) return setSources(null);
    let live = true;
    Promise.all(pair.map((version) => client().api.strategies.get({ id: detail.id, version })))
      .then(([a, b]) => live && setSources({ a: a.source, b: b.source }))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [detail.id, pair?.[0], pair?.[1]]);

  const toggle = (v: number) => setPicked((p) => (p.includes(v) ? p.filter((x) => x !== v) : [...p, v].slice(-2)));

  return (
    <div className="wb-history">
      <div className="wb-history__list">
        <p className="panel__hint">{t('workbench.strategies.compareHint')}</p>
        <table className="table table--dense" data-testid="versions">
          <tbody>
            {detail.versions.map((v) => (
              <tr key={v.version}>
                <td>
                  <input type="checkbox" checked={picked.includes(v.version)} onChange={() => toggle(v.version)} aria-label={t('workbench.strategies.version', { version: v.version })} data-testid={`version-check-${v.version}`} />
                </td>
                <td className="mono">{t('workbench.strategies.version', { version: v.version })}</td>
                <td className="mono">{formatTs(v.createdAt)}</td>
                <td className="wb-muted">{v.message ?? t('workbench.strategies.lines', { count: v.lines })}</td>
                <td>
                  {v.version !== detail.latestVersion && (
                    <button type="button" className="btn btn--small" onClick={() => void restore(v.version)}>
                      {t('workbench.strategies.restore')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <ErrorMessage error={error} />}
      {pair && sources && (
        <div className="wb-history__diff">
          <div className="wb-history__diff-title mono">{t('workbench.strategies.diffTitle', { a: pair[0], b: pair[1] })}</div>
          <DiffView original={sources.a} modified={sources.b} theme={theme} />
        </div>
      )}
    </div>
  );
}
