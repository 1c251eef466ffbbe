import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { errorText } from '../errors';
import { useKillSwitch } from './kill-switch-store';

/**
 * The kill switch's one confirmation: which accounts (all by default), halt or reduce-only,
 * cancelling every open order (always part of it), and flattening (opt-in). Cancel has the focus,
 * so Enter alone never halts anything.
 */
export function KillConfirmDialog({ accounts, onCancel, onDone }: { accounts: string[]; onCancel: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [scope, setScope] = useState('*');
  const [mode, setMode] = useState<'halted' | 'reduce-only'>('halted');
  const [flatten, setFlatten] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    cancelRef.current?.focus();
    return () => d?.close();
  }, []);
  const engage = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await client().call('kill.engage', { ...(scope === '*' ? {} : { accountId: scope }), mode, flatten, reason: 'kill switch (app shell)' });
      useKillSwitch.setState({ states: r.states });
      void useKillSwitch.getState().load();
      onDone(t('kill.done', { stopped: r.stopped, canceled: r.canceled, unknown: r.unknown, flattened: r.flattened }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog kill-confirm" aria-labelledby="kill-confirm-title" onCancel={(e) => (e.preventDefault(), onCancel())} data-testid="kill-confirm">
      <h2 id="kill-confirm-title" className="dialog__title">
        {t('kill.confirm.title')}
      </h2>
      <p className="dialog__body">{t('kill.confirm.body')}</p>
      <div className="kill-confirm__fields">
        <label className="field">
          <span className="field__label">{t('kill.confirm.scope')}</span>
          <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="kill-confirm-scope">
            <option value="*">{t('kill.scopeAll')}</option>
            {accounts.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="kill-confirm__modes">
          <legend className="field__label">{t('kill.confirm.mode')}</legend>
          {(['halted', 'reduce-only'] as const).map((m) => (
            <label key={m} className="field--check">
              <input type="radio" name="kill-mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`kill-confirm-mode-${m}`} />
              <span>{t(`kill.confirm.modes.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        <label className="field--check">
          {/* always part of the kill switch: shown so nobody wonders whether resting orders stay */}
          <input type="checkbox" checked disabled data-testid="kill-confirm-cancel" />
          <span>{t('kill.confirm.cancelOrders')}</span>
        </label>
        <label className="field--check">
          <input type="checkbox" checked={flatten} onChange={(e) => setFlatten(e.target.checked)} data-testid="kill-confirm-flatten" />
          <span>{t('kill.confirm.flatten')}</span>
        </label>
      </div>
      {error ? <ErrorMessage error={errorText(error)} /> : null}
      <div className="dialog__actions">
        <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn--danger" disabled={busy} onClick={() => void engage()} data-testid="kill-confirm-go">
          {mode === 'halted' ? t('kill.confirm.go') : t('kill.confirm.goReduceOnly')}
        </button>
      </div>
    </dialog>
  );
}
