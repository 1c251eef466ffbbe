import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText } from '../../app/errors';
import { useTrading } from './trading-store';

/** One id per transfer: a click that repeats the same request after a lost answer is booked once. */
const newRef = () => `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** Deposit into or withdraw from a paper account (an exchange account's money moves at the exchange). */
export function TransferForm({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ currency: 'USDT', amount: '' });
  const [ref, setRef] = useState(newRef);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const edit = (patch: Partial<typeof form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setRef(newRef()); // a different request is a different transfer
    setDone(null);
  };
  const send = async (direction: 'deposit' | 'withdrawal') => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await client().call('accounts.transfer', { accountId, currency: form.currency.trim().toUpperCase(), amount: form.amount.trim(), direction, ref });
      setDone(t(`trading.transfer.${direction}Done`, { amount: form.amount.trim(), currency: r.balance.currency, total: r.balance.total }));
      setRef(newRef());
      setForm((f) => ({ ...f, amount: '' }));
      void useTrading.getState().refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const valid = /^\d+(\.\d+)?$/.test(form.amount.trim()) && /[1-9]/.test(form.amount) && /^[A-Za-z0-9]{1,16}$/.test(form.currency.trim());
  return (
    <div className="trading__transfer" data-testid="transfer-form">
      <h3 className="trading__subtitle">{t('trading.transfer.title')}</h3>
      <div className="trading__form trading__form--row">
        <label className="field">
          <span className="field__label">{t('trading.balances.currency')}</span>
          <input value={form.currency} onChange={(e) => edit({ currency: e.target.value })} size={6} data-testid="transfer-currency" />
        </label>
        <label className="field">
          <span className="field__label">{t('trading.transfer.amount')}</span>
          <input value={form.amount} onChange={(e) => edit({ amount: e.target.value })} inputMode="decimal" size={10} data-testid="transfer-amount" />
        </label>
        <span className="trading__actions">
          <button type="button" className="btn btn--small" disabled={!valid || busy} onClick={() => void send('deposit')} data-testid="transfer-deposit">
            {t('trading.transfer.deposit')}
          </button>
          <button type="button" className="btn btn--small" disabled={!valid || busy} onClick={() => void send('withdrawal')} data-testid="transfer-withdraw">
            {t('trading.transfer.withdraw')}
          </button>
        </span>
      </div>
      {done && (
        <p className="notice notice--ok" data-testid="transfer-result">
          {done}
        </p>
      )}
      {error ? <ErrorMessage error={errorText(error)} /> : null}
    </div>
  );
}
