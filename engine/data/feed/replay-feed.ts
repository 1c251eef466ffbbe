import type { InstrumentId } from '../../../shared/ids';
import { instrumentId } from '../../../shared/ids';
import type { RecordedEvent, RecordedQuery } from '../../store/recordings';
import { sleep } from '../download/retry';
import type { BarSink, FeedBar, FeedHandle, FeedSource, FeedTicker, TickerSink } from './types';

export interface ReplayOptions {
  venue: string;
  read(q: RecordedQuery): RecordedEvent[];
  from?: number;
  to?: number;
  /** 0 (default): as fast as possible; 1: at recorded pace (tsInit gaps); N: N times faster. */
  speed?: number;
}

/**
 * Recorded data played back through the live feed's interface (FeedSource): the code that
 * consumes a stream — paper trading, parity tests — cannot tell a replay from the exchange.
 */
export function replayFeed(o: ReplayOptions): FeedSource {
  const play = <T>(id: InstrumentId, kind: 'bar' | 'ticker', deliver: (payload: T) => void, status: BarSink['status']): FeedHandle => {
    const ac = new AbortController();
    const done = (async () => {
      status('live');
      const events = o.read({ instrumentId: id, kind, ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}) });
      let prev: number | null = null;
      for (const e of events) {
        if (ac.signal.aborted) break;
        if (o.speed && prev !== null && e.tsInit > prev) await sleep((e.tsInit - prev) / o.speed, ac.signal).catch(() => undefined);
        prev = e.tsInit;
        if (ac.signal.aborted) break;
        deliver(e.payload as T);
      }
      status('stopped');
    })();
    return {
      done,
      async stop() {
        ac.abort();
        await done;
      },
    };
  };
  return {
    bars(symbol, timeframe, sink: BarSink) {
      return play<FeedBar & { timeframe?: string }>(
        instrumentId(symbol, o.venue),
        'bar',
        (p) => {
          if (p.timeframe !== undefined && p.timeframe !== timeframe) return;
          sink.bar({ ts: p.ts, open: p.open, high: p.high, low: p.low, close: p.close, volume: p.volume, closed: p.closed });
        },
        sink.status,
      );
    },
    tickers(symbol, sink: TickerSink) {
      return play<FeedTicker>(instrumentId(symbol, o.venue), 'ticker', (p) => sink.ticker(p), sink.status);
    },
  };
}
