import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTs } from '../../app/format';
import { formatMetric, formatPrice } from './metric-defs';
import { viewTrades, visibleWindow, type TradeRow, type TradeSort, type TradeSortKey } from './trades-view';

const ROW = 28;
const COLS: TradeSortKey[] = ['id', 'direction', 'entryTs', 'entryPrice', 'exitTs', 'exitPrice', 'size', 'netPnl', 'returnPct', 'barsHeld'];
const LABEL: Record<TradeSortKey, string> = { id: 'n', direction: 'side', entryTs: 'entryTime', entryPrice: 'entryPrice', exitTs: 'exitTime', exitPrice: 'exitPrice', size: 'size', netPnl: 'pnl', returnPct: 'returnPct', barsHeld: 'bars' };

/** Every trade (virtualised: only the rows in view are in the DOM), sortable by any column, filterable; a click jumps the chart to the trade. */
export function TradesTable({ trades, onPick }: { trades: readonly TradeRow[]; onPick(t: TradeRow): void }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<TradeSort>({ key: 'id', desc: false });
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(320);
  const rows = useMemo(() => viewTrades(trades, filter, sort), [trades, filter, sort]);
  const { start, end } = visibleWindow(scrollTop, viewport, ROW, rows.length);
  if (trades.length === 0) return <p className="panel__hint">{t('workbench.result.noTrades')}</p>;
  const cell = (r: TradeRow, k: TradeSortKey) => {
    const v = r[k];
    if (k === 'direction') return t(`workbench.result.${r.direction}`);
    if (k === 'entryTs' || k === 'exitTs') return v === null ? t('workbench.result.open') : formatTs(v as number);
    if (k === 'returnPct') return formatMetric(v as number, 'pct', i18n.language);
    if (k === 'netPnl') return formatMetric(v as number, 'money', i18n.language);
    if (k === 'entryPrice' || k === 'exitPrice') return formatPrice(v as number | null, i18n.language);
    return v === null ? '—' : String(v);
  };
  return (
    <div className="wb-trades">
      <input className="wb-trades__filter" type="search" placeholder={t('workbench.result.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={t('workbench.result.filter')} />
      <div className="wb-trades__head" role="row">
        {COLS.map((k) => (
          <button key={k} type="button" role="columnheader" aria-sort={sort.key === k ? (sort.desc ? 'descending' : 'ascending') : 'none'} className="wb-trades__th" onClick={() => setSort((s) => ({ key: k, desc: s.key === k ? !s.desc : false }))}>
            {t(`workbench.result.col.${LABEL[k]}`)}
            {sort.key === k ? (sort.desc ? ' ▼' : ' ▲') : ''}
          </button>
        ))}
      </div>
      <div
        className="wb-trades__body"
        role="rowgroup"
        data-testid="trades-table"
        ref={(el) => {
          if (el && el.clientHeight && el.clientHeight !== viewport) setViewport(el.clientHeight);
        }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: rows.length * ROW, position: 'relative' }}>
          {rows.slice(start, end).map((r, i) => (
            <div key={r.id} role="row" tabIndex={0} className={`wb-trades__row${r.netPnl > 0 ? ' wb-up' : r.netPnl < 0 ? ' wb-down' : ''}`} style={{ top: (start + i) * ROW, height: ROW }} onClick={() => onPick(r)} onKeyDown={(e) => e.key === 'Enter' && onPick(r)} data-testid="trade-row">
              {COLS.map((k) => (
                <span key={k} role="cell" className="wb-trades__td mono">
                  {cell(r, k)}
                </span>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
