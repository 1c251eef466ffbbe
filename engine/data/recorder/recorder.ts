import type { InstrumentId } from '../../../shared/ids';
import { instrumentId } from '../../../shared/ids';
import type { Timeframe } from '../../../shared/timeframe';
import { EngineError } from '../../core/errors';
import type { RecordedEvent, RecordedKind } from '../../store/recordings';
import type { CcxtExchange } from '../ccxt/open-exchange';
import { requireMarket } from '../ccxt/open-exchange';
import { ccxtFeed } from '../feed/ccxt-feed';
import { reconnectingLoop } from '../feed/reconnecting-loop';
import type { FeedHandle } from '../feed/types';

export interface RecorderOptions {
  exchange: CcxtExchange;
  symbols: string[];
  /** What to record: candles (every update, `closed` marks final ones), public trades, order book tops. */
  kinds: { bars?: Timeframe; trades?: boolean; book?: boolean };
  /** Book levels per side (1 = top of book). */
  depth: number;
  append(events: RecordedEvent[]): void;
  now(): number;
  onError?(message: string): void;
  /** Buffered events are written at least this often (one transaction per flush). */
  flushMs?: number;
}

export interface Recorder {
  instruments: InstrumentId[];
  counts(): Record<RecordedKind, number>;
  stop(): Promise<void>;
}

type Trade = { timestamp?: number; price?: number; amount?: number; side?: string; id?: string };
type Book = { timestamp?: number; nonce?: number; bids: [number, number][]; asks: [number, number][] };
type WatchingExchange = CcxtExchange & {
  watchTrades?(symbol: string): Promise<Trade[]>;
  watchOrderBook?(symbol: string, limit?: number): Promise<Book>;
  unWatchTrades?(symbol: string): Promise<unknown>;
  unWatchOrderBook?(symbol: string): Promise<unknown>;
};

/**
 * Records live data for replay (paper trading, parity tests, the arbitrage monitor's history):
 * candles through the live feed (so drops are backfilled), trades and book tops from the
 * exchange's WebSocket streams with reconnects. Events are buffered and appended in batches.
 */
export function startRecorder(o: RecorderOptions): Recorder {
  const ex = o.exchange as WatchingExchange;
  for (const s of o.symbols) requireMarket(ex, s);
  if (o.kinds.trades && !ex.watchTrades) throw new EngineError('INVALID_INPUT', `${ex.id} has no trade stream to record`);
  if (o.kinds.book && !ex.watchOrderBook) throw new EngineError('INVALID_INPUT', `${ex.id} has no order book stream to record`);
  const ac = new AbortController();
  let buffer: RecordedEvent[] = [];
  const counts: Record<RecordedKind, number> = { bar: 0, trade: 0, book: 0, ticker: 0 };
  const record = (e: RecordedEvent) => {
    buffer.push(e);
    counts[e.kind]++;
    if (buffer.length >= 1000) flush();
  };
  const flush = () => {
    if (!buffer.length) return;
    const batch = buffer;
    buffer = [];
    try {
      o.append(batch);
    } catch (e) {
      o.onError?.(`recording could not be written: ${(e as Error).message}`);
    }
  };
  const timer = setInterval(flush, o.flushMs ?? 250);

  const loops: Promise<void>[] = [];
  const handles: FeedHandle[] = [];
  const watch = <T>(what: string, fn: () => Promise<T>, on: (v: T) => void) =>
    loops.push(
      reconnectingLoop({
        signal: ac.signal,
        next: fn,
        deliver: on,
        onError: (e) => o.onError?.(`${what}: ${(e as Error)?.constructor?.name ?? 'error'}; reconnecting`),
      }),
    );

  const ids = o.symbols.map((s) => instrumentId(s, ex.id));
  o.symbols.forEach((symbol, k) => {
    const id = ids[k];
    if (o.kinds.bars) {
      const feed = ccxtFeed(ex);
      handles.push(
        feed.bars(symbol, o.kinds.bars, {
          bar: (b) => record({ instrumentId: id, kind: 'bar', tsEvent: b.ts, tsInit: o.now(), payload: { timeframe: o.kinds.bars, ...b } }),
          status: () => {},
        }),
      );
    }
    if (o.kinds.trades) {
      let lastId: string | undefined;
      watch(`trades of ${symbol}`, () => ex.watchTrades!(symbol), (trades) => {
        for (const t of trades) {
          if (t.id !== undefined && t.id === lastId) continue;
          lastId = t.id;
          record({ instrumentId: id, kind: 'trade', tsEvent: t.timestamp ?? o.now(), tsInit: o.now(), payload: { id: t.id, price: t.price, amount: t.amount, side: t.side } });
        }
      });
    }
    if (o.kinds.book) {
      const depth = Math.max(1, o.depth);
      // ccxt keeps the synced book; each update is recorded as its top `depth` levels.
      watch(`order book of ${symbol}`, () => ex.watchOrderBook!(symbol, depth <= 5 ? 5 : depth <= 10 ? 10 : 20), (book) => {
        record({
          instrumentId: id,
          kind: 'book',
          tsEvent: book.timestamp ?? o.now(),
          tsInit: o.now(),
          payload: { bids: book.bids.slice(0, depth).map((l) => [l[0], l[1]]), asks: book.asks.slice(0, depth).map((l) => [l[0], l[1]]) },
        });
      });
    }
  });

  return {
    instruments: ids,
    counts: () => ({ ...counts }),
    async stop() {
      if (ac.signal.aborted) return;
      ac.abort();
      await Promise.all(handles.map((h) => h.stop()));
      for (const s of o.symbols) {
        if (o.kinds.trades) await ex.unWatchTrades?.(s).catch(() => undefined);
        if (o.kinds.book) await ex.unWatchOrderBook?.(s).catch(() => undefined);
      }
      clearInterval(timer);
      flush();
    },
  };
}
