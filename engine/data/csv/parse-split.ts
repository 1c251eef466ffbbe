import { allocBarColumns, BAR_FIELDS } from '../../model/bars';
import { detectCsvFormat, type CsvFormat } from './formats';
import { ohlcvOptions, parseMarketCsv, type MarketCsvOptions, type ParsedMarketCsv } from './parse-market-csv';
import { planFastRows } from './parse-ohlcv';
import { readRowsFast, rowsCapacity, type FastRowsPlan, type RawRows } from './parse-rows-fast';

/** Below this a second thread does not pay for its start (~20–30 ms) and the copy of its half. */
export const SPLIT_MIN_BYTES = 8 << 20;

/**
 * Reads whole lines with the fast pass somewhere else (a worker thread) while the caller reads the
 * other part; null when a row is not plain. `signal` aborts when the caller no longer needs it.
 */
export type PartReader = (part: Uint8Array, plan: FastRowsPlan, signal: AbortSignal) => Promise<RawRows | null>;

const NL = 10;

/**
 * The fast pass's plan for a file big and plain enough to be read in parts (the split and the
 * prefaulted reads), or null: small files, progress reporting, formats with a second pass
 * (adjustment factors, snapped daily times) and anything the fast pass would not plan stay with
 * the one-pass parse.
 */
export function planPartedRead(bytes: Uint8Array, opts: MarketCsvOptions, minBytes: number): (NonNullable<ReturnType<typeof planFastRows>> & { format: CsvFormat }) | null {
  if (bytes.length < minBytes || opts.onProgress || opts.fastRows === false) return null;
  const fmt = detectCsvFormat(bytes);
  if (fmt.format === 'adj-factor' || fmt.adjustedCloseHeader || fmt.snapDaily) return null;
  try {
    const planned = planFastRows(bytes, ohlcvOptions(fmt, opts));
    return planned && { ...planned, format: fmt.format };
  } catch {
    return null;
  }
}

/**
 * parseMarketCsv, with a big clean file read in two halves at once: this thread reads the first,
 * `readPart` the second. Same result, bit for bit: anything the fast pass would not take — a bad
 * row in either half, rows out of order across the cut, a format with a second pass — is parsed
 * again here by parseMarketCsv, which gives the result or the line-numbered error it always did.
 */
export async function parseMarketCsvSplit(bytes: Uint8Array, opts: MarketCsvOptions, readPart: PartReader, minBytes = SPLIT_MIN_BYTES): Promise<ParsedMarketCsv> {
  const whole = () => parseMarketCsv(bytes, opts);
  const planned = planPartedRead(bytes, opts, minBytes);
  // Each half must know the order up front: the first two rows of the second half cannot set it.
  if (!planned || planned.plan.direction === 0) return whole();
  const { start, plan } = planned;
  const cut = cutAfterLine(bytes, start + ((bytes.length - start) >> 1));
  if (cut < 0) return whole();

  const abort = new AbortController();
  let second: Promise<RawRows | null>;
  try {
    second = readPart(bytes.subarray(cut), plan, abort.signal).catch(() => null);
  } catch {
    // A thread that cannot even start: one pass, as for any other failure.
    second = Promise.resolve(null);
  }
  // This part is read straight into columns with room for the whole file's rows: when that is
  // exactly the rows (rowsCapacity counts the lines), the other part is copied after it and
  // nothing else is copied.
  const first = readRowsFast(bytes.subarray(0, cut), start, plan, allocBarColumns(rowsCapacity(bytes, start, plan)));
  if (!first) {
    abort.abort();
    return whole();
  }
  const rest = await second;
  if (!rest || !joinable(first, rest, plan.direction)) return whole();

  const n1 = first.n;
  const n = n1 + rest.n;
  const exact = first.out.ts.length === n;
  const bars = exact ? first.out : allocBarColumns(n);
  for (const f of BAR_FIELDS) {
    if (!exact) bars[f].set(first.out[f].subarray(0, n1));
    bars[f].set(rest.out[f].subarray(0, rest.n), n1);
  }
  const reversed = plan.direction < 0;
  if (reversed) for (const f of BAR_FIELDS) bars[f].reverse();
  return { bars, problems: [], problemCount: 0, reversed, rows: first.rows + rest.rows, skipped: 0, timestampFormat: plan.unit, format: planned.format, factors: [] };
}

/** The byte after the first '\n' at or after `at`, or −1 when that leaves nothing to split off. */
export function cutAfterLine(b: Uint8Array, at: number): number {
  const nl = b.indexOf(NL, at);
  return nl < 0 || nl + 1 >= b.length ? -1 : nl + 1;
}

/** Whether one pass would have taken both parts: some rows, and the rows either side of the cut in the file's order. */
function joinable(a: RawRows, b: RawRows, direction: number): boolean {
  if (a.n + b.n === 0) return false;
  if (a.n === 0 || b.n === 0) return true;
  const last = a.out.ts[a.n - 1];
  const next = b.out.ts[0];
  return next !== last && (next > last ? 1 : -1) === direction;
}
