import { create } from 'zustand';
import type { Client } from '../../../../shared/client';
import type { QualityReport } from '../../../../shared/contract';
import type { InstrumentId } from '../../../../shared/ids';
import type { Timeframe } from '../../../../shared/timeframe';
import { errorText, type UiError } from '../../app/errors';

export interface SeriesKey {
  instrumentId: InstrumentId;
  timeframe: Timeframe;
}

interface QualityState {
  series: SeriesKey | null;
  report: QualityReport | null;
  loading: boolean;
  error: UiError | null;
  choose(series: SeriesKey | null): void;
  check(client: Client): Promise<void>;
  markGaps(client: Client, ranges: { from: number; to: number }[]): Promise<void>;
  unmark(client: Client, id: number): Promise<void>;
}

/** The quality report of one stored series (`data.quality`) and its gap actions. */
export const useQuality = create<QualityState>()((set, get) => ({
  series: null,
  report: null,
  loading: false,
  error: null,

  choose(series) {
    set({ series, report: null, error: null });
  },

  async check(client) {
    const s = get().series;
    if (!s) return;
    set({ loading: true, error: null });
    try {
      const report = await client.api.data.quality({ instrumentId: s.instrumentId, timeframe: s.timeframe });
      if (get().series === s) set({ report, loading: false });
    } catch (e) {
      set({ error: errorText(e), loading: false });
    }
  },

  async markGaps(client, ranges) {
    const s = get().series;
    if (!s || !ranges.length) return;
    try {
      await client.api.data.markGaps({ instrumentId: s.instrumentId, timeframe: s.timeframe, ranges, note: 'marked on the Data screen' });
      await get().check(client);
    } catch (e) {
      set({ error: errorText(e) });
    }
  },

  async unmark(client, id) {
    const s = get().series;
    if (!s) return;
    try {
      await client.api.data.unmarkGap({ instrumentId: s.instrumentId, timeframe: s.timeframe, id });
      await get().check(client);
    } catch (e) {
      set({ error: errorText(e) });
    }
  },
}));
