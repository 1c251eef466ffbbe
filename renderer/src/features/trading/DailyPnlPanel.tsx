import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyPnlRowDto } from '../../../../shared/contract/trading';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText } from '../../app/errors';
import { formatTs } from '../../app/format';
import { Table } from './TradingTable';
import { useTrading } from './trading-store';

const DAY_MS = 86_400_000;
const RANGES = [7, 30, 90] as const;

/** Per strategy and instrument, the close of each UTC day (written by the engine) and today so far. */
export function DailyPnlPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const balances = useTrading((s) => s.balances);
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const [rows, setRows] = useState<DailyPnlRowDto[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const from = Math.floor(Date.now() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
    client()
      .call('trading.dailyPnl', { accountId, from })
      .then((r) => live && (setRows([...r].reverse()), setError(null)))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [accountId, days, balances]);
  const signed = (v: string | null) => (v === null ? '—' : <span className={`mono ${v.startsWith('-') ? 'trading__bad' : 'trading__ok'}`}>{v}</span>);
  return (
    <div data-testid="daily-pnl-panel">
      <label className="field field--inline trading__filter">
        <span className="field__label">{t('trading.dailyPnl.range')}</span>
        <select value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof RANGES)[number])} data-testid="daily-pnl-range">
          {RANGES.map((d) => (
            <option key={d} value={d}>
              {t('trading.dailyPnl.lastDays', { count: d })}
            </option>
          ))}
        </select>
      </label>
      {error ? <ErrorMessage error={errorText(error)} /> : null}
      <Table
        testId="daily-pnl"
        empty={t('trading.dailyPnl.none')}
        head={[t('trading.dailyPnl.day'), t('trading.orders.strategy'), t('trading.orders.instrument'), t('trading.positions.qty'), t('trading.dailyPnl.mark'), t('trading.positions.pnl'), t('trading.dailyPnl.unrealized'), t('trading.positions.fees'), t('trading.dailyPnl.change')]}
        rows={rows.map((r) => [
          r.final ? formatTs(r.day, false) : <span title={t('trading.dailyPnl.todayHint')}>{t('trading.dailyPnl.today')}</span>,
          r.strategyId,
          r.instrumentId,
          r.quantity,
          r.mark ?? '—',
          r.realizedPnl,
          r.unrealizedPnl ?? <span title={t('trading.dailyPnl.noMark')}>—</span>,
          r.fees,
          signed(r.dayPnl),
        ])}
      />
      <p className="muted trading__note">{t('trading.dailyPnl.note')}</p>
    </div>
  );
}
