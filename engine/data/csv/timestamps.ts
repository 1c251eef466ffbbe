/**
 * Hand-written timestamp parsing for CSV import: byte ranges in, UTC epoch ms out (NaN when the
 * text is not a timestamp). No Date objects and no strings on the happy path.
 */

export type TimestampFormat = 's' | 'ms' | 'us' | 'iso' | 'yyyymmdd';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Reads exactly `len` digits at b[i..], or -1. */
function digits(b: Uint8Array, i: number, len: number, end: number): number {
  if (i + len > end) return -1;
  let v = 0;
  for (let k = 0; k < len; k++) {
    const c = b[i + k] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fff…]]`, optionally by `Z`
 * or an offset (`+HH:MM`, `+HHMM`, `+HH`). `/` and `.` work as date separators too (`2024.01.31`
 * is MetaTrader's). Without a zone the
 * time is UTC. Fractions beyond milliseconds are truncated.
 */
export function parseIsoTimestamp(b: Uint8Array, s: number, e: number): number {
  const y = digits(b, s, 4, e);
  if (y < 0) return NaN;
  let i = s + 4;
  const sep = b[i];
  if (sep !== 45 && sep !== 47 && sep !== 46) return NaN; // - / .
  const mo = digits(b, i + 1, 2, e);
  if (mo < 1 || mo > 12 || b[i + 3] !== sep) return NaN;
  const d = digits(b, i + 4, 2, e);
  const dim = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1];
  if (d < 1 || d > dim) return NaN;
  i += 6;
  let ms = daysFromCivil(y, mo, d) * DAY_MS;
  if (i === e) return ms;
  const t = b[i];
  if (t !== 84 && t !== 32 && t !== 116) return NaN; // T, space, t
  const tod = timeOfDayAt(b, i + 1, e);
  if (tod !== tod) return NaN;
  ms += tod;
  i = timeEnd;
  if (i === e) return ms;
  const z = b[i];
  if ((z === 90 || z === 122) && i + 1 === e) return ms; // Z
  if (z !== 43 && z !== 45) return NaN; // + or -
  const oh = digits(b, i + 1, 2, e);
  if (oh < 0 || oh > 23) return NaN;
  let om = 0;
  i += 3;
  if (i < e) {
    if (b[i] === 58) i++;
    om = digits(b, i, 2, e);
    if (om < 0 || om > 59) return NaN;
    i += 2;
  }
  if (i !== e) return NaN;
  const offset = (oh * 60 + om) * 60_000;
  return z === 43 ? ms - offset : ms + offset;
}

/** `HH:MM[:SS[.fff]]` as ms since midnight, or NaN. */
export function parseTimeOfDay(b: Uint8Array, s: number, e: number): number {
  const ms = timeOfDayAt(b, s, e);
  return timeEnd === e ? ms : NaN;
}

/** Where the last timeOfDayAt stopped (module state: no allocation per row). */
let timeEnd = 0;

/** Reads `HH:MM[:SS[.fff…]]` at b[s..] as ms since midnight (NaN if it is not one) and leaves its end in timeEnd. */
function timeOfDayAt(b: Uint8Array, s: number, e: number): number {
  const hh = digits(b, s, 2, e);
  if (hh < 0 || hh > 23 || b[s + 2] !== 58) return NaN;
  const mm = digits(b, s + 3, 2, e);
  if (mm < 0 || mm > 59) return NaN;
  let ms = hh * 3_600_000 + mm * 60_000;
  let i = s + 5;
  if (i < e && b[i] === 58) {
    const ss = digits(b, i + 1, 2, e);
    if (ss < 0 || ss > 59) return NaN;
    ms += ss * 1000;
    i += 3;
    if (i < e && (b[i] === 46 || b[i] === 44)) {
      i++;
      let frac = 0;
      let n = 0;
      while (i < e) {
        const c = b[i] - 48;
        if (c < 0 || c > 9) break;
        if (n < 3) frac = frac * 10 + c;
        n++;
        i++;
      }
      if (n === 0) return NaN;
      for (let k = n; k < 3; k++) frac *= 10;
      ms += frac;
    }
  }
  timeEnd = i;
  return ms;
}

/** Which epoch unit a number is in, from its size: seconds until year 5138, ms until 5138, then µs. */
export function epochUnit(v: number): 's' | 'ms' | 'us' | null {
  const a = Math.abs(v);
  if (a < 1e11) return 's';
  if (a < 1e14) return 'ms';
  if (a < 1e17) return 'us';
  return null;
}

export function epochToMs(v: number, unit: 's' | 'ms' | 'us'): number {
  if (unit === 's') return Math.round(v * 1000);
  if (unit === 'ms') return Math.floor(v);
  return Math.floor(v / 1000);
}

/**
 * `YYYYMMDD` (Tushare's `trade_date`, many Chinese exports) as UTC midnight; NaN unless it is
 * exactly 8 digits forming a real date between 1900 and 2199.
 */
export function parseCompactDate(b: Uint8Array, s: number, e: number): number {
  if (e - s !== 8) return NaN;
  const y = digits(b, s, 4, e);
  const m = digits(b, s + 4, 2, e);
  const d = digits(b, s + 6, 2, e);
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return NaN;
  const leap = m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 1 : 0;
  if (d > DAYS_IN_MONTH[m - 1] + leap) return NaN;
  return daysFromCivil(y, m, d) * DAY_MS;
}
