import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { errorText } from '../errors';
import { KillConfirmDialog } from './KillConfirmDialog';
import { haltSummary, useKillSwitch } from './kill-switch-store';
import './kill-switch.css';

/**
 * The kill switch in the sidebar, on every screen: one click opens the confirmation, and the
 * button turns into the live state (halted / reduce-only, which scope) with a release.
 */
export function ShellKillSwitch() {
  const { t } = useTranslation();
  const { states, accounts, load } = useKillSwitch();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void load();
  }, [load]);
  const h = haltSummary(states, accounts);
  const engaged = h.global ?? h.accounts[0] ?? null;
  const release = async (scope: string) => {
    try {
      setError(null);
      useKillSwitch.setState({ states: await client().call('kill.release', scope === '*' ? {} : { accountId: scope }) });
      setMessage(null);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className={`shell-kill${engaged ? ' shell-kill--engaged' : ''}`} data-testid="shell-kill">
      {engaged ? (
        <>
          {[...(h.global ? [h.global] : []), ...h.accounts].map((s) => (
            <div key={s.scope} className="shell-kill__state" data-testid={`shell-kill-state-${s.scope === '*' ? 'all' : s.scope}`}>
              <span className="shell-kill__dot" aria-hidden="true" />
              <strong>{t(`kill.engaged.${s.mode}`)}</strong>
              <span />
              <span>{s.scope === '*' ? t('kill.scopeAll') : s.scope}</span>
              <button type="button" className="btn btn--small btn--block" onClick={() => void release(s.scope)} data-testid={`shell-kill-release-${s.scope === '*' ? 'all' : s.scope}`}>
                {t('kill.release')}
              </button>
            </div>
          ))}
          {!h.global && (
            <button type="button" className="btn btn--danger btn--block btn--small" onClick={() => setConfirming(true)} data-testid="shell-kill-engage">
              {t('kill.button')}
            </button>
          )}
        </>
      ) : (
        <button type="button" className="btn btn--danger btn--block shell-kill__button" title={t('kill.buttonHint')} onClick={() => setConfirming(true)} data-testid="shell-kill-engage">
          {t('kill.button')}
        </button>
      )}
      {message && (
        <p className="shell-kill__msg" data-testid="shell-kill-message">
          {message}
        </p>
      )}
      {error ? <ErrorMessage error={errorText(error)} /> : null}
      {confirming && (
        <KillConfirmDialog
          accounts={accounts.map((a) => a.id)}
          onCancel={() => setConfirming(false)}
          onDone={(m) => {
            setConfirming(false);
            setMessage(m);
          }}
        />
      )}
    </div>
  );
}
