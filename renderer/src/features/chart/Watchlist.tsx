import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { formatNumber, priceDecimals } from '../../app/format';
import '../data/market-data.css';
import { Sparkline } from './Sparkline';
import { useWatchlist } from './watchlist-store';

/** Symbols to follow: last price, 24h change and a 24h sparkline, live over the ticker feed. */
export function Watchlist() {
  const { t, i18n } = useTranslation();
  const { items, quotes, error, load, add, remove } = useWatchlist();
  const [exchange, setExchange] = useState('binance');
  const [symbol, setSymbol] = useState('');
  const [baseUrl, setBaseUrl] = useState('');

  useEffect(() => {
    void load(client());
  }, [load]);

  return (
    <aside className="watchlist" aria-labelledby="watchlist-title" data-testid="watchlist">
      <h2 id="watchlist-title" className="panel__title">
        {t('market.watchlist.title')}
      </h2>
      <form
        className="watchlist__add"
        onSubmit={(e) => {
          e.preventDefault();
          if (symbol.trim()) void add(client(), exchange, symbol, baseUrl).then((ok) => ok && setSymbol(''));
        }}
      >
        <input value={exchange} onChange={(e) => setExchange(e.target.value)} aria-label={t('market.watchlist.exchange')} spellCheck={false} />
        <input value={symbol} onChange={(e) => setSymbol(e.target.value)} aria-label={t('market.watchlist.symbol')} placeholder="BTC/USDT" spellCheck={false} data-testid="watchlist-symbol" />
        <button type="submit" className="btn btn--small" data-testid="watchlist-add">
          {t('market.watchlist.add')}
        </button>
      </form>
      <input
        className="watchlist__base-url"
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.target.value)}
        aria-label={t('market.download.baseUrl')}
        placeholder={t('market.download.baseUrl')}
        spellCheck={false}
        data-testid="watchlist-base-url"
      />
      {error && <ErrorMessage error={error} />}
      {items.length === 0 && <div className="muted">{t('market.watchlist.empty')}</div>}
      {items.map((it) => {
        const q = quotes[it.instrumentId];
        const change = q?.changePct ?? null;
        return (
          <div key={it.instrumentId} className="watchlist__row" data-testid="watchlist-row" title={q?.error}>
            <span className="watchlist__symbol">
              {it.symbol} <span className="muted">{it.exchange}</span>
            </span>
            <span className="watchlist__last mono">{q?.last != null ? formatNumber(q.last, priceDecimals(q.last), i18n.language) : '—'}</span>
            <Sparkline values={q?.sparkline ?? []} />
            <span className={`watchlist__last mono ${change === null ? '' : change >= 0 ? 'watchlist__up' : 'watchlist__down'}`}>
              {change === null ? '—' : `${change >= 0 ? '+' : ''}${formatNumber(change, 2, i18n.language)}%`}{' '}
              <button type="button" className="btn btn--small btn--ghost" onClick={() => void remove(client(), it.instrumentId)} aria-label={t('market.watchlist.remove', { instrument: it.instrumentId })}>
                ×
              </button>
            </span>
          </div>
        );
      })}
    </aside>
  );
}
