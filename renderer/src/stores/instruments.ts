import { create } from 'zustand';
import type { SeriesInfo } from '../../../shared/contract/data';
import type { Client } from '../../../shared/client';
import { errorText, type UiError } from '../app/errors';

interface InstrumentsState {
  series: SeriesInfo[];
  /** Bumped for a series whenever its bars change (re-import, download), so a chart of it reloads. */
  revisions: Record<string, number>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: UiError | null;
  refresh(): Promise<void>;
}

let activeClient: Client | null = null;

/**
 * The stored series (a projection of `data.instruments`), refreshed whenever the engine says
 * the list changed (`data.changed`).
 */
export const useInstruments = create<InstrumentsState>()((set) => ({
  series: [],
  revisions: {},
  status: 'idle',
  error: null,
  async refresh() {
    if (!activeClient) return;
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading' }));
    try {
      const series = await activeClient.api.data.instruments({});
      set({ series: sortSeries(series), status: 'ready', error: null });
    } catch (e) {
      set({ status: 'error', error: errorText(e) });
    }
  },
}));

/** Starts the projection: loads the list now and again on every `data.changed`. */
export function bindInstruments(client: Client): () => void {
  activeClient = client;
  const off = client.on('data.changed', (change) => {
    const key = seriesKey(change.instrumentId, change.timeframe);
    useInstruments.setState((s) => ({ revisions: { ...s.revisions, [key]: (s.revisions[key] ?? 0) + 1 } }));
    void useInstruments.getState().refresh();
  });
  void useInstruments.getState().refresh();
  return off;
}

export function sortSeries(series: SeriesInfo[]): SeriesInfo[] {
  return [...series].sort((a, b) => a.symbol.localeCompare(b.symbol) || a.venue.localeCompare(b.venue) || a.timeframe.localeCompare(b.timeframe));
}

export function seriesKey(instrumentId: string, timeframe: string): string {
  return `${instrumentId}|${timeframe}`;
}
