import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDto } from '../../../../shared/contract/trading';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText } from '../../app/errors';
import { useTrading } from '../trading/trading-store';
import '../trading/trading.css';

type KeyStatus = { field: string; label: string; set: boolean };

/** One account's key: set / not set per field, and fields to replace it. Values never come back. */
function AccountKeys({ account }: { account: AccountDto }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<KeyStatus[]>([]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (account.kind === 'paper') return;
    client().call('accounts.keyStatus', { accountId: account.id }).then(setStatus).catch(setError);
  }, [account.id, account.kind]);
  if (account.kind === 'paper') return <span className="trading__empty">paper</span>;
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setNote(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <div className="settings__keys">
        {status.map((s) => (
          <label key={s.field} className="field">
            <span className="field__label">
              {s.label}: <strong data-testid={`key-${account.id}-${s.field}`}>{s.set ? t('trading.settings.set') : t('trading.settings.notSet')}</strong>
            </span>
            <input type="password" autoComplete="off" value={values[s.field] ?? ''} onChange={(e) => setValues({ ...values, [s.field]: e.target.value })} data-testid={`key-input-${account.id}-${s.field}`} />
          </label>
        ))}
        <button type="button" className="btn btn--small btn--primary" onClick={() => void run(async () => (setStatus(await client().call('accounts.setKeys', { accountId: account.id, values })), setValues({})))} data-testid={`key-save-${account.id}`}>
          {t('trading.settings.saveKeys')}
        </button>
        <button type="button" className="btn btn--small" onClick={() => void run(async () => setNote(t('trading.settings.testOk', { count: (await client().call('accounts.testKeys', { accountId: account.id })).currencies })))} data-testid={`key-test-${account.id}`}>
          {t('trading.settings.test')}
        </button>
        <button type="button" className="btn btn--small btn--ghost-danger" onClick={() => void run(async () => setStatus(await client().call('accounts.removeKeys', { accountId: account.id })))}>
          {t('trading.settings.removeKeys')}
        </button>
      </div>
      {note && <p className="notice notice--ok" data-testid={`key-note-${account.id}`}>{note}</p>}
      {error ? <ErrorMessage error={errorText(error)} /> : null}
    </div>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { accounts, loadAccounts } = useTrading();
  const [form, setForm] = useState({ id: '', exchange: 'binance', paper: false, baseUrl: '', sandbox: false, balance: '100000' });
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void loadAccounts();
  }, [loadAccounts]);
  const add = async () => {
    setError(null);
    try {
      await client().call('accounts.add', { id: form.id, exchange: form.exchange, paper: form.paper, sandbox: form.sandbox, ...(form.baseUrl ? { baseUrl: form.baseUrl } : {}), ...(form.paper ? { startingBalances: { USDT: form.balance } } : {}) });
      setForm({ ...form, id: '' });
      await loadAccounts();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="screen screen--scroll" data-testid="screen-settings">
      <header className="screen__head">
        <h1 className="screen__title">{t('trading.settings.title')}</h1>
      </header>
      <section className="panel">
        <h2 className="panel__title">{t('trading.settings.add')}</h2>
        <div className="trading__form trading__form--row">
          <label className="field">
            <span className="field__label">{t('trading.settings.id')}</span>
            <input value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} placeholder="sim" data-testid="account-id" />
          </label>
          <label className="field">
            <span className="field__label">{t('trading.settings.exchange')}</span>
            <input value={form.exchange} onChange={(e) => setForm({ ...form, exchange: e.target.value })} data-testid="account-exchange" />
          </label>
          <label className="field trading__grow">
            <span className="field__label">{t('trading.settings.baseUrl')}</span>
            <input value={form.baseUrl} onChange={(e) => setForm({ ...form, baseUrl: e.target.value })} placeholder="http://127.0.0.1:7431" data-testid="account-base-url" />
          </label>
          <label className="field field--check">
            <input type="checkbox" checked={form.paper} onChange={(e) => setForm({ ...form, paper: e.target.checked })} data-testid="account-paper" />
            <span>{t('trading.settings.paper')}</span>
          </label>
          <label className="field field--check">
            <input type="checkbox" checked={form.sandbox} onChange={(e) => setForm({ ...form, sandbox: e.target.checked })} />
            <span>{t('trading.settings.sandbox')}</span>
          </label>
          {form.paper && (
            <label className="field">
              <span className="field__label">{t('trading.settings.startingBalance')}</span>
              <input value={form.balance} onChange={(e) => setForm({ ...form, balance: e.target.value })} />
            </label>
          )}
          <button type="button" className="btn btn--primary" onClick={() => void add()} disabled={!form.id} data-testid="account-add">
            {t('trading.settings.add')}
          </button>
        </div>
        {error ? <ErrorMessage error={errorText(error)} /> : null}
      </section>
      <section className="panel">
        <h2 className="panel__title">{t('trading.settings.accounts')}</h2>
        <p className="panel__hint">{t('trading.settings.keyHint')}</p>
        <table className="table" data-testid="accounts-table">
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>
                  <strong>{a.id}</strong>
                  <div className="trading__empty">
                    {a.kind} · {a.venue}
                    {a.baseUrl ? ` · ${a.baseUrl}` : ''}
                    {a.sandbox ? ' · sandbox' : ''}
                  </div>
                </td>
                <td>
                  <AccountKeys account={a} />
                </td>
                <td>
                  <button type="button" className="btn btn--small btn--ghost-danger" onClick={() => void client().call('accounts.remove', { accountId: a.id }).then(loadAccounts).catch(setError)}>
                    {t('trading.settings.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
