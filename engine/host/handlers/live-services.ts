import { closeExchanges, openExchange } from '../../data/ccxt/open-exchange';
import { FeedManager } from '../../data/feed/feed-manager';
import type { Recorder } from '../../data/recorder/recorder';
import { allocBarColumns } from '../../model/bars';
import type { EngineServices } from '../services';

const feeds = new WeakMap<EngineServices, FeedManager>();

export interface RunningRecording {
  recordingId: string;
  recorder: Recorder;
  startedAt: number;
}
const recordings = new WeakMap<EngineServices, Map<string, RunningRecording>>();

/** The recordings running in this engine, by id. */
export function recordingsOf(services: EngineServices): Map<string, RunningRecording> {
  let m = recordings.get(services);
  if (!m) recordings.set(services, (m = new Map()));
  return m;
}

/**
 * The engine's live feed, created on first use: streams publish `feed.*` events and write each
 * closed bar into the candle store (the engine thread is its only writer), so stored series stay
 * current while a chart is open.
 */
export function feedManagerOf(services: EngineServices): FeedManager {
  let m = feeds.get(services);
  if (!m) {
    m = new FeedManager({
      openExchange: (exchange, baseUrl) => openExchange({ exchange, ...(baseUrl ? { baseUrl } : {}) }),
      onBar: (instrumentId, timeframe, b) => {
        const tsInit = services.clock.now();
        services.events.publish('feed.bar', { instrumentId, timeframe, ts: b.ts, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, closed: b.closed, tsInit });
        if (b.closed) {
          const c = allocBarColumns(1);
          c.ts[0] = b.ts;
          c.open[0] = b.open;
          c.high[0] = b.high;
          c.low[0] = b.low;
          c.close[0] = b.close;
          c.volume[0] = b.volume;
          try {
            services.stores.candles.write(instrumentId, timeframe, c);
          } catch (e) {
            services.log.error('could not store a live bar', { instrumentId, timeframe, error: String(e) });
          }
        }
      },
      onTicker: (instrumentId, t) =>
        services.events.publish('feed.ticker', { instrumentId, last: t.last, bid: t.bid, ask: t.ask, changePct: t.changePct, quoteVolume: t.quoteVolume, tsEvent: t.ts, tsInit: services.clock.now() }),
      onStatus: (streamId, instrumentId, state, message) =>
        services.events.publish('feed.status', { streamId, instrumentId, state, ...(message ? { message } : {}), tsInit: services.clock.now() }),
      feedOptions: { log: (msg, fields) => services.log.info(msg, fields) },
    });
    feeds.set(services, m);
  }
  return m;
}

/** Stops every recording and stream and closes exchange connections (engine shutdown). */
export async function closeLiveServices(services: EngineServices): Promise<void> {
  const running = recordings.get(services);
  if (running) await Promise.all([...running.values()].map((r) => r.recorder.stop()));
  recordings.delete(services);
  await feeds.get(services)?.close();
  feeds.delete(services);
  await closeExchanges();
}
