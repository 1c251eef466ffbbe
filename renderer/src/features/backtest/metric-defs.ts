/** The metrics cards of a result, in order: the engine's metric name, its label key, and how to show it. */
export type MetricFormat = 'pct' | 'ratio' | 'int' | 'money';

export const METRIC_CARDS: readonly { key: string; label: string; format: MetricFormat; higherIsBetter: boolean }[] = [
  { key: 'totalReturn', label: 'totalReturn', format: 'pct', higherIsBetter: true },
  { key: 'cagr', label: 'cagr', format: 'pct', higherIsBetter: true },
  { key: 'sharpe', label: 'sharpe', format: 'ratio', higherIsBetter: true },
  { key: 'sortino', label: 'sortino', format: 'ratio', higherIsBetter: true },
  { key: 'maxDrawdown', label: 'maxDrawdown', format: 'pct', higherIsBetter: false },
  { key: 'winRate', label: 'winRate', format: 'pct', higherIsBetter: true },
  { key: 'profitFactor', label: 'profitFactor', format: 'ratio', higherIsBetter: true },
  { key: 'tradeCount', label: 'trades', format: 'int', higherIsBetter: true },
  { key: 'exposureTime', label: 'exposure', format: 'pct', higherIsBetter: true },
  { key: 'finalEquity', label: 'finalEquity', format: 'money', higherIsBetter: true },
];

/** A number with fixed decimals; a value that rounds to zero prints as zero, not "-0.00". */
function fixed(v: number, locale: string, digits: number): string {
  const s = v.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return /^-0(\D0+)?$/.test(s) ? s.slice(1) : s;
}

export function formatMetric(v: number | null | undefined, format: MetricFormat, locale = 'en'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (format) {
    case 'pct':
      return `${fixed(v * 100, locale, 2)}%`;
    case 'ratio':
    case 'money':
      return fixed(v, locale, 2);
    case 'int':
      return fixed(Math.round(v), locale, 0);
  }
}

/** A price with as many decimals as its size needs (float64 fills carry noise like 13721.285194000001). */
export function formatPrice(v: number | null | undefined, locale = 'en'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const [min, max] = a >= 1000 ? [2, 2] : a >= 1 ? [2, 4] : [2, 8];
  return v.toLocaleString(locale, { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: false });
}

/** Heatmap rows: one per year, twelve cells (null where the run had no such month). */
export function monthlyGrid(monthly: readonly { month: string; return: number }[]): { year: number; months: (number | null)[]; total: number }[] {
  const byYear = new Map<number, (number | null)[]>();
  for (const m of monthly) {
    const [y, mo] = m.month.split('-').map(Number);
    if (!byYear.has(y)) byYear.set(y, new Array<number | null>(12).fill(null));
    byYear.get(y)![mo - 1] = m.return;
  }
  return [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, months]) => ({ year, months, total: months.reduce<number>((acc, r) => (r === null ? acc : (1 + acc) * (1 + r) - 1), 0) }));
}
