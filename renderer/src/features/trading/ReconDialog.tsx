import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText } from '../../app/errors';
import { useTrading } from './trading-store';

/** The reconciliation diff with a choice per difference; nothing trades on the account until it is clean. */
export function ReconDialog({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const recon = useTrading((s) => s.recon);
  const ref = useRef<HTMLDialogElement>(null);
  const [choices, setChoices] = useState<Record<number, 'adopt-venue' | 'cancel' | 'flatten'>>({});
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const items = recon?.accountId === accountId ? recon.items : [];
  const apply = async () => {
    try {
      setError(null);
      const decisions = items.filter((i) => i.choices.length > 0).map((i) => ({ item: i.index, choice: choices[i.index] ?? i.choices[0], ...(i.instrumentId ? { instrumentId: i.instrumentId as never } : {}) }));
      const r = await client().call('reconcile.resolve', { accountId, decisions });
      useTrading.setState({ recon: r });
      void useTrading.getState().refresh();
      if (r.outcome === 'clean') onClose();
    } catch (e) {
      setError(e);
    }
  };
  const rerun = async () => {
    try {
      useTrading.setState({ recon: await client().call('reconcile.run', { accountId }) });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <dialog ref={ref} className="dialog recon" aria-labelledby="recon-title" onCancel={(e) => (e.preventDefault(), onClose())} data-testid="recon-dialog">
      <h2 id="recon-title" className="dialog__title">
        {t('trading.recon.title', { account: accountId })}
      </h2>
      <div className="dialog__body">
        {recon?.outcome === 'clean' ? <p>{t('trading.recon.clean')}</p> : <p>{recon?.outcome === 'halted' ? t('trading.recon.halted') : t('trading.recon.intro')}</p>}
        {recon?.reasons.length ? (
          <ul className="recon__reasons">
            {recon.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        ) : null}
        <table className="table table--dense recon__items" data-testid="recon-items">
          <tbody>
            {items.map((i) => (
              <tr key={i.index} data-testid={`recon-item-${i.index}`} data-kind={i.kind}>
                <td className="recon__kind">{t(`trading.recon.kinds.${i.kind}`, { defaultValue: i.kind })}</td>
                <td className="mono recon__summary">{i.summary}</td>
                <td>
                  {i.choices.length ? (
                    <div className="recon__choices" role="radiogroup" aria-label={t('trading.recon.choice')}>
                      {i.choices.map((c) => (
                        <label key={c} className="field--check">
                          <input type="radio" name={`recon-${i.index}`} checked={(choices[i.index] ?? i.choices[0]) === c} onChange={() => setChoices({ ...choices, [i.index]: c })} data-testid={`recon-choice-${i.index}-${c}`} />
                          <span>{t(`trading.recon.choices.${c}`)}</span>
                        </label>
                      ))}
                    </div>
                  ) : (
                    <span className="trading__bad">{t('trading.recon.noChoice')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {error ? <ErrorMessage error={errorText(error)} /> : null}
      </div>
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={() => void rerun()}>
          {t('trading.recon.rerun')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.close', { defaultValue: 'Close' })}
        </button>
        <button type="button" className="btn btn--primary" onClick={() => void apply()} disabled={items.length === 0} data-testid="recon-apply">
          {t('trading.recon.apply')}
        </button>
      </div>
    </dialog>
  );
}
