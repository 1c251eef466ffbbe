import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDto } from '../../../../shared/contract/trading';
import { client } from '../../api/client';
import { useTrading } from './trading-store';

/** In the Trading header, for the selected account: one press halts its strategies and cancels its orders (persisted). The app shell has the one for every account. */
export function KillSwitchButton({ account }: { account: AccountDto }) {
  const { t } = useTranslation();
  const [flatten, setFlatten] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const engaged = account.killSwitch !== 'off';
  const engage = async () => {
    setBusy(true);
    try {
      const r = await client().call('kill.engage', { accountId: account.id, flatten, reason: 'Trading screen' });
      setMessage(t('trading.kill.done', { stopped: r.stopped, canceled: r.canceled, unknown: r.unknown }));
    } catch (e) {
      setMessage(String((e as Error).message ?? e));
    } finally {
      setBusy(false);
      void useTrading.getState().refresh();
    }
  };
  const release = async () => {
    await client().call('kill.release', { accountId: account.id });
    setMessage(null);
    void useTrading.getState().refresh();
  };
  return (
    <div className="killswitch" data-testid="kill-switch">
      {engaged ? (
        <>
          <span className="killswitch__state" data-testid="kill-state">
            {t(`kill.engaged.${account.killSwitch}`)}
          </span>
          <button type="button" className="btn btn--small" onClick={() => void release()} data-testid="kill-release">
            {t('trading.kill.release')}
          </button>
        </>
      ) : (
        <>
          <label className="field--check killswitch__flatten">
            <input type="checkbox" checked={flatten} onChange={(e) => setFlatten(e.target.checked)} />
            <span>{t('trading.kill.flatten')}</span>
          </label>
          <button type="button" className="btn btn--danger killswitch__button" disabled={busy} onClick={() => void engage()} data-testid="kill-engage">
            {t('trading.kill.button')}
          </button>
        </>
      )}
      {message && <span className="killswitch__msg" data-testid="kill-message">{message}</span>}
    </div>
  );
}
