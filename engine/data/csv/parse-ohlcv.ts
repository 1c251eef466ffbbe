import { EngineError } from '../../core/errors';
import { allocBarColumns, BAR_FIELDS, type BarColumns } from '../../model/bars';
import { mapHeader, splitLine, TIME_ROLE, type HeaderMap } from './header';
import { parseDecimal } from './numbers';
import { parseRowsFast, type FastRowsPlan } from './parse-rows-fast';
import { epochToMs, epochUnit, parseCompactDate, parseIsoTimestamp, parseTimeOfDay, type TimestampFormat } from './timestamps';

export interface CsvProblem {
  line: number;
  message: string;
}

export interface ParsedCsv {
  bars: BarColumns;
  /** Line-numbered problems (the first MAX_LISTED_PROBLEMS; `problemCount` has them all). */
  problems: CsvProblem[];
  problemCount: number;
  /** The file was sorted newest first and the bars were put in time order. */
  reversed: boolean;
  /** Data rows in the file (blank lines not counted). */
  rows: number;
  /** Rows dropped because they were bad (only with skipBadRows). */
  skipped: number;
  timestampFormat: TimestampFormat;
}

export interface ParseCsvOptions {
  /** Drop bad rows (and list them in `problems`) instead of failing the whole file. */
  skipBadRows?: boolean;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /**
   * A header to use instead of the file's: `inFile` true replaces the file's first line (renamed
   * columns), false means the file has no header line (Binance kline dumps).
   */
  header?: { text: string; inFile: boolean };
  /** Multiplies every volume (Tushare's `vol` is in lots of 100 shares; we store shares). */
  volumeScale?: number;
  /** false: always the general row loop (tests compare it with the fast pass over clean files). */
  fastRows?: boolean;
}

export const MAX_LISTED_PROBLEMS = 1000;
/** Problems carried in the details of the BAD_DATA error. */
export const MAX_PROBLEMS_IN_ERROR = 100;
const PROGRESS_EVERY_LINES = 1 << 16;
const utf8 = new TextDecoder('utf-8');

const NL = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;

/**
 * Parses an OHLCV CSV (a header row naming ts|timestamp|date|datetime and open, high, low, close,
 * volume in any order; `,` `;` or tab separated; epoch s/ms/µs or ISO times in UTC) into columns.
 * Works on bytes and allocates nothing per row. Without `skipBadRows` any bad row — a malformed
 * value, high < low, a duplicate or out-of-order time — fails the whole file with BAD_DATA and its
 * line-numbered problems; a file sorted newest first is returned in time order.
 */
export function parseOhlcvCsv(bytes: Uint8Array, opts: ParseCsvOptions = {}): ParsedCsv {
  const b = bytes;
  const total = b.length;
  const pre = readPrelude(b, opts);
  const { header, headerLine, bodyStart, need, roleOf, hasTime, tsColumn, fmt, fs, fe, timeOfDay } = pre;
  const delim = header.delimiter;
  let direction = pre.direction;

  // Clean files with epoch times (the usual exports and Binance dumps) take the fast pass; it gives
  // up on the first row that is not plain, and the loop below then reads the file and reports.
  const plan = opts.fastRows === false ? null : fastRowsPlan(pre, opts);
  if (plan) {
    const fast = parseRowsFast(b, bodyStart, plan);
    if (fast) return { bars: fast.bars, problems: [], problemCount: 0, reversed: fast.reversed, rows: fast.rows, skipped: 0, timestampFormat: fmt };
  }

  // Room for the rows, estimated from the first lines' length; grown if the estimate was short.
  let cap = estimateRows(b, bodyStart, total);
  let out = allocBarColumns(cap);

  const problems: CsvProblem[] = [];
  let problemCount = 0;
  const problem = (ln: number, message: string): void => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ line: ln, message });
  };
  const fieldText = (role: number): string => {
    trimField(b, fs[role], fe[role]);
    return text(b, trimS, trimE);
  };

  // One pass over the bytes: each field is parsed as it is found (plain decimals inline, anything
  // else — quotes, spaces, exponents — through the general parser).
  const row = new Float64Array(TIME_ROLE + 1);
  const volumeScale = opts.volumeScale ?? 1;
  const isoTs = fmt === 'iso' || fmt === 'yyyymmdd'; // dates, not numbers: parsed apart below
  let n = 0;
  let rows = 0;
  let lastTs = NaN;
  let lastLine = 0;
  let nextProgress = PROGRESS_EVERY_LINES;
  let line = headerLine;
  let p = bodyStart;
  while (p < total) {
    line++;
    const ls = p;
    const c0 = b[p];
    if (c0 === NL) {
      p++;
      continue;
    }
    if (c0 === CR && p + 1 < total && b[p + 1] === NL) {
      p += 2;
      continue;
    }
    let f = 0;
    let q = p;
    let badRole = -1;
    while (f < need) {
      const role = roleOf[f];
      let v = NaN;
      if ((role > 0 && role < TIME_ROLE) || (role === 0 && !isoTs)) {
        v = scanDecimal(b, p, total);
        q = cursor;
        const t = q < total ? b[q] : NL;
        if (v !== v || (t !== delim && t !== NL && t !== CR)) {
          q = fieldEnd(b, p, total, delim);
          trimField(b, p, q);
          v = parseDecimal(b, trimS, trimE);
          // `;`- or tab-separated files from many locales write a decimal comma: 1,5.
          if (v !== v && delim !== COMMA) v = parseDecimal(b, trimS, trimE, COMMA);
        }
        if (role === 0 && v === v) v = epochToMs(v, fmt as 's' | 'ms' | 'us');
      } else {
        q = fieldEnd(b, p, total, delim);
        if (role === TIME_ROLE) {
          fs[role] = p;
          fe[role] = q;
        } else if (role === 0) {
          trimField(b, p, q);
          v = fmt === 'iso' ? parseIsoTimestamp(b, trimS, trimE) : parseCompactDate(b, trimS, trimE);
        }
      }
      if (role >= 0 && role < TIME_ROLE) {
        row[role] = v;
        fs[role] = p;
        fe[role] = q;
        // NaN and ±Infinity both fail x - x === 0.
        if (v - v !== 0 && badRole < 0) badRole = role;
      }
      f++;
      if (q >= total || b[q] !== delim) break;
      p = q + 1;
    }
    // Next line: the rest of this one (extra columns) is not looked at.
    let nl = q < total && b[q] === NL ? q : b.indexOf(NL, q);
    if (nl < 0) nl = total;
    p = nl + 1;
    if (line >= nextProgress) {
      nextProgress += PROGRESS_EVERY_LINES;
      opts.onProgress?.(Math.min(p, total), total);
    }

    if (f < need) {
      if (isBlank(b, ls, nl)) continue;
      rows++;
      problem(line, `expected at least ${need} fields, found ${f}`);
      continue;
    }
    rows++;
    if (hasTime && badRole !== 0) {
      const tod = timeOfDay();
      if (tod !== tod) badRole = 0;
      else row[0] += tod;
    }
    if (badRole === 0) {
      const shown = hasTime ? `${fieldText(0)}" + "${fieldText(TIME_ROLE)}` : fieldText(0);
      problem(line, `bad time in column "${tsColumn}": "${shown}" (the file's times are ${hasTime ? 'dates and times of day (HH:MM[:SS])' : describe(fmt)})`);
      continue;
    }
    if (badRole > 0) {
      problem(line, `malformed number in column "${header.names[header.index[badRole]]}": "${fieldText(badRole)}"`);
      continue;
    }
    const t = row[0];
    if (row[2] < row[3]) {
      problem(line, `high < low (high ${row[2]}, low ${row[3]})`);
      continue;
    }
    if (row[5] < 0) {
      problem(line, `negative volume (${row[5]})`);
      continue;
    }
    if (n > 0) {
      if (t === lastTs) {
        problem(line, `duplicate time ${iso(t)} (also on line ${lastLine})`);
        continue;
      }
      const dir = t > lastTs ? 1 : -1;
      if (direction === 0) direction = dir;
      else if (dir !== direction) {
        problem(line, `out of order: ${iso(t)} comes ${dir > 0 ? 'after' : 'before'} ${iso(lastTs)} (line ${lastLine}) in a file sorted ${direction > 0 ? 'oldest' : 'newest'} first`);
        continue;
      }
    }
    if (n === cap) {
      cap = Math.ceil(cap * 1.5) + 1024;
      out = grow(out, n, cap);
    }
    out.ts[n] = t;
    out.open[n] = row[1];
    out.high[n] = row[2];
    out.low[n] = row[3];
    out.close[n] = row[4];
    out.volume[n] = row[5] * volumeScale;
    n++;
    lastTs = t;
    lastLine = line;
  }
  opts.onProgress?.(total, total);

  if (problemCount > 0 && !opts.skipBadRows) {
    const first = problems[0];
    throw new EngineError('BAD_DATA', `${problemCount} ${problemCount === 1 ? 'problem' : 'problems'} in the file; first: line ${first.line}: ${first.message}`, {
      problems: problems.slice(0, MAX_PROBLEMS_IN_ERROR),
      problemCount,
    });
  }
  if (n === 0) throw new EngineError('BAD_DATA', `no usable rows: all ${rows} rows have problems; first: line ${problems[0].line}: ${problems[0].message}`, { problems: problems.slice(0, MAX_PROBLEMS_IN_ERROR), problemCount });

  const bars = n === cap ? out : exact(out, n);
  const reversed = direction < 0;
  if (reversed) for (const f of BAR_FIELDS) bars[f].reverse();
  return { bars, problems, problemCount, reversed, rows, skipped: rows - n, timestampFormat: fmt };
}

/** What the header and the first and last rows tell about a file before its rows are read. */
interface Prelude {
  header: HeaderMap;
  headerLine: number;
  bodyStart: number;
  need: number;
  roleOf: Int8Array;
  hasTime: boolean;
  tsColumn: string;
  fmt: TimestampFormat;
  direction: number;
  /** Field bounds by role, shared with timeOfDay (which reads the separate time column's). */
  fs: Float64Array;
  fe: Float64Array;
  timeOfDay: () => number;
}

/**
 * Where the fast pass starts and what it needs, for a caller that runs it on parts of the file
 * (see parse-split.ts); null when the row loop has to read the file (dates, a separate time
 * column). Throws what parseOhlcvCsv would throw before reading rows.
 */
export function planFastRows(bytes: Uint8Array, opts: ParseCsvOptions = {}): { start: number; plan: FastRowsPlan } | null {
  const pre = readPrelude(bytes, opts);
  const plan = fastRowsPlan(pre, opts);
  return plan ? { start: pre.bodyStart, plan } : null;
}

function fastRowsPlan(pre: Prelude, opts: ParseCsvOptions): FastRowsPlan | null {
  const fmt = pre.fmt;
  if (pre.hasTime || !(fmt === 's' || fmt === 'ms' || fmt === 'us')) return null;
  return { roleOf: pre.roleOf, need: pre.need, delim: pre.header.delimiter, unit: fmt, direction: pre.direction, volumeScale: opts.volumeScale ?? 1, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
}

function readPrelude(bytes: Uint8Array, opts: ParseCsvOptions): Prelude {
  const b = bytes;
  const total = b.length;
  let pos = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;

  if (b.indexOf(NL, pos) < 0) {
    const cr = b.indexOf(CR, pos);
    if (cr >= 0 && cr < total - 1) {
      throw new EngineError('BAD_DATA', 'the lines end in a bare carriage return (old Mac style), which is not supported: save the file with LF or CRLF line ends');
    }
  }

  // Header: the first non-blank line.
  let line = 0;
  let header: HeaderMap | null = opts.header && !opts.header.inFile ? mapHeader(opts.header.text) : null;
  while (!header && pos < total) {
    const le = lineEnd(b, pos);
    line++;
    const text = utf8.decode(b.subarray(pos, trimEnd(b, pos, le)));
    pos = le + 1;
    if (text.trim() !== '') {
      header = mapHeader(opts.header?.text ?? text);
      break;
    }
  }
  if (!header) throw new EngineError('BAD_DATA', 'the file is empty');

  const headerLine = line;
  const delim = header.delimiter;

  // Role of each field index (-1: ignored) and how many fields a row needs.
  const timeAt = header.timeIndex;
  const hasTime = timeAt >= 0;
  let need = timeAt + 1;
  for (const at of header.index) need = Math.max(need, at + 1);
  const roleOf = new Int8Array(need).fill(-1);
  header.index.forEach((at, role) => (roleOf[at] = role));
  if (hasTime) roleOf[timeAt] = TIME_ROLE;
  // Float64 positions: files past 2 GiB would overflow Int32.
  const fs = new Float64Array(TIME_ROLE + 1);
  const fe = new Float64Array(TIME_ROLE + 1);
  const tsColumn = hasTime ? `${header.names[header.index[0]]}" + "${header.names[timeAt]}` : header.names[header.index[0]];
  /** With a separate time column: the time of day of the current row, from its field. */
  const timeOfDay = (): number => {
    trimField(b, fs[TIME_ROLE], fe[TIME_ROLE]);
    return parseTimeOfDay(b, trimS, trimE);
  };

  /** Splits the line [ls, le) into the fields we need; returns how many fields it had (up to `need`). */
  const split = (ls: number, le: number): number => {
    let p = ls;
    let f = 0;
    while (f < need) {
      let s = p;
      let e: number;
      if (p < le && b[p] === QUOTE) {
        let q = b.indexOf(QUOTE, p + 1);
        if (q < 0 || q >= le) q = le;
        s = p + 1;
        e = q;
        p = q;
        while (p < le && b[p] !== delim) p++;
      } else {
        e = p;
        while (e < le && b[e] !== delim) e++;
        p = e;
      }
      const role = roleOf[f];
      if (role >= 0) {
        while (s < e && (b[s] === SPACE || b[s] === TAB)) s++;
        while (e > s && (b[e - 1] === SPACE || b[e - 1] === TAB)) e--;
        fs[role] = s;
        fe[role] = e;
      }
      f++;
      if (p >= le) break;
      p++;
    }
    return f;
  };

  // The timestamp format, from the first row whose time field reads as one.
  const bodyStart = pos;
  let format: TimestampFormat | null = null;
  for (let p = bodyStart; p < total && format === null; ) {
    const le = lineEnd(b, p);
    const te = trimEnd(b, p, le);
    if (!isBlank(b, p, te) && split(p, te) >= need) format = detectFormat(b, fs[0], fe[0]);
    p = le + 1;
  }
  if (format === null) {
    if (isBlank(b, bodyStart, total)) throw new EngineError('BAD_DATA', `the file has a header (line ${headerLine}) but no rows`);
    throw new EngineError('BAD_DATA', `no row has a time that reads as epoch seconds, milliseconds, microseconds or an ISO date in column "${tsColumn}"`);
  }
  if (hasTime && format !== 'iso') {
    throw new EngineError('BAD_DATA', `with a separate "${header.names[timeAt]}" column, the "${header.names[header.index[0]]}" column must hold dates like 2024-01-31`);
  }
  const fmt = format;
  const readTs = (s: number, e: number): number => {
    if (fmt === 'iso') return parseIsoTimestamp(b, s, e);
    if (fmt === 'yyyymmdd') return parseCompactDate(b, s, e);
    const v = parseDecimal(b, s, e);
    return v !== v ? NaN : epochToMs(v, fmt);
  };

  // Sort direction from the first and the last readable rows, so one bad row near the top cannot
  // make every following row look out of order.
  const timeOfLine = (ls: number, le: number): number => {
    const te = trimEnd(b, ls, le);
    if (isBlank(b, ls, te) || split(ls, te) < need) return NaN;
    return hasTime ? readTs(fs[0], fe[0]) + timeOfDay() : readTs(fs[0], fe[0]);
  };
  const direction = sortDirection(b, bodyStart, total, timeOfLine);
  return { header, headerLine, bodyStart, need, roleOf, hasTime, tsColumn, fmt, direction, fs, fe, timeOfDay };
}

/** The first rows of a file as text, with what the importer would make of the header. */
export function previewCsv(
  bytes: Uint8Array,
  rows = 20,
): { header: string[]; rows: string[][]; detected: { timestampColumn: string; timestampFormat: string } | { error: string } } {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // Enough bytes for the header and `rows` lines (lines can be long; stop at 1 MB).
  let end = start;
  for (let lines = 0; end < bytes.length && lines <= rows && end - start < 1 << 20; lines++) end = lineEnd(bytes, end) + 1;
  const lines = utf8
    .decode(bytes.subarray(start, Math.min(end, bytes.length)))
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return { header: [], rows: [], detected: { error: 'the file is empty' } };
  let map: HeaderMap | null = null;
  let error: string | null = null;
  try {
    map = mapHeader(lines[0]);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const delimiter = map?.delimiter ?? 44;
  const header = splitLine(lines[0], delimiter);
  const body = lines.slice(1, rows + 1).map((l) => splitLine(l, delimiter));
  if (!map) return { header, rows: body, detected: { error: error! } };
  const tsAt = map.index[0];
  const enc = new TextEncoder();
  for (const r of body) {
    const f = enc.encode(r[tsAt] ?? '');
    const fmt = detectFormat(f, 0, f.length);
    if (fmt) {
      const column = map.timeIndex >= 0 ? `${header[tsAt]} + ${header[map.timeIndex]}` : header[tsAt];
      return { header, rows: body, detected: { timestampColumn: column, timestampFormat: fmt } };
    }
  }
  return {
    header,
    rows: body,
    detected: { error: body.length ? `the column "${header[tsAt]}" does not hold epoch or ISO times` : 'the file has a header but no rows' },
  };
}

/** ISO if it reads as an ISO date, else an epoch unit by size; null when it is neither. */
function detectFormat(b: Uint8Array, s: number, e: number): TimestampFormat | null {
  if (parseCompactDate(b, s, e) === parseCompactDate(b, s, e)) return 'yyyymmdd';
  if (parseIsoTimestamp(b, s, e) === parseIsoTimestamp(b, s, e) && e - s >= 10) return 'iso';
  const v = parseDecimal(b, s, e);
  if (v !== v) return null;
  return epochUnit(v);
}

/** +1 oldest first, -1 newest first, 0 unknown (one row, or unreadable ends): from the first and last readable rows. */
function sortDirection(b: Uint8Array, start: number, total: number, timeOfLine: (ls: number, le: number) => number): number {
  let first = NaN;
  for (let p = start, k = 0; p < total && k < 16 && first !== first; k++) {
    const le = lineEnd(b, p);
    first = timeOfLine(p, le);
    p = le + 1;
  }
  let last = NaN;
  for (let e = total, k = 0; e >= start && k < 16 && last !== last; k++) {
    let ls = e;
    while (ls > start && b[ls - 1] !== NL) ls--;
    last = timeOfLine(ls, e);
    e = ls - 1;
  }
  if (first !== first || last !== last || first === last) return 0;
  return last > first ? 1 : -1;
}

/** Where scanDecimal stopped (module state, so the hot loop allocates nothing). */
let cursor = 0;

/**
 * The fast path for the common field: an optionally signed plain decimal (`-12.50`). Returns NaN
 * (so the caller uses the general parser) for anything else or for more digits than are exact.
 */
function scanDecimal(b: Uint8Array, p: number, end: number): number {
  let neg = false;
  if (p < end) {
    const c = b[p];
    if (c === 45) {
      neg = true;
      p++;
    } else if (c === 43) p++;
  }
  let mant = 0;
  let scale = 0;
  const start = p;
  while (p < end) {
    const d = b[p] - 48;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    p++;
  }
  let digits = p - start;
  if (p < end && b[p] === 46) {
    p++;
    const fracStart = p;
    while (p < end) {
      const d = b[p] - 48;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      p++;
    }
    scale = p - fracStart;
    digits += scale;
  }
  cursor = p;
  if (digits === 0 || mant > MAX_EXACT || scale > 22) return NaN;
  const v = scale === 0 ? mant : mant / POW10[scale];
  return neg ? -v : v;
}
const MAX_EXACT = Number.MAX_SAFE_INTEGER;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The end of the field starting at p (a delimiter, '\r', '\n' or the end); a quoted field may hold delimiters. */
function fieldEnd(b: Uint8Array, p: number, end: number, delim: number): number {
  if (p < end && b[p] === QUOTE) {
    const q = b.indexOf(QUOTE, p + 1);
    const nl = b.indexOf(NL, p);
    if (q >= 0 && (nl < 0 || q < nl)) p = q + 1;
  }
  while (p < end) {
    const c = b[p];
    if (c === delim || c === NL || c === CR) break;
    p++;
  }
  return p;
}

/** Trims spaces, tabs and quotes around b[s, e); the result is left in trimS, trimE. */
let trimS = 0;
let trimE = 0;
function trimField(b: Uint8Array, s: number, e: number): void {
  while (s < e && (b[s] === SPACE || b[s] === TAB || b[s] === QUOTE)) s++;
  while (e > s && (b[e - 1] === SPACE || b[e - 1] === TAB || b[e - 1] === QUOTE || b[e - 1] === CR)) e--;
  trimS = s;
  trimE = e;
}

/** Rows to allocate for: the bytes left over the mean length of the first lines, with a margin. */
function estimateRows(b: Uint8Array, start: number, total: number): number {
  let p = start;
  let lines = 0;
  while (p < total && lines < 1000) {
    const nl = b.indexOf(NL, p);
    p = nl < 0 ? total : nl + 1;
    lines++;
  }
  if (p >= total) return lines;
  const mean = (p - start) / lines;
  return Math.ceil(((total - start) / mean) * 1.05) + 1024;
}

function grow(c: BarColumns, n: number, cap: number): BarColumns {
  const out = allocBarColumns(cap);
  for (const f of BAR_FIELDS) out[f].set(c[f].subarray(0, n));
  return out;
}

/** Index of the line's '\n', or the end of the bytes. */
function lineEnd(b: Uint8Array, p: number): number {
  const i = b.indexOf(NL, p);
  return i < 0 ? b.length : i;
}

/** The line's end without a trailing '\r'. */
function trimEnd(b: Uint8Array, s: number, e: number): number {
  return e > s && b[e - 1] === CR ? e - 1 : e;
}

function isBlank(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c !== SPACE && c !== TAB && c !== CR && c !== NL) return false;
  }
  return true;
}

function text(b: Uint8Array, s: number, e: number): string {
  const t = utf8.decode(b.subarray(s, Math.min(e, s + 60)));
  return e - s > 60 ? `${t}…` : t;
}

function iso(t: number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString();
}

function describe(fmt: TimestampFormat): string {
  if (fmt === 'yyyymmdd') return 'dates as YYYYMMDD';
  return fmt === 'iso' ? 'ISO dates (YYYY-MM-DD[ HH:MM[:SS[.fff]]][Z|±HH:MM])' : fmt === 's' ? 'epoch seconds' : fmt === 'ms' ? 'epoch milliseconds' : 'epoch microseconds';
}

/** The first n bars, in arrays of exactly that length. */
function exact(c: BarColumns, n: number): BarColumns {
  return {
    ts: c.ts.slice(0, n),
    open: c.open.slice(0, n),
    high: c.high.slice(0, n),
    low: c.low.slice(0, n),
    close: c.close.slice(0, n),
    volume: c.volume.slice(0, n),
  };
}
