import { useTranslation } from 'react-i18next';
import { formatTs } from '../../app/format';
import { formatPrice } from './metric-defs';

const MAX_ROWS = 2000;
const KNOWN = { side: ['buy', 'sell'], type: ['market', 'limit', 'stop', 'stop-limit'], status: ['accepted', 'partially-filled', 'filled', 'cancelled', 'rejected'] } as const;

/** The run's orders as the simulated broker recorded them (the first 2000), with why an order was rejected or cancelled. */
export function OrdersTable({ orders, omitted }: { orders: readonly Record<string, unknown>[]; omitted: number }) {
  const { t, i18n } = useTranslation();
  // Engine words (buy, stop-limit, rejected) have labels; anything newer shows as the engine wrote it.
  const word = (kind: keyof typeof KNOWN, v: unknown) => (typeof v === 'string' && (KNOWN[kind] as readonly string[]).includes(v) ? t(`workbench.result.${kind}.${v}`) : String(v ?? ''));
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? formatPrice(v, i18n.language) : '');
  if (orders.length === 0) return <p className="panel__hint">{omitted > 0 ? t('workbench.result.omitted', { count: omitted }) : t('workbench.result.noOrders')}</p>;
  return (
    <div className="table-wrap wb-scroll">
      <table className="table table--dense" data-testid="orders-table">
        <thead>
          <tr>
            {['time', 'symbol', 'side', 'type', 'size', 'price', 'status', 'reason'].map((c) => (
              <th key={c}>{t(`workbench.result.col.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {orders.slice(0, MAX_ROWS).map((o, i) => (
            <tr key={String(o.id ?? i)} className={o.status === 'rejected' ? 'wb-down' : undefined}>
              <td className="mono">{typeof o.createdAt === 'number' ? formatTs(o.createdAt) : ''}</td>
              <td>{String(o.symbol ?? '')}</td>
              <td>{word('side', o.side)}</td>
              <td>{word('type', o.type)}</td>
              <td className="mono">{num(o.size)}</td>
              <td className="mono">{num(o.status === 'filled' || o.status === 'partially-filled' ? o.avgPrice : (o.limitPrice ?? o.stopPrice))}</td>
              <td>{word('status', o.status)}</td>
              <td className="mono wb-muted">{typeof o.reason === 'string' ? o.reason : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {orders.length > MAX_ROWS && <p className="panel__hint">{t('workbench.result.moreRows', { shown: MAX_ROWS, count: orders.length })}</p>}
    </div>
  );
}
