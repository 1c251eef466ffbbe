import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { InstrumentId } from '../../../shared/ids';
import type { Timeframe } from '../../../shared/timeframe';

/** Only the screens that work are listed; later issues add theirs here. */
export const SCREENS = ['chart', 'data', 'strategies', 'results', 'runs', 'trading', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface SeriesKey {
  instrumentId: InstrumentId;
  timeframe: Timeframe;
}

interface NavigationState {
  screen: Screen;
  /** The series the chart shows; null until the user (or the first data) picks one. */
  chartSeries: SeriesKey | null;
  go(screen: Screen): void;
  showChart(series: SeriesKey): void;
  setChartSeries(series: SeriesKey | null): void;
}

export const useNavigation = create<NavigationState>()(
  persist(
    (set) => ({
      screen: 'chart',
      chartSeries: null,
      go: (screen) => set({ screen }),
      showChart: (series) => set({ screen: 'chart', chartSeries: series }),
      setChartSeries: (chartSeries) => set({ chartSeries }),
    }),
    { name: 'quantdesk.navigation', version: 1, storage: createJSONStorage(() => localStorage), partialize: (s) => ({ screen: s.screen, chartSeries: s.chartSeries }) },
  ),
);
