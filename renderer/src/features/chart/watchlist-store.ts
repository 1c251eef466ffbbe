import { create } from 'zustand';
import type { Client } from '../../../../shared/client';
import type { WatchlistItem, WatchlistQuote } from '../../../../shared/contract';
import type { InstrumentId } from '../../../../shared/ids';
import { errorText, type UiError } from '../../app/errors';

export interface LiveQuote {
  last: number | null;
  changePct: number | null;
  sparkline: number[];
  error?: string;
}

interface WatchlistState {
  items: WatchlistItem[];
  quotes: Record<string, LiveQuote>;
  error: UiError | null;
  load(client: Client): Promise<void>;
  add(client: Client, exchange: string, symbol: string, baseUrl?: string): Promise<boolean>;
  remove(client: Client, id: InstrumentId): Promise<void>;
}

let streams: string[] = [];
let offTicker: (() => void) | null = null;

/** Ticker streams for every item: snapshot from `watchlist.quotes`, then live `feed.ticker` events. */
async function follow(client: Client, items: WatchlistItem[], set: (p: Partial<WatchlistState> | ((s: WatchlistState) => Partial<WatchlistState>)) => void) {
  const old = streams;
  streams = [];
  await Promise.all(old.map((streamId) => client.api.feed.unsubscribe({ streamId }).catch(() => undefined)));
  offTicker ??= client.on('feed.ticker', (t) =>
    set((s) => {
      const q = s.quotes[t.instrumentId];
      if (!q) return {};
      const sparkline = q.sparkline.length && t.last !== null ? [...q.sparkline.slice(0, -1), t.last] : q.sparkline;
      return { quotes: { ...s.quotes, [t.instrumentId]: { ...q, last: t.last ?? q.last, changePct: t.changePct ?? q.changePct, sparkline } } };
    }),
  );
  const snapshot: WatchlistQuote[] = await client.api.watchlist.quotes({}).catch(() => []);
  set({ quotes: Object.fromEntries(snapshot.map((q) => [q.instrumentId, { last: q.last, changePct: q.changePct, sparkline: q.sparkline, ...(q.error ? { error: q.error } : {}) }])) });
  for (const it of items) {
    try {
      const s = await client.api.feed.subscribeTicker({ exchange: it.exchange, symbol: it.symbol, ...(it.baseUrl ? { baseUrl: it.baseUrl } : {}) });
      streams.push(s.streamId);
    } catch {
      // the snapshot shows the error
    }
  }
}

/** The chart screen's watchlist (persisted by the engine in journal.db). */
export const useWatchlist = create<WatchlistState>()((set) => ({
  items: [],
  quotes: {},
  error: null,

  async load(client) {
    try {
      const items = await client.api.watchlist.list({});
      set({ items, error: null });
      await follow(client, items, set);
    } catch (e) {
      set({ error: errorText(e) });
    }
  },

  async add(client, exchange, symbol, baseUrl) {
    try {
      const items = await client.api.watchlist.add({ exchange: exchange.trim().toLowerCase(), symbol: symbol.trim(), ...(baseUrl?.trim() ? { baseUrl: baseUrl.trim() } : {}) });
      set({ items, error: null });
      void follow(client, items, set); // quotes arrive after; the form is free again at once
      return true;
    } catch (e) {
      set({ error: errorText(e) });
      return false;
    }
  },

  async remove(client, id) {
    try {
      const items = await client.api.watchlist.remove({ instrumentId: id });
      set({ items, error: null });
      await follow(client, items, set);
    } catch (e) {
      set({ error: errorText(e) });
    }
  },
}));
