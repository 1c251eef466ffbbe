import { prefaultTail } from '../read-prefault';
import { allocBarColumns, BAR_FIELDS } from '../../model/bars';
import { parseMarketCsv, type MarketCsvOptions, type ParsedMarketCsv } from './parse-market-csv';
import { countLinesFast, exactColumns, readRowsInto, type RowsState } from './parse-rows-fast';
import { cutAfterLine, planPartedRead, SPLIT_MIN_BYTES } from './parse-split';

/** Share of the file read before waiting for the pool thread: its faults for the rest take about as long (~40 ms for 2M rows). */
const HEAD_SHARE = 0.25;
/** The shortest row the fast pass takes (`1,1,1,1,1,1\n`): more lines than this allows are blank ones. */
const MIN_ROW_BYTES = 12;

/**
 * parseMarketCsv, with most of the fresh columns' page faults (~50 ms for 2M rows: 96 MB written
 * for the first time) taken by a libuv pool thread on the other core: the columns are sized by the
 * lines counted, the pool thread faults in the rows after the first quarter's lines
 * (read-prefault.ts) while this thread reads the first quarter into the rows before them, then
 * the rest is read on into memory already there. Same result, bit for bit: the parts are read by
 * the one pass's row reader, continued; anything it would not take, or a file of many blank
 * lines, is parsed again by parseMarketCsv, which gives the result or the line-numbered error.
 */
export async function parseMarketCsvPrefaulted(bytes: Uint8Array, opts: MarketCsvOptions = {}, minBytes = SPLIT_MIN_BYTES): Promise<ParsedMarketCsv> {
  const whole = () => parseMarketCsv(bytes, opts);
  const planned = planPartedRead(bytes, opts, minBytes);
  if (!planned) return whole();
  const { start, plan } = planned;
  const cut = cutAfterLine(bytes, start + Math.floor((bytes.length - start) * HEAD_SHARE));
  if (cut < 0) return whole();
  const headLines = countLinesFast(bytes.subarray(0, cut), start, plan);
  const tailLines = countLinesFast(bytes, cut, plan);
  if (headLines === null || tailLines === null || headLines + tailLines > (bytes.length - start) / MIN_ROW_BYTES + 1) return whole();

  const st: RowsState = { n: 0, direction: plan.direction, out: allocBarColumns(headLines + tailLines), cap: headLines + tailLines };
  const faulted = prefaultTail(st.out, headLines);
  // The first part has at most headLines rows: nothing is written where the pool thread writes.
  const headRows = readRowsInto(bytes.subarray(0, cut), start, plan, st);
  if (headRows < 0) return whole();
  await faulted;
  const tailRows = readRowsInto(bytes, cut, plan, st);
  // No rows: the one pass says what is wrong.
  if (tailRows < 0 || st.n === 0) return whole();

  const bars = st.n === st.out.ts.length ? st.out : exactColumns(st.out, st.n);
  const reversed = st.direction < 0;
  if (reversed) for (const f of BAR_FIELDS) bars[f].reverse();
  return { bars, problems: [], problemCount: 0, reversed, rows: headRows + tailRows, skipped: 0, timestampFormat: plan.unit, format: planned.format, factors: [] };
}
