import { detectDelimiter, splitLine } from './header';

export const CSV_FORMATS = ['generic', 'binance', 'yahoo', 'tradingview', 'tushare', 'akshare', 'adj-factor'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export interface DetectedCsvFormat {
  format: CsvFormat;
  /** Header to parse with instead of the file's first line (see ParseCsvOptions.header). */
  header?: { text: string; inFile: boolean };
  volumeScale: number;
  /** Yahoo's split/dividend adjusted close: the header with it renamed to `close`, for a second pass. */
  adjustedCloseHeader?: string;
  /** Daily bars stamped at a local midnight (TradingView): snap them to the UTC date. */
  snapDaily: boolean;
}

// Binance's public kline dumps (data.binance.vision): no header, 12 columns.
const BINANCE_COLUMNS = ['open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time', 'quote_volume', 'trades', 'taker_base_volume', 'taker_quote_volume', 'ignore'];

/** The first non-blank line of a file (BOM dropped), decoded from at most its first 64 KiB. */
export function firstLine(bytes: Uint8Array): string {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = new TextDecoder().decode(bytes.subarray(start, Math.min(bytes.length, start + 65536)));
  return text.split('\n').map((l) => l.replace(/\r$/, '')).find((l) => l.trim() !== '') ?? '';
}

/**
 * Recognises the CSV layouts traders have from the first line: Binance kline dumps (no header,
 * open time in ms or µs), Yahoo Finance (`Date,Open,High,Low,Close,Adj Close,Volume`),
 * TradingView chart exports (`time,open,high,low,close,Volume,…`), Tushare (`trade_date,…,vol`,
 * volume in lots of 100, newest first), akshare (`日期,开盘,收盘,最高,最低,成交量`), Tushare
 * adjustment factors (`ts_code,trade_date,adj_factor`), else the generic header the parser maps.
 */
export function detectCsvFormat(bytes: Uint8Array): DetectedCsvFormat {
  const line = firstLine(bytes);
  const delimiter = detectDelimiter(line);
  const fields = splitLine(line, delimiter);
  const lower = fields.map((f) => f.toLowerCase());
  const base = { volumeScale: 1, snapDaily: false };
  if (fields.length >= 6 && fields.length <= 12 && fields.every((f) => /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(f)) && /^\d{13}$|^\d{16}$/.test(fields[0])) {
    const d = String.fromCharCode(delimiter);
    return { ...base, format: 'binance', header: { text: BINANCE_COLUMNS.slice(0, fields.length).join(d), inFile: false } };
  }
  if (lower.includes('adj_factor') && lower.includes('trade_date')) return { ...base, format: 'adj-factor' };
  if (lower.includes('adj close')) {
    const renamed = lower.map((n) => (n === 'close' ? 'raw_close' : n === 'adj close' ? 'close' : n)).join(String.fromCharCode(delimiter));
    return { ...base, format: 'yahoo', adjustedCloseHeader: renamed };
  }
  if (lower.includes('trade_date')) return { ...base, format: 'tushare', volumeScale: lower.includes('vol') && !lower.includes('volume') ? 100 : 1 };
  if (fields.includes('日期')) return { ...base, format: 'akshare', volumeScale: akshareVolumeScale(bytes, fields, delimiter) };
  if (lower[0] === 'time' && ['open', 'high', 'low', 'close'].every((c) => lower.includes(c))) return { ...base, format: 'tradingview', snapDaily: true };
  return { ...base, format: 'generic' };
}

/**
 * akshare's 成交量 is in lots of 100 shares for its East Money daily bars (stock_zh_a_hist) and in
 * shares for others (stock_zh_a_daily). The file says which: 成交额 (turnover, yuan) ÷ (成交量 ×
 * 收盘) is about 100 for lots and about 1 for shares (the close is only near the day's average
 * price, so the ratio is checked within a factor of 3). Without a turnover column, as written.
 */
function akshareVolumeScale(bytes: Uint8Array, fields: string[], delimiter: number): number {
  const vol = fields.indexOf('成交量');
  const amount = fields.indexOf('成交额');
  const close = fields.indexOf('收盘');
  if (vol < 0 || amount < 0 || close < 0) return 1;
  const lines = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 65536))).split('\n').slice(1, 41);
  const ratios: number[] = [];
  for (const line of lines) {
    const f = splitLine(line.replace(/\r$/, ''), delimiter);
    const r = Number(f[amount]) / (Number(f[vol]) * Number(f[close]));
    if (Number.isFinite(r) && r > 0) ratios.push(r);
  }
  if (ratios.length === 0) return 1;
  ratios.sort((a, b) => a - b);
  const median = ratios[ratios.length >> 1];
  return median > 100 / 3 && median < 300 ? 100 : 1;
}
