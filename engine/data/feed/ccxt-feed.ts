import { fromCcxtError } from '../ccxt/errors';
import type { CcxtExchange, CcxtTicker } from '../ccxt/open-exchange';
import { backoffDelay, sleep, type RetryPolicy } from '../download/retry';
import { BarAssembler } from './bar-assembler';
import { RECONNECT, reconnectingLoop } from './reconnecting-loop';
import type { BarSink, FeedHandle, FeedSource, FeedTicker, TickerSink } from './types';

export interface CcxtFeedOptions {
  /** Pause between REST polls when the exchange has no WebSocket (or WebSockets keep failing). */
  pollMs?: number;
  /** Backoff between reconnects. */
  retry?: RetryPolicy;
  /** Consecutive WebSocket failures before falling back to REST polling for a while. */
  maxSocketFailures?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/**
 * Live candles and tickers from one ccxt exchange: WebSocket (`watch*`) when it has them, REST
 * polling otherwise. A dropped stream reconnects with backoff, and before going live again the
 * missed bars are fetched over REST from the last bar we had, so the stream has no gap.
 */
export function ccxtFeed(exchange: CcxtExchange, o: CcxtFeedOptions = {}): FeedSource {
  const pollMs = o.pollMs ?? 2_000;
  const retry = o.retry ?? RECONNECT;
  const maxSocketFailures = o.maxSocketFailures ?? 5;

  function run(loop: (signal: AbortSignal) => Promise<void>, onStop: () => Promise<void>): FeedHandle {
    const ac = new AbortController();
    const done = loop(ac.signal).catch(() => undefined);
    return {
      done,
      async stop() {
        if (ac.signal.aborted) return;
        ac.abort();
        await onStop().catch(() => undefined);
      },
    };
  }

  return {
    bars(symbol, timeframe, sink: BarSink) {
      const assembler = new BarAssembler((b) => sink.bar(b));
      const useSocket = Boolean(exchange.has.watchOHLCV && exchange.watchOHLCV);
      return run(
        async (signal) => {
          let failures = 0;
          let needBackfill = true;
          sink.status('connecting');
          while (!signal.aborted) {
            try {
              if (needBackfill) {
                // Catch up over REST from the forming bar we last had (or the recent history).
                assembler.push(await exchange.fetchOHLCV(symbol, timeframe, assembler.since, assembler.since === undefined ? 2 : 1000));
                needBackfill = false;
              }
              if (signal.aborted) break;
              if (useSocket && failures < maxSocketFailures) {
                sink.status('live');
                const rows = await exchange.watchOHLCV!(symbol, timeframe);
                if (signal.aborted) break;
                assembler.push(rows);
                failures = 0;
              } else {
                sink.status('polling');
                await sleep(pollMs, signal);
                assembler.push(await exchange.fetchOHLCV(symbol, timeframe, assembler.since, 1000));
                if (failures >= maxSocketFailures) failures--; // try the socket again after a few polls
              }
            } catch (e) {
              if (signal.aborted) break;
              const delay = backoffDelay(Math.min(failures, 10), retry);
              failures++;
              needBackfill = true;
              const err = fromCcxtError(e, exchange.id, `candles of ${symbol}`);
              o.log?.('feed dropped; reconnecting', { exchange: exchange.id, symbol, timeframe, code: err.code, delayMs: delay });
              sink.status('reconnecting', err.message);
              await sleep(delay, signal).catch(() => undefined);
            }
          }
          sink.status('stopped');
        },
        async () => {
          const ex = exchange as CcxtExchange & { unWatchOHLCV?: (s: string, tf: string) => Promise<unknown> };
          if (useSocket && exchange.has.unWatchOHLCV) await ex.unWatchOHLCV?.(symbol, timeframe);
        },
      );
    },

    tickers(symbol, sink: TickerSink) {
      const useSocket = Boolean(exchange.has.watchTicker && exchange.watchTicker);
      return run(
        async (signal) => {
          sink.status('connecting');
          await reconnectingLoop({
            signal,
            retry,
            next: async (failures) => {
              if (useSocket && failures < maxSocketFailures) {
                sink.status('live');
                return exchange.watchTicker!(symbol);
              }
              sink.status('polling');
              await sleep(pollMs, signal);
              return exchange.fetchTicker(symbol);
            },
            deliver: (t) => sink.ticker(toFeedTicker(t)),
            onError: (e) => sink.status('reconnecting', fromCcxtError(e, exchange.id, `ticker of ${symbol}`).message),
          });
          sink.status('stopped');
        },
        async () => {
          const ex = exchange as CcxtExchange & { unWatchTicker?: (s: string) => Promise<unknown> };
          if (useSocket && exchange.has.unWatchTicker) await ex.unWatchTicker?.(symbol);
        },
      );
    },
  };
}

export function toFeedTicker(t: CcxtTicker): FeedTicker {
  const n = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { ts: n(t.timestamp) ?? Date.now(), last: n(t.last), bid: n(t.bid), ask: n(t.ask), changePct: n(t.percentage), quoteVolume: n(t.quoteVolume) };
}
