import { instrumentId } from '../../../shared/ids';
import { fromCcxtError } from '../../data/ccxt/errors';
import { listExchanges, openExchange, requireMarket, requireTimeframe } from '../../data/ccxt/open-exchange';
import { downloadOhlcv } from '../../data/download/download-ohlcv';
import { downloadYahoo } from '../../data/yahoo/download-yahoo';
import { YAHOO_VENUE } from '../../data/yahoo/yahoo-chart';
import { marketDataRepos } from '../../store/market-data-repos';
import type { ParsedInput } from '../../../shared/contract';
import type { Handlers } from '../handler-types';
import type { EngineServices } from '../services';

export const marketHandlers: Pick<Handlers, 'market.exchanges' | 'market.symbols' | 'data.download'> = {
  // Yahoo Finance (stocks, ETFs, indices) is offered beside the ccxt exchanges for downloads.
  'market.exchanges': async () => [...(await listExchanges()), { id: YAHOO_VENUE, websocket: false }],

  'market.symbols': async (input) => {
    const ex = await openExchange({ exchange: input.exchange, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) });
    return Object.values(ex.markets ?? {})
      .map((m) => ({ symbol: m.symbol, base: m.base, quote: m.quote, type: m.type ?? 'spot', active: m.active !== false }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol));
  },

  // Each page is written in its own transaction on the engine thread (the only writer), so a
  // cancel or a crash keeps what was fetched and the next download resumes from there.
  'data.download': async (input, { services, signal, progress }) => {
    if (input.exchange === YAHOO_VENUE) return yahooDownload(input, services, signal, progress);
    progress('connect', 0, 1);
    const ex = await openExchange({ exchange: input.exchange, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) });
    requireMarket(ex, input.symbol);
    requireTimeframe(ex, input.timeframe);
    const id = instrumentId(input.symbol, ex.id);
    const candles = services.stores.candles;
    let changed = false;
    try {
      const r = await downloadOhlcv({
        exchange: ex,
        symbol: input.symbol,
        timeframe: input.timeframe,
        from: input.from,
        to: input.to,
        now: services.clock.now(),
        skip: marketDataRepos(services.stores).gapMarks.list(id, input.timeframe),
        signal,
        progress: (done, total, message) => progress('download', done, total, message),
        sink: {
          storedTs: (from, to) => candles.read(id, input.timeframe, { from, to }).ts,
          write: (bars) => {
            changed = true;
            return candles.write(id, input.timeframe, bars);
          },
        },
      });
      services.log.info('downloaded bars', { instrumentId: id, timeframe: input.timeframe, fetched: r.fetched, inserted: r.inserted, requests: r.requests, retries: r.retries });
      return { instrumentId: id, timeframe: input.timeframe, ...r };
    } catch (e) {
      throw fromCcxtError(e, ex.id, `candles of ${input.symbol}`);
    } finally {
      if (changed) services.events.publish('data.changed', { instrumentId: id, timeframe: input.timeframe, reason: 'download' });
    }
  },
};

async function yahooDownload(
  input: ParsedInput<'data.download'>,
  services: EngineServices,
  signal: AbortSignal,
  progress: (phase: string, done: number, total: number, message?: string) => void,
) {
  const id = instrumentId(input.symbol, YAHOO_VENUE);
  const candles = services.stores.candles;
  const repos = marketDataRepos(services.stores);
  let changed = false;
  try {
    const r = await downloadYahoo({
      symbol: input.symbol,
      timeframe: input.timeframe,
      from: input.from,
      to: input.to,
      now: services.clock.now(),
      signal,
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      skip: repos.gapMarks.list(id, input.timeframe),
      progress: (done, total, message) => progress('download', done, total, message),
      putFactors: (points) => repos.adjustments.put(id, points),
      sink: {
        storedTs: (from, to) => candles.read(id, input.timeframe, { from, to }).ts,
        write: (bars) => {
          changed = true;
          return candles.write(id, input.timeframe, bars);
        },
      },
    });
    services.log.info('downloaded bars', { instrumentId: id, timeframe: input.timeframe, fetched: r.fetched, inserted: r.inserted, requests: r.requests });
    return { instrumentId: id, timeframe: input.timeframe, ...r };
  } finally {
    if (changed) services.events.publish('data.changed', { instrumentId: id, timeframe: input.timeframe, reason: 'download' });
  }
}
