import type { Bar } from '../../model/bars';

/** A bar as the feed sees it: `closed` once a later bar has opened (its values are final). */
export interface FeedBar extends Bar {
  closed: boolean;
}

export interface FeedTicker {
  /** Exchange time of the quote (or when we saw it). */
  ts: number;
  last: number | null;
  bid: number | null;
  ask: number | null;
  /** 24h change in percent. */
  changePct: number | null;
  quoteVolume: number | null;
}

export type FeedState = 'connecting' | 'live' | 'polling' | 'reconnecting' | 'stopped';

/** Where a stream delivers (the engine publishes events and stores closed bars). */
export interface BarSink {
  bar(b: FeedBar): void;
  status(state: FeedState, message?: string): void;
}

export interface TickerSink {
  ticker(t: FeedTicker): void;
  status(state: FeedState, message?: string): void;
}

/** A running stream: stop() ends it (idempotent). */
export interface FeedHandle {
  stop(): Promise<void>;
  /** Resolves when the stream's loop has ended. */
  done: Promise<void>;
}

/**
 * One interface for live and recorded data: the live feed (ccxt) and the replay source both
 * start streams through it, so paper trading and parity tests do not know which one runs.
 */
export interface FeedSource {
  bars(symbol: string, timeframe: string, sink: BarSink): FeedHandle;
  tickers?(symbol: string, sink: TickerSink): FeedHandle;
}
