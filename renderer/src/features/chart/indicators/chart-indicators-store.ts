import { useCallback, useEffect, useState } from 'react';

/** One indicator the user put on a chart. */
export interface ChartIndicator {
  id: string;
  name: string;
  params: Record<string, number | string>;
  /** Where it is drawn: on the candles or in its own pane below. */
  placement: 'overlay' | 'pane';
}

const PREFIX = 'quantdesk.chart.indicators.';

/** Indicators are kept per chart (instrument and timeframe) in localStorage. */
export function loadIndicators(chartKey: string, storage: Pick<Storage, 'getItem'> = localStorage): ChartIndicator[] {
  try {
    const raw = storage.getItem(PREFIX + chartKey);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    if (!Array.isArray(list)) return [];
    return list.filter(
      (x): x is ChartIndicator =>
        !!x && typeof x.id === 'string' && typeof x.name === 'string' && typeof x.params === 'object' && x.params !== null && (x.placement === 'overlay' || x.placement === 'pane'),
    );
  } catch {
    // A corrupt entry (edited by hand, older format) must not break the chart.
    return [];
  }
}

export function saveIndicators(chartKey: string, list: ChartIndicator[], storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(PREFIX + chartKey, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the chart still works, it only forgets.
  }
}

let counter = 0;
export function newIndicatorId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

/** The chart's indicators with add/update/remove, persisted on every change. */
export function useChartIndicators(chartKey: string) {
  const [list, setList] = useState<ChartIndicator[]>(() => loadIndicators(chartKey));
  useEffect(() => setList(loadIndicators(chartKey)), [chartKey]);
  const change = useCallback(
    (next: (l: ChartIndicator[]) => ChartIndicator[]) =>
      setList((l) => {
        const n = next(l);
        saveIndicators(chartKey, n);
        return n;
      }),
    [chartKey],
  );
  return {
    list,
    add: (ind: Omit<ChartIndicator, 'id'>) => change((l) => [...l, { ...ind, id: newIndicatorId() }]),
    update: (id: string, patch: Partial<Omit<ChartIndicator, 'id'>>) => change((l) => l.map((x) => (x.id === id ? { ...x, ...patch } : x))),
    remove: (id: string) => change((l) => l.filter((x) => x.id !== id)),
  };
}
