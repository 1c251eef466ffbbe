import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TIMEFRAMES, type Timeframe } from '../../../../shared/timeframe';
import { client } from '../../api/client';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { ProgressBar } from '../../app/components/ProgressBar';
import { formatNumber } from '../../app/format';
import { useNavigation } from '../../stores/navigation';
import { useDownload, utcDay } from './download-store';

export function DownloadPanel() {
  const { t } = useTranslation();
  const { exchanges, markets, marketsLoading, marketsError, form, run, loadExchanges, loadMarkets, edit, start, cancel } = useDownload();
  const showChart = useNavigation((s) => s.showChart);
  const running = run.state === 'running';
  const from = utcDay(form.from);
  const to = utcDay(form.to);
  const valid = !!form.exchange.trim() && !!form.symbol.trim() && from < to;

  useEffect(() => {
    void loadExchanges(client());
  }, [loadExchanges]);

  return (
    <section className="panel" aria-labelledby="download-title" data-testid="download-panel">
      <header className="panel__head">
        <h2 id="download-title" className="panel__title">
          {t('market.download.title')}
        </h2>
        <span className="panel__hint">{t('market.download.hint')}</span>
      </header>
      <form
        className="import__form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && !running) void start(client());
        }}
      >
        <label className="field">
          <span className="field__label">{t('market.download.exchange')}</span>
          <input list="qd-exchanges" value={form.exchange} onChange={(e) => edit({ exchange: e.target.value })} spellCheck={false} data-testid="download-exchange" />
          <datalist id="qd-exchanges">
            {exchanges.map((x) => (
              <option key={x} value={x} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field__label">{t('market.download.symbol')}</span>
          <input
            list="qd-markets"
            value={form.symbol}
            onChange={(e) => edit({ symbol: e.target.value })}
            onFocus={() => void loadMarkets(client())}
            spellCheck={false}
            placeholder={marketsLoading ? t('market.download.loadingSymbols') : 'BTC/USDT'}
            data-testid="download-symbol"
          />
          <datalist id="qd-markets">
            {markets.slice(0, 2000).map((m) => (
              <option key={m.symbol} value={m.symbol} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field__label">{t('market.download.timeframe')}</span>
          <select value={form.timeframe} onChange={(e) => edit({ timeframe: e.target.value as Timeframe })} data-testid="download-timeframe">
            {TIMEFRAMES.map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('market.download.from')}</span>
          <input type="date" value={form.from} onChange={(e) => edit({ from: e.target.value })} data-testid="download-from" />
        </label>
        <label className="field">
          <span className="field__label">{t('market.download.to')}</span>
          <input type="date" value={form.to} onChange={(e) => edit({ to: e.target.value })} data-testid="download-to" />
        </label>
        <label className="field field--wide">
          <span className="field__label">{t('market.download.baseUrl')}</span>
          <input value={form.baseUrl} onChange={(e) => edit({ baseUrl: e.target.value })} placeholder="https://…" spellCheck={false} data-testid="download-base-url" />
        </label>
        <div className="import__actions">
          {running ? (
            <button type="button" className="btn" onClick={cancel} data-testid="download-cancel">
              {t('common.cancel')}
            </button>
          ) : (
            <button type="submit" className="btn btn--primary" disabled={!valid} data-testid="download-start">
              {t('market.download.start')}
            </button>
          )}
        </div>
      </form>
      {marketsError && <ErrorMessage error={marketsError} />}
      {run.state === 'running' && (
        <div data-testid="download-progress">
          <ProgressBar done={run.done} total={run.total} label={run.message ?? t(`market.download.phase.${run.phase}`, { defaultValue: run.phase })} />
        </div>
      )}
      {run.state === 'failed' && <ErrorMessage error={run.error} />}
      {run.state === 'done' && (
        <div className="notice notice--ok" role="status" data-testid="download-result">
          <div>
            {run.result.missing.length === 0
              ? t('market.download.nothingMissing', { instrument: run.result.instrumentId, timeframe: run.result.timeframe })
              : t('market.download.done', {
                  instrument: run.result.instrumentId,
                  timeframe: run.result.timeframe,
                  fetched: formatNumber(run.result.fetched),
                  requests: formatNumber(run.result.requests),
                  inserted: formatNumber(run.result.inserted),
                })}
          </div>
          {run.result.unavailable > 0 && <div className="muted">{t('market.download.unavailable', { count: run.result.unavailable })}</div>}
          {run.result.retries > 0 && <div className="muted">{t('market.download.retries', { count: run.result.retries })}</div>}
          <button type="button" className="btn btn--small" onClick={() => showChart({ instrumentId: run.result.instrumentId, timeframe: run.result.timeframe })}>
            {t('data.import.openChart')}
          </button>
        </div>
      )}
    </section>
  );
}
