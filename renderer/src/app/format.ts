import type { Timeframe } from '../../../shared/timeframe';

const pad = (n: number) => String(n).padStart(2, '0');

/** UTC date (and time for intraday timeframes), the way the engine stores time. */
export function formatTs(ts: number, withTime = true): string {
  const d = new Date(ts);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return withTime ? `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : date;
}

export function isIntraday(tf: Timeframe): boolean {
  return /^\d+[mh]$/.test(tf);
}

/** Thousands grouped, fixed decimals: `17,520`, `16,549.12`. */
export function formatNumber(n: number, decimals = 0, locale = 'en'): string {
  if (!Number.isFinite(n)) return '—';
  return n.toLocaleString(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Enough decimals to show a price's tick: 2 above 1, more for small prices. */
export function priceDecimals(price: number): number {
  const a = Math.abs(price);
  if (a >= 1000) return 2;
  if (a >= 1) return a >= 100 ? 2 : 3;
  if (a === 0) return 2;
  return Math.min(8, 2 + Math.ceil(-Math.log10(a)));
}

/** Volumes compactly: 1.23K, 4.56M, 7.89B. */
export function formatVolume(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  for (const [div, unit] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ] as const) {
    if (a >= div) return `${(v / div).toFixed(2)}${unit}`;
  }
  return v.toFixed(a < 10 ? 4 : 2).replace(/\.?0+$/, '') || '0';
}

/** A file size for people: 912 B, 1.4 KiB, 3.2 MiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
