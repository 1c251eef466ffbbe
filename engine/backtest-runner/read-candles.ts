import type BetterSqlite3 from 'better-sqlite3';
import { EngineError } from '../core/errors';
import { allocBarColumns, BAR_FIELDS, type BarColumns } from '../model/bars';
import { DigestFold, packedDigest, rangeDigest } from '../model/chunk-digest';
import { PREFAULT_MIN_BYTES, prefaultTail } from '../data/read-prefault';

const FIELDS = BAR_FIELDS.length;

/**
 * Reads a stored series into columns one chunk at a time, so each chunk's blob is garbage as soon
 * as it is copied. `CandleRepository.read` keeps every blob of the range alive until it has copied
 * them all, which doubles the peak memory of a 10M-bar backtest (960 MB instead of 480 MB of
 * bars). Same results (read-candles.test.ts compares them); the chunk layout is the store's
 * (engine/store/README.md: `ts[n] open[n] high[n] low[n] close[n] volume[n]`, little-endian).
 * Candidate to move into the repository as its bulk read.
 */
export function readCandlesLean(db: BetterSqlite3.Database, instrumentId: string, timeframe: string, from = -Infinity, to = Infinity): LeanRead | null {
  // One read transaction: both passes see the same chunks even while the app writes new bars.
  return db.transaction(() => {
    const plan = planChunks(db, instrumentId, timeframe, from, to);
    if (!plan) return null;
    const r = startReading(plan);
    copyChunks(db, r, plan.take.length);
    return finish(r);
  })();
}

/** Share of the bars read before waiting for the pool thread: about the time it takes to fault in the rest (0.3 to 0.5 measure alike). */
export const HEAD_SHARE = 0.35;

/**
 * readCandlesLean with most of the fresh columns' page faults taken by a pool thread: while this
 * thread reads the first chunks into the columns' head, the pool faults in their tail
 * (engine/data/read-prefault.ts), then the rest is read into memory that is already there. Same bars and
 * hash. 2M bars: ~105 ms instead of ~129 with the second core free, for ~9 ms more CPU (the tail
 * is zeroed on one core and written on the other). The two parts are two read transactions with
 * a turn of the event loop between; when anything was written in between (data_version for other
 * connections, total_changes() for this one) the range is read again in one transaction.
 */
export async function readCandlesOverlapped(db: BetterSqlite3.Database, instrumentId: string, timeframe: string, from = -Infinity, to = Infinity, minBytes = PREFAULT_MIN_BYTES): Promise<LeanRead | null> {
  const head = db.transaction(() => {
    const plan = planChunks(db, instrumentId, timeframe, from, to);
    if (!plan) return null;
    const r = startReading(plan);
    const split = plan.total * FIELDS * 8 < minBytes ? 0 : splitAt(plan, HEAD_SHARE);
    if (split === 0) {
      copyChunks(db, r, plan.take.length);
      return { r, tail: null, mark: '' };
    }
    const tail = prefaultTail(r.out, barsBefore(plan, split));
    copyChunks(db, r, split);
    return { r, tail, mark: changeMark(db) };
  })();
  if (!head) return null;
  if (!head.tail) return finish(head.r);
  // Nothing may write to the tail before the pool thread is done with it.
  await head.tail;
  const read = db.transaction(() => {
    if (changeMark(db) !== head.mark) return null;
    copyChunks(db, head.r, head.r.plan.take.length);
    return finish(head.r);
  })();
  return read ?? readCandlesLean(db, instrumentId, timeframe, from, to);
}

export interface LeanRead {
  bars: BarColumns;
  /** The bars' fingerprint hash, version 3 (chunk-digest.ts): stored chunk digests, and the cut edges digested here. */
  hash: string;
}

interface ChunkPlan {
  instrumentId: string;
  timeframe: string;
  seriesId: number;
  /** The chunks holding bars of the range, in bucket order, and which of their bars: [lo, hi). */
  take: { bucket: number; n: number; lo: number; hi: number }[];
  total: number;
}

/** A read under way: chunks take[0, k) are in the columns, up to bar `at`. */
interface Reading {
  plan: ChunkPlan;
  out: BarColumns;
  dst: Uint8Array[];
  fold: DigestFold;
  at: number;
  k: number;
}

export function startReading(plan: ChunkPlan, out: BarColumns = allocBarColumns(plan.total)): Reading {
  return { plan, out, dst: BAR_FIELDS.map((f) => new Uint8Array(out[f].buffer)), fold: new DigestFold(), at: 0, k: 0 };
}

/** Reads the rest of a started reading (inside the caller's read transaction). */
export function readPlanned(db: BetterSqlite3.Database, r: Reading): LeanRead {
  copyChunks(db, r, r.plan.take.length);
  return finish(r);
}

/** Reads chunks up to take[end] of a started reading (inside the caller's read transaction). */
export function readPlannedUpTo(db: BetterSqlite3.Database, r: Reading, end: number): void {
  copyChunks(db, r, end);
}

function finish(r: Reading): LeanRead {
  return { bars: r.out, hash: r.fold.hex() };
}

/**
 * Pass 2, chunks take[r.k, end): one statement stepping through them in bucket order (a prepared
 * get per bucket costs a third more), each blob copied and dropped before the next is read.
 * Where the time goes (2M bars, CPU): ~50 ms faulting in fresh columns (readCandlesOverlapped has
 * another core take most of that), ~20 ms SQLite's reads, ~40 ms the Buffer better-sqlite3 copies
 * every blob into (always a fresh one, freed only by V8's GC, so its pages keep being faulted in
 * again). Tried and not kept: six `substr` columns per row (same bytes, same cost), one statement
 * per field (blobs read six times, 150 ms), freeing each Buffer early by transfer (no fewer
 * faults), a worker thread faulting in SharedArrayBuffer columns (+30 ms of thread start-up).
 */
function copyChunks(db: BetterSqlite3.Database, r: Reading, end: number): void {
  const { take, seriesId } = r.plan;
  if (r.k >= end) return;
  // A database the CLI opened without migrating may predate the digest column.
  const digestColumn = hasDigestColumn(db) ? 'digest' : 'null';
  const rows = db
    .prepare<[number, number, number], [number, Buffer, Buffer | null]>(`select bucket, data, ${digestColumn} from candle_chunk where series_id = ? and bucket >= ? and bucket <= ? order by bucket`)
    .raw(true);
  const { dst, out, fold } = r;
  let { at, k } = r;
  for (const [bucket, bytes, stored] of rows.iterate(seriesId, take[k].bucket, take[end - 1].bucket)) {
    const t = take[k];
    if (k >= end || bucket !== t.bucket) continue;
    for (let f = 0; f < FIELDS; f++) dst[f].set(bytes.subarray((f * t.n + t.lo) * 8, (f * t.n + t.hi) * 8), at * 8);
    const m = t.hi - t.lo;
    const whole = t.lo === 0 && t.hi === t.n;
    fold.add(whole ? (stored?.length === 16 ? new Uint32Array(new Uint8Array(stored).buffer) : packedDigest(bytes, t.n)) : rangeDigest(out, at, at + m), m);
    at += m;
    k++;
  }
  if (k !== end) throw new EngineError('INTERNAL', `candle chunks of ${r.plan.instrumentId} ${r.plan.timeframe} changed while being read`);
  r.at = at;
  r.k = k;
}

/** The first chunk of the part read after the pool thread has faulted it in: 0 when no chunk boundary splits the range. */
export function splitAt(plan: ChunkPlan, headShare: number): number {
  let bars = 0;
  for (let k = 0; k < plan.take.length - 1; k++) {
    bars += plan.take[k].hi - plan.take[k].lo;
    if (bars >= plan.total * headShare) return k + 1;
  }
  return 0;
}

export function barsBefore(plan: ChunkPlan, k: number): number {
  let bars = 0;
  for (let i = 0; i < k; i++) bars += plan.take[i].hi - plan.take[i].lo;
  return bars;
}

/** Changes when anything is committed by another connection or written by this one. */
export function changeMark(db: BetterSqlite3.Database): string {
  return `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('select total_changes()').pluck().get())}`;
}

/** Pass 1 (no blobs but at the range's two edges): which bars of which chunk. */
export function planChunks(db: BetterSqlite3.Database, instrumentId: string, timeframe: string, from: number, to: number): ChunkPlan | null {
  const series = db.prepare<[string, string], { id: number }>('select id from series where instrument_id = ? and timeframe = ?').get(instrumentId, timeframe);
  if (!series) return null;
  const meta = db.prepare<[number], { bucket: number; n: number; first_ts: number; last_ts: number }>('select bucket, n, first_ts, last_ts from candle_chunk where series_id = ? order by bucket').all(series.id);
  const blob = db.prepare<[number, number], { data: Buffer }>('select data from candle_chunk where series_id = ? and bucket = ?');
  const take: ChunkPlan['take'] = [];
  let total = 0;
  for (const m of meta) {
    if (m.last_ts < from || m.first_ts >= to) continue;
    let lo = 0;
    let hi = m.n;
    if (m.first_ts < from || m.last_ts >= to) {
      const ts = tsOf(blob.get(series.id, m.bucket)!.data, m.n);
      while (lo < hi && ts[lo] < from) lo++;
      while (hi > lo && ts[hi - 1] >= to) hi--;
    }
    if (hi > lo) {
      take.push({ bucket: m.bucket, n: m.n, lo, hi });
      total += hi - lo;
    }
  }
  return { instrumentId, timeframe, seriesId: series.id, take, total };
}

function hasDigestColumn(db: BetterSqlite3.Database): boolean {
  return (db.prepare("select name from pragma_table_info('candle_chunk')").pluck().all() as string[]).includes('digest');
}

function tsOf(bytes: Buffer, n: number): Float64Array {
  const copy = new Uint8Array(n * 8);
  copy.set(bytes.subarray(0, n * 8));
  return new Float64Array(copy.buffer);
}
