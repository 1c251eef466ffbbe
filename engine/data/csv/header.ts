import { EngineError } from '../../core/errors';

/** Column roles, in the order of BarColumns. */
export const ROLES = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
export type Role = (typeof ROLES)[number];

/** Accepted header names per role, most specific first. */
const NAMES: Record<Role, readonly string[]> = {
  // Chinese names: akshare and most A-share exports (日期 date, 开盘 open, 最高 high, 最低 low, 收盘 close, 成交量 volume).
  ts: ['ts', 'timestamp', 'datetime', 'date', 'time', 'trade_date', 'open_time', '日期', '时间'],
  open: ['open', 'o', '开盘', '开盘价'],
  high: ['high', 'h', '最高', '最高价'],
  low: ['low', 'l', '最低', '最低价'],
  close: ['close', 'c', '收盘', '收盘价'],
  volume: ['volume', 'vol', 'v', '成交量'],
};

/** Role number of a separate time-of-day column (MetaTrader's `Date,Time,…`), after the ROLES. */
export const TIME_ROLE = ROLES.length;

export interface HeaderMap {
  /** Field index of each role, in ROLES order. */
  index: number[];
  /** Field index of a separate time-of-day column that completes the date column, or -1. */
  timeIndex: number;
  /** The header's names as written (trimmed, unquoted). */
  names: string[];
  delimiter: number;
}

/** The delimiter of a header line: whichever of `,` `;` tab occurs most (comma on a tie). */
export function detectDelimiter(headerLine: string): number {
  let best = 44;
  let bestCount = count(headerLine, ',');
  for (const [ch, code] of [[';', 59], ['\t', 9]] as const) {
    const c = count(headerLine, ch);
    if (c > bestCount) {
      best = code;
      bestCount = c;
    }
  }
  return best;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Splits one line (a string) into unquoted, trimmed fields. For headers and previews, not the hot path. */
export function splitLine(line: string, delimiter: number): string[] {
  const d = String.fromCharCode(delimiter);
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    let field: string;
    if (line[i] === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          text += line.slice(j);
          j = line.length;
          break;
        }
        text += line.slice(j, q);
        if (line[q + 1] === '"') {
          text += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      const next = line.indexOf(d, j);
      field = text;
      i = next < 0 ? line.length + 1 : next + 1;
    } else {
      const next = line.indexOf(d, i);
      field = next < 0 ? line.slice(i) : line.slice(i, next);
      i = next < 0 ? line.length + 1 : next + 1;
    }
    out.push(field.trim());
  }
  return out;
}

/** Maps header names to roles; a missing column is a BAD_DATA error that names it. */
export function mapHeader(headerLine: string): HeaderMap {
  const delimiter = detectDelimiter(headerLine);
  const names = splitLine(headerLine, delimiter);
  const lower = names.map((n) => n.toLowerCase());
  const index: number[] = [];
  const missing: string[] = [];
  for (const role of ROLES) {
    let at = -1;
    for (const name of NAMES[role]) {
      at = lower.indexOf(name);
      if (at >= 0) break;
    }
    if (at < 0) missing.push(role === 'ts' ? 'ts (or timestamp, date, datetime)' : role);
    index.push(at);
  }
  // `Date,Time,…` (MetaTrader and many exports): the date and the time of day in two columns.
  let timeIndex = -1;
  if (index[0] >= 0 && lower[index[0]] === 'date' && lower.includes('time')) timeIndex = lower.indexOf('time');
  if (missing.length > 0) {
    const looksLikeData = names.length > 0 && /^[\s"]*[-+]?\d/.test(names[0]) && lower.every((n) => !NAMES.open.includes(n));
    const found = names.length ? names.map((n) => `"${n}"`).join(', ') : 'nothing';
    throw new EngineError(
      'BAD_DATA',
      looksLikeData
        ? `the first line must be a header naming the columns (ts, open, high, low, close, volume); found data instead: ${headerLine.slice(0, 80)}`
        : `the header has no ${missing.join(', no ')} column (it has ${found}); expected ts|timestamp|date|datetime, open, high, low, close, volume`,
      { missing, header: names },
    );
  }
  return { index, timeIndex, names, delimiter };
}
