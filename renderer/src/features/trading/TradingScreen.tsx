import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderTicket } from '../../../../shared/contract/trading';
import { client } from '../../api/client';
import { EmptyState } from '../../app/components/EmptyState';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { errorText } from '../../app/errors';
import { formatTs } from '../../app/format';

/** Open orders are today's, mostly: the time of day (UTC) says enough, the full time is on hover. */
function formatClock(ts: number): string {
  return new Date(ts).toISOString().slice(11, 19);
}

function symbolOf(instrumentId: string): string {
  const at = instrumentId.lastIndexOf('@');
  return at > 0 ? instrumentId.slice(0, at) : instrumentId;
}
import { useNavigation } from '../../stores/navigation';
import { DailyPnlPanel } from './DailyPnlPanel';
import { KillSwitchButton } from './KillSwitchButton';
import { LedgerPanel } from './LedgerPanel';
import { ReconDialog } from './ReconDialog';
import { Table } from './TradingTable';
import { TransferForm } from './TransferForm';
import { useTrading } from './trading-store';
import './trading.css';

type Preview = { notional: string | null; feeEstimate: string | null; feeCurrency: string; check: { ok: boolean; rule?: string; reason?: string } };

function OrderTicketPanel({ accountId, venue }: { accountId: string; venue: string }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ symbol: 'BTC/USDT', side: 'buy' as 'buy' | 'sell', kind: 'limit' as OrderTicket['kind'], quantity: '0.01', price: '', triggerPrice: '', referencePrice: '', takeProfit: '', stopLoss: '', timeInForce: 'GTC' as OrderTicket['timeInForce'], reduceOnly: false });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // a bracket's entry is a market or limit order; its exits are the take-profit and stop-loss
  const canBracket = form.kind === 'market' || form.kind === 'limit';
  const ticket = (): OrderTicket => ({
    accountId,
    instrumentId: `${form.symbol}@${venue}` as OrderTicket['instrumentId'],
    side: form.side,
    kind: form.kind,
    quantity: form.quantity,
    ...(form.price ? { price: form.price } : {}),
    ...(form.triggerPrice ? { triggerPrice: form.triggerPrice } : {}),
    ...(form.referencePrice ? { referencePrice: form.referencePrice } : {}),
    ...(canBracket && form.takeProfit ? { takeProfit: form.takeProfit } : {}),
    ...(canBracket && form.stopLoss ? { stopLoss: form.stopLoss } : {}),
    timeInForce: form.timeInForce,
    reduceOnly: form.reduceOnly,
  });
  useEffect(() => {
    const h = setTimeout(() => {
      if (!/^\d+(\.\d+)?$/.test(form.quantity)) return setPreview(null);
      client()
        .call('orders.preview', ticket())
        .then((p) => (setPreview(p), setError(null)))
        .catch(() => setPreview(null));
    }, 200);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(form), accountId]);
  const needsPrice = form.kind === 'limit' || form.kind === 'stop-limit';
  const needsTrigger = form.kind === 'stop-market' || form.kind === 'stop-limit' || form.kind === 'take-profit';
  const send = async () => {
    setResult(null);
    try {
      const r = await client().call('orders.submit', ticket());
      const sent = t('trading.ticket.sent', { id: r.order.clientOrderId, status: `${r.order.status}${r.order.reason ? ` — ${r.order.reason}` : ''}` });
      setResult(r.exits.length ? `${sent}; ${t('trading.ticket.exits', { list: r.exits.map((x) => `${x.kind} ${x.price ?? x.triggerPrice ?? ''} ${x.status}`).join(', ') })}` : sent);
      void useTrading.getState().refresh();
    } catch (e) {
      setError(e);
    }
  };
  const upd = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <section className="panel trading__ticket" data-testid="order-ticket">
      <h2 className="panel__title">{t('trading.ticket.title')}</h2>
      <div className="trading__form">
        <label className="field">
          <span className="field__label">{t('trading.ticket.symbol')}</span>
          <input value={form.symbol} onChange={(e) => upd({ symbol: e.target.value })} data-testid="ticket-symbol" />
        </label>
        <div className="trading__sides" role="group" aria-label={t('trading.ticket.side')}>
          {(['buy', 'sell'] as const).map((s) => (
            <button key={s} type="button" className={`btn trading__side trading__side--${s}${form.side === s ? ' trading__side--on' : ''}`} onClick={() => upd({ side: s })} data-testid={`ticket-${s}`}>
              {t(`trading.ticket.${s}`)}
            </button>
          ))}
        </div>
        <label className="field">
          <span className="field__label">{t('trading.ticket.type')}</span>
          <select value={form.kind} onChange={(e) => upd({ kind: e.target.value as OrderTicket['kind'] })} data-testid="ticket-type">
            {(['market', 'limit', 'stop-market', 'stop-limit', 'take-profit'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`trading.ticket.types.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('trading.ticket.quantity')}</span>
          <input value={form.quantity} onChange={(e) => upd({ quantity: e.target.value })} inputMode="decimal" data-testid="ticket-qty" />
        </label>
        {needsPrice && (
          <label className="field">
            <span className="field__label">{t('trading.ticket.price')}</span>
            <input value={form.price} onChange={(e) => upd({ price: e.target.value })} inputMode="decimal" data-testid="ticket-price" />
          </label>
        )}
        {needsTrigger && (
          <label className="field">
            <span className="field__label">{t('trading.ticket.trigger')}</span>
            <input value={form.triggerPrice} onChange={(e) => upd({ triggerPrice: e.target.value })} inputMode="decimal" data-testid="ticket-trigger" />
          </label>
        )}
        {form.kind === 'market' && (
          <label className="field">
            <span className="field__label">{t('trading.ticket.refPrice')}</span>
            <input value={form.referencePrice} onChange={(e) => upd({ referencePrice: e.target.value })} inputMode="decimal" data-testid="ticket-ref" />
          </label>
        )}
        {canBracket && (
          <>
            <label className="field">
              <span className="field__label">{t('trading.ticket.takeProfit')}</span>
              <input value={form.takeProfit} onChange={(e) => upd({ takeProfit: e.target.value })} inputMode="decimal" data-testid="ticket-tp" />
            </label>
            <label className="field">
              <span className="field__label">{t('trading.ticket.stopLoss')}</span>
              <input value={form.stopLoss} onChange={(e) => upd({ stopLoss: e.target.value })} inputMode="decimal" data-testid="ticket-sl" />
            </label>
            {(form.takeProfit || form.stopLoss) && <p className="muted">{t('trading.ticket.exitsHint')}</p>}
          </>
        )}
        <label className="field">
          <span className="field__label">{t('trading.ticket.tif')}</span>
          <select value={form.timeInForce} onChange={(e) => upd({ timeInForce: e.target.value as OrderTicket['timeInForce'] })}>
            {(['GTC', 'IOC', 'FOK', 'post-only'] as const).map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="field field--check">
          <input type="checkbox" checked={form.reduceOnly} onChange={(e) => upd({ reduceOnly: e.target.checked })} />
          <span>{t('trading.ticket.reduceOnly')}</span>
        </label>
      </div>
      <dl className="trading__preview" data-testid="ticket-preview">
        <dt>{t('trading.ticket.notional')}</dt>
        <dd className="mono">{preview?.notional ?? '—'}</dd>
        <dt>{t('trading.ticket.fee')}</dt>
        <dd className="mono">{preview?.feeEstimate ? `${preview.feeEstimate} ${preview.feeCurrency}` : '—'}</dd>
        <dt>{t('trading.ticket.check')}</dt>
        <dd className={preview?.check.ok ? 'trading__ok' : 'trading__bad'} data-testid="ticket-check">
          {preview ? (preview.check.ok ? t('trading.ticket.checkOk') : `${preview.check.rule}: ${preview.check.reason}`) : '—'}
        </dd>
      </dl>
      <button type="button" className={`btn btn--block trading__send--${form.side}`} onClick={() => void send()} disabled={!preview?.check.ok} data-testid="ticket-send">
        {t('trading.ticket.send', { side: t(`trading.ticket.${form.side}`) })}
      </button>
      {result && <p className="notice notice--ok" data-testid="ticket-result">{result}</p>}
      {error ? <ErrorMessage error={errorText(error)} /> : null}
    </section>
  );
}

const OPEN = new Set(['held', 'accepted', 'partially-filled', 'pending-cancel', 'pending-modify', 'submitted', 'unknown']);

function DeploymentsPanel({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const deployments = useTrading((s) => s.deployments);
  const logs = useTrading((s) => s.logs);
  const [form, setForm] = useState({ strategy: 'sma-cross', symbol: 'BTC/USDT', timeframe: '1m', params: '{"fast":5,"slow":20,"size":0.01}' });
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [fetched, setFetched] = useState<{ ts: number; level: string; message: string }[]>([]);
  const start = async () => {
    try {
      setError(null);
      await client().call('deployments.start', { accountId, strategy: form.strategy, symbols: [form.symbol], timeframe: form.timeframe as never, params: JSON.parse(form.params || '{}') });
      void useTrading.getState().refresh();
    } catch (e) {
      setError(e);
    }
  };
  const showLogs = async (id: string) => {
    setShown(id);
    setFetched(await client().call('deployments.logs', { deploymentId: id }).catch(() => []));
  };
  const lines = shown ? [...fetched, ...(logs[shown] ?? []).filter((l) => !fetched.some((f) => f.ts === l.ts && f.message === l.message))] : [];
  return (
    <section className="panel" data-testid="deployments">
      <h2 className="panel__title">{t('trading.deployments.title')}</h2>
      <div className="trading__form trading__form--row">
        <label className="field">
          <span className="field__label">{t('trading.deployments.strategy')}</span>
          <input value={form.strategy} onChange={(e) => setForm({ ...form, strategy: e.target.value })} data-testid="deploy-strategy" />
        </label>
        <label className="field">
          <span className="field__label">{t('trading.deployments.symbol')}</span>
          <input value={form.symbol} onChange={(e) => setForm({ ...form, symbol: e.target.value })} data-testid="deploy-symbol" />
        </label>
        <label className="field">
          <span className="field__label">{t('trading.deployments.timeframe')}</span>
          <input value={form.timeframe} onChange={(e) => setForm({ ...form, timeframe: e.target.value })} data-testid="deploy-timeframe" />
        </label>
        <label className="field trading__grow">
          <span className="field__label">{t('trading.deployments.params')}</span>
          <input value={form.params} onChange={(e) => setForm({ ...form, params: e.target.value })} className="mono" data-testid="deploy-params" />
        </label>
        <button type="button" className="btn btn--primary" onClick={() => void start()} data-testid="deploy-start">
          {t('trading.deployments.start')}
        </button>
      </div>
      {error ? <ErrorMessage error={errorText(error)} /> : null}
      <Table
        testId="deployments-table"
        empty={t('trading.deployments.none')}
        head={['ID', t('trading.orders.strategy'), t('trading.deployments.symbol'), t('trading.orders.status'), t('trading.deployments.lastBar'), t('trading.deployments.sent'), '']}
        rows={deployments.map((d) => {
          const st = (d.state ?? {}) as { lastBarTs?: number | null; ordersSent?: number };
          return [
            <span className="mono">{d.id}</span>,
            d.strategyId,
            `${d.symbols.join(',')} ${d.timeframe}`,
            <span data-testid={`deployment-status-${d.id}`}>{d.running ? t('trading.deployments.running') : d.status}</span>,
            st.lastBarTs ? formatTs(st.lastBarTs) : '—',
            String(st.ordersSent ?? 0),
            <span className="trading__actions">
              <button type="button" className="btn btn--small btn--ghost" onClick={() => void showLogs(d.id)}>
                {t('trading.deployments.logs')}
              </button>
              {d.running && (
                <button type="button" className="btn btn--small btn--ghost-danger" onClick={() => void client().call('deployments.stop', { deploymentId: d.id }).then(() => useTrading.getState().refresh())}>
                  {t('trading.deployments.stop')}
                </button>
              )}
            </span>,
          ];
        })}
      />
      {shown && (
        <pre className="trading__logs mono" data-testid="deployment-logs">
          {lines.map((l) => `${formatTs(l.ts)} ${l.level === 'info' ? '' : l.level.toUpperCase() + ' '}${l.message}`).join('\n')}
        </pre>
      )}
    </section>
  );
}

/** Paper and live trading on one account: ticket, orders, positions, balances, fills, deployments; the kill switch stays in the header. */
export function TradingScreen() {
  const { t } = useTranslation();
  const { accounts, selected, orders, positions, balances, fills, recon, error, loadAccounts, select } = useTrading();
  const go = useNavigation((s) => s.go);
  const [reconOpen, setReconOpen] = useState(false);
  const [tab, setTab] = useState<'fills' | 'ledger' | 'dailyPnl'>('fills');
  const autoOpened = useRef<string | null>(null);
  useEffect(() => {
    void loadAccounts();
  }, [loadAccounts]);
  const account = accounts.find((a) => a.id === selected);
  useEffect(() => {
    if (account && (account.status === 'needs-decision' || account.status === 'halted') && autoOpened.current !== `${account.id}:${recon?.tsEvent}`) {
      autoOpened.current = `${account.id}:${recon?.tsEvent}`;
      setReconOpen(true);
    }
  }, [account, recon?.tsEvent]);
  if (accounts.length === 0) {
    return (
      <div className="screen screen--scroll" data-testid="screen-trading">
        <header className="screen__head">
          <h1 className="screen__title">{t('nav.trading')}</h1>
        </header>
        <EmptyState title={t('trading.noAccounts')} hint={t('trading.noAccountsHint')} action={<button type="button" className="btn btn--primary" onClick={() => go('settings')}>{t('trading.openSettings')}</button>} />
      </div>
    );
  }
  const openOrders = orders.filter((o) => OPEN.has(o.status));
  const linkText = (o: (typeof orders)[number]) =>
    [o.parentId ? t('trading.orders.exitOf', { id: o.parentId }) : null, o.ocoGroup ? t('trading.orders.oco', { group: o.ocoGroup }) : null, o.emulatedTrigger ? t('trading.orders.localTrigger') : null].filter(Boolean).join(' · ');
  const cancel = (id: string) => void client().call('orders.cancel', { accountId: selected!, clientOrderId: id as never }).then(() => useTrading.getState().refresh()).catch((e) => useTrading.getState().setError(e));
  const modify = (id: string) => {
    const price = window.prompt(t('trading.orders.newPrice'));
    if (price) void client().call('orders.modify', { accountId: selected!, clientOrderId: id as never, price }).then(() => useTrading.getState().refresh()).catch((e) => useTrading.getState().setError(e));
  };
  const close = (instrumentId: string, qty: string) =>
    void client()
      .call('orders.submit', { accountId: selected!, instrumentId: instrumentId as never, side: qty.startsWith('-') ? 'buy' : 'sell', kind: 'market', quantity: qty.replace('-', ''), reduceOnly: true, timeInForce: 'IOC' })
      .then(() => useTrading.getState().refresh())
      .catch((e) => useTrading.getState().setError(e));
  return (
    <div className="screen screen--scroll trading" data-testid="screen-trading">
      <header className="screen__head trading__head">
        <h1 className="screen__title">{t('nav.trading')}</h1>
        <label className="field field--inline">
          <span className="field__label">{t('trading.account')}</span>
          <select value={selected ?? ''} onChange={(e) => void select(e.target.value)} data-testid="account-select">
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label} ({a.kind === 'paper' ? 'paper' : a.venue})
              </option>
            ))}
          </select>
        </label>
        {account && (
          <span className={`badge trading__status trading__status--${account.status}`} data-testid="account-status">
            {t(`trading.status.${account.status}`)}
          </span>
        )}
        {account && (account.status === 'needs-decision' || account.status === 'halted') && (
          <button type="button" className="btn btn--small" onClick={() => setReconOpen(true)} data-testid="recon-open">
            {t('trading.recon.open')}
          </button>
        )}
        <span className="trading__spacer" />
        {account && <KillSwitchButton account={account} />}
      </header>
      {error ? <ErrorMessage error={errorText(error)} onRetry={() => void useTrading.getState().refresh()} /> : null}
      {account && (
        <div className="trading__grid">
          <OrderTicketPanel accountId={account.id} venue={account.venue} />
          <div className="trading__main">
            <section className="panel">
              <div className="panel__head">
                <h2 className="panel__title">{t('trading.orders.title')}</h2>
                {openOrders.length > 0 && (
                  <button type="button" className="btn btn--small btn--ghost-danger" onClick={() => void client().call('orders.cancelAll', { accountId: account.id }).then(() => useTrading.getState().refresh())}>
                    {t('trading.orders.cancelAll')}
                  </button>
                )}
              </div>
              <Table
                testId="open-orders"
                empty={t('trading.orders.none')}
                head={[t('trading.orders.time'), t('trading.orders.id'), t('trading.orders.strategy'), t('trading.orders.instrument'), t('trading.orders.side'), t('trading.orders.type'), t('trading.orders.qty'), t('trading.orders.price'), t('trading.orders.status'), t('trading.orders.filled'), '']}
                rows={openOrders.map((o) => [
                  <span title={formatTs(o.tsInit)}>{formatClock(o.tsInit)}</span>,
                  <span className="mono">
                    {o.clientOrderId}
                    {linkText(o) && (
                      // linked orders (bracket exits, OCO members) say what they belong to, under their id
                      <span className="muted trading__link" title={t('trading.orders.link')} data-testid={`link-${o.clientOrderId}`}>
                        {linkText(o)}
                      </span>
                    )}
                  </span>,
                  o.strategyId,
                  // the account names the venue; the symbol is enough here (the full id on hover)
                  <span title={o.instrumentId}>{symbolOf(o.instrumentId)}</span>,
                  <span className={`trading__${o.side}`}>{o.side}</span>,
                  o.kind,
                  o.quantity,
                  o.price ?? o.triggerPrice ?? '—',
                  o.status,
                  o.filledQty,
                  <span className="trading__actions">
                    <button type="button" className="btn btn--small btn--ghost" onClick={() => modify(o.clientOrderId)}>
                      {t('trading.orders.modify')}
                    </button>
                    <button type="button" className="btn btn--small btn--ghost-danger" onClick={() => cancel(o.clientOrderId)} data-testid={`cancel-${o.clientOrderId}`}>
                      {t('trading.orders.cancel')}
                    </button>
                  </span>,
                ])}
              />
            </section>
            <div className="trading__pair">
              <section className="panel">
                <h2 className="panel__title">{t('trading.positions.title')}</h2>
                <Table
                  testId="positions"
                  empty={t('trading.positions.none')}
                  head={[t('trading.orders.strategy'), t('trading.orders.instrument'), t('trading.positions.qty'), t('trading.positions.avg'), t('trading.positions.pnl'), t('trading.positions.fees'), '']}
                  rows={positions.map((p) => [
                    p.strategyId,
                    p.instrumentId,
                    p.side === 'dust' ? (
                      <span data-testid={`position-dust-${p.strategyId}`}>
                        {p.quantity} <span className="badge">{t('trading.positions.dust')}</span>
                      </span>
                    ) : (
                      p.quantity
                    ),
                    p.avgPrice,
                    p.realizedPnl,
                    [p.fees, ...Object.entries(p.feesOther ?? {}).map(([c, v]) => `${v} ${c}`)].join(' + '),
                    p.quantity !== '0' && p.side !== 'dust' ? (
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => close(p.instrumentId, p.quantity)}>
                        {t('trading.positions.close')}
                      </button>
                    ) : (
                      ''
                    ),
                  ])}
                />
              </section>
              <section className="panel">
                <h2 className="panel__title">{t('trading.balances.title')}</h2>
                <Table testId="balances" empty="—" head={[t('trading.balances.currency'), t('trading.balances.total'), t('trading.balances.reserved'), t('trading.balances.free')]} rows={balances.map((b) => [b.currency, b.total, b.reserved, b.free])} />
                {account.kind === 'paper' && <TransferForm accountId={account.id} />}
              </section>
            </div>
            <section className="panel">
              <div className="trading__tabs" role="tablist">
                {(['fills', 'ledger', 'dailyPnl'] as const).map((k) => (
                  <button key={k} type="button" role="tab" aria-selected={tab === k} className={`trading__tab${tab === k ? ' trading__tab--active' : ''}`} onClick={() => setTab(k)} data-testid={`trading-tab-${k}`}>
                    {t(`trading.tabs.${k}`)}
                  </button>
                ))}
              </div>
              {tab === 'fills' && (
                <Table
                  testId="fills"
                  empty={t('trading.fills.none')}
                  head={[t('trading.orders.time'), 'Trade', t('trading.orders.instrument'), t('trading.orders.side'), t('trading.orders.qty'), t('trading.orders.price'), t('trading.fills.fee')]}
                  rows={fills.slice(0, 50).map((f) => [formatTs(f.tsEvent), <span className="mono">{f.tradeId}</span>, f.instrumentId, <span className={`trading__${f.side}`}>{f.side}</span>, f.quantity, f.price, `${f.fee} ${f.feeCurrency}`])}
                />
              )}
              {tab === 'ledger' && <LedgerPanel accountId={account.id} />}
              {tab === 'dailyPnl' && <DailyPnlPanel accountId={account.id} />}
            </section>
            <section className="panel">
              <h2 className="panel__title">{t('trading.orders.all')}</h2>
              <Table
                testId="order-history"
                empty="—"
                head={[t('trading.orders.time'), t('trading.orders.strategy'), t('trading.orders.instrument'), t('trading.orders.side'), t('trading.orders.type'), t('trading.orders.qty'), t('trading.orders.status'), t('trading.orders.avg')]}
                rows={orders.slice(0, 50).map((o) => [formatTs(o.tsInit), o.strategyId, o.instrumentId, o.side, o.kind, o.quantity, o.reason ? `${o.status} (${o.reason})` : o.status, o.avgPrice ?? '—'])}
              />
            </section>
            <DeploymentsPanel accountId={account.id} />
          </div>
        </div>
      )}
      {reconOpen && account && <ReconDialog accountId={account.id} onClose={() => setReconOpen(false)} />}
    </div>
  );
}
