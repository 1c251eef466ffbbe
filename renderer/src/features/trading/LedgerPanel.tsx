import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerRowDto } from '../../../../shared/contract/trading';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText } from '../../app/errors';
import { formatTs } from '../../app/format';
import { Table } from './TradingTable';
import { useTrading } from './trading-store';

/** Every cash movement of the account, newest first; refetched whenever the balances change. */
export function LedgerPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const balances = useTrading((s) => s.balances);
  const [currency, setCurrency] = useState('');
  const [rows, setRows] = useState<LedgerRowDto[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    client()
      .call('trading.ledger', { accountId, limit: 200, ...(currency ? { currency } : {}) })
      .then((r) => live && (setRows(r), setError(null)))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [accountId, currency, balances]);
  return (
    <div data-testid="ledger-panel">
      <label className="field field--inline trading__filter">
        <span className="field__label">{t('trading.balances.currency')}</span>
        <select value={currency} onChange={(e) => setCurrency(e.target.value)} data-testid="ledger-currency">
          <option value="">{t('trading.ledger.allCurrencies')}</option>
          {balances.map((b) => (
            <option key={b.currency}>{b.currency}</option>
          ))}
        </select>
      </label>
      {error ? <ErrorMessage error={errorText(error)} /> : null}
      <Table
        testId="ledger"
        empty={t('trading.ledger.none')}
        head={[t('trading.orders.time'), t('trading.ledger.kind'), t('trading.balances.currency'), t('trading.ledger.amount'), t('trading.ledger.ref'), t('trading.orders.strategy'), t('trading.orders.instrument')]}
        rows={rows.map((r) => [
          formatTs(r.tsEvent),
          t(`trading.ledger.kinds.${r.kind}`),
          r.currency,
          <span className={`mono ${r.amount.startsWith('-') ? 'trading__bad' : 'trading__ok'}`}>{r.amount.startsWith('-') ? r.amount : `+${r.amount}`}</span>,
          <span className="mono">{r.ref}</span>,
          r.strategyId ?? '—',
          r.instrumentId ?? '—',
        ])}
      />
    </div>
  );
}
