import type { InstrumentId } from '../../../shared/ids';
import { instrumentId } from '../../../shared/ids';
import type { Timeframe } from '../../../shared/timeframe';
import type { CcxtExchange } from '../ccxt/open-exchange';
import { requireMarket } from '../ccxt/open-exchange';
import { ccxtFeed, type CcxtFeedOptions } from './ccxt-feed';
import type { FeedBar, FeedHandle, FeedState, FeedTicker } from './types';

export interface FeedManagerDeps {
  openExchange(exchange: string, baseUrl?: string): Promise<CcxtExchange>;
  onBar(id: InstrumentId, timeframe: Timeframe, bar: FeedBar): void;
  onTicker(id: InstrumentId, ticker: FeedTicker): void;
  onStatus(streamId: string, id: InstrumentId, state: FeedState, message?: string): void;
  feedOptions?: CcxtFeedOptions;
}

export interface StreamInfo {
  streamId: string;
  instrumentId: InstrumentId;
  kind: 'bars' | 'ticker';
  timeframe: Timeframe | null;
  state: FeedState;
  subscribers: number;
}

interface Stream extends StreamInfo {
  handle: FeedHandle | null;
}

export interface StreamRequest {
  exchange: string;
  symbol: string;
  baseUrl?: string;
}

/**
 * The engine's live streams, shared and reference-counted: ten charts on BTC/USDT 1m open one
 * stream. Each stream runs until its last subscriber leaves (or the engine closes).
 */
export class FeedManager {
  private readonly streams = new Map<string, Stream>();
  /**
   * Stops still on their way (a ccxt `unWatch*` queues its message behind the socket's throttle):
   * `close()` waits for them, or closing the exchange right after makes ccxt send into a closed
   * socket, an unhandled "WebSocket is not open" that ends the process.
   */
  private readonly stopping = new Set<Promise<void>>();

  constructor(private readonly deps: FeedManagerDeps) {}

  async subscribeBars(r: StreamRequest, timeframe: Timeframe): Promise<StreamInfo> {
    return this.subscribe(r, 'bars', timeframe);
  }

  async subscribeTicker(r: StreamRequest): Promise<StreamInfo> {
    return this.subscribe(r, 'ticker', null);
  }

  private async subscribe(r: StreamRequest, kind: 'bars' | 'ticker', timeframe: Timeframe | null): Promise<StreamInfo> {
    const ex = await this.deps.openExchange(r.exchange, r.baseUrl);
    requireMarket(ex, r.symbol);
    const id = instrumentId(r.symbol, ex.id);
    const streamId = `${kind}:${id}${timeframe ? ':' + timeframe : ''}${r.baseUrl ? '@' + r.baseUrl : ''}`;
    const existing = this.streams.get(streamId);
    if (existing) {
      existing.subscribers++;
      return info(existing);
    }
    const s: Stream = { streamId, instrumentId: id, kind, timeframe, state: 'connecting', subscribers: 1, handle: null };
    this.streams.set(streamId, s);
    const feed = ccxtFeed(ex, this.deps.feedOptions);
    const status = (state: FeedState, message?: string) => {
      if (s.state === state && !message) return;
      s.state = state;
      this.deps.onStatus(streamId, id, state, message);
    };
    s.handle =
      kind === 'bars'
        ? feed.bars(r.symbol, timeframe!, { bar: (b) => this.deps.onBar(id, timeframe!, b), status })
        : feed.tickers!(r.symbol, { ticker: (t) => this.deps.onTicker(id, t), status });
    return info(s);
  }

  /** Drops one subscriber; the stream stops with its last. */
  async unsubscribe(streamId: string): Promise<boolean> {
    const s = this.streams.get(streamId);
    if (!s) return false;
    if (--s.subscribers > 0) return true;
    this.streams.delete(streamId);
    await this.track(s.handle?.stop());
    return true;
  }

  list(): StreamInfo[] {
    return [...this.streams.values()].map(info);
  }

  async close(): Promise<void> {
    const all = [...this.streams.values()];
    this.streams.clear();
    for (const s of all) void this.track(s.handle?.stop());
    // a venue that never confirms an unsubscribe must not hold the shutdown for ever
    await Promise.race([Promise.all([...this.stopping]), new Promise((r) => setTimeout(r, STOP_DEADLINE_MS).unref())]);
  }

  private async track(p: Promise<void> | undefined): Promise<void> {
    if (!p) return;
    const done = p.catch(() => undefined);
    this.stopping.add(done);
    try {
      await done;
    } finally {
      this.stopping.delete(done);
    }
  }
}

const STOP_DEADLINE_MS = 3_000;

function info(s: Stream): StreamInfo {
  return { streamId: s.streamId, instrumentId: s.instrumentId, kind: s.kind, timeframe: s.timeframe, state: s.state, subscribers: s.subscribers };
}
