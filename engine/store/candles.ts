import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { InstrumentId } from '../../shared/ids';
import { splitInstrumentId } from '../../shared/ids';
import { timeframeMs, type Timeframe } from '../../shared/timeframe';
import { EngineError } from '../core/errors';
import { allocBarColumns, BAR_FIELDS, type BarColumns } from '../model/bars';
import { CHUNK_BARS, packedDigest } from '../model/chunk-digest';
import type { MarketSchema } from './schema';

// Bars per chunk at the series' timeframe: ~200 KB blobs, so 1M one-minute bars are ~250 rows.
export { CHUNK_BARS };
const FIELDS = BAR_FIELDS.length; // ts, open, high, low, close, volume
const BYTES_PER_BAR = FIELDS * 8;

export interface SeriesInfo {
  instrumentId: InstrumentId;
  symbol: string;
  venue: string;
  timeframe: Timeframe;
  firstTs: number;
  lastTs: number;
  count: number;
  updatedAt: number;
  synthetic: boolean;
}

export interface CandleQuery {
  from?: number;
  to?: number;
  limit?: number;
  /** With `limit`: the last `limit` bars before `to` instead of the first after `from`. */
  latest?: boolean;
}

export interface CandleWriteOptions {
  /** Generated data (samples, tests): a series stays synthetic only while every write into it is. */
  synthetic?: boolean;
  onProgress?: (done: number, total: number) => void;
}

type SeriesRow = Selectable<MarketSchema['series']>;

/** One chunk's bars: a view on its blob (or an aligned copy), `n` bars, columns back to back. */
interface Chunk {
  n: number;
  f64: Float64Array;
  bytes: Uint8Array;
}

/**
 * Candles in `market.db`, stored as columnar chunks: one row per (series, time bucket) whose blob
 * holds the bucket's bars as packed float64 columns. Buckets are fixed spans of time
 * (`CHUNK_BARS` bars of the timeframe), so a write touches only the buckets it covers and a read
 * copies whole blobs into preallocated columns, trimming only the first and the last.
 */
export class CandleRepository {
  private readonly s: ReturnType<CandleRepository['prepare']>;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.s = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      series: db.prepare<[string, string], SeriesRow>('select * from series where instrument_id = ? and timeframe = ?'),
      allSeries: db.prepare<[], SeriesRow>('select * from series order by instrument_id, timeframe'),
      insertSeries: db.prepare(
        `insert into series (instrument_id, symbol, venue, timeframe, first_ts, last_ts, count, updated_at, synthetic, chunk_ms)
         values (@instrument_id, @symbol, @venue, @timeframe, @first_ts, @last_ts, 0, @updated_at, @synthetic, @chunk_ms)`,
      ),
      updateSeries: db.prepare(
        'update series set first_ts = @first_ts, last_ts = @last_ts, count = @count, updated_at = @updated_at, synthetic = @synthetic where id = @id',
      ),
      deleteSeries: db.prepare('delete from series where id = ?'),
      deleteChunks: db.prepare('delete from candle_chunk where series_id = ?'),
      chunk: db.prepare<[number, number], { n: number; data: Buffer }>('select n, data from candle_chunk where series_id = ? and bucket = ?'),
      putChunk: db.prepare('insert or replace into candle_chunk (series_id, bucket, n, first_ts, last_ts, data, digest) values (?, ?, ?, ?, ?, ?, ?)'),
      chunksAsc: db
        .prepare<[number, number, number]>('select n, data from candle_chunk where series_id = ? and bucket >= ? and bucket <= ? order by bucket')
        .raw(true),
      chunksDesc: db
        .prepare<[number, number, number]>('select n, data from candle_chunk where series_id = ? and bucket >= ? and bucket <= ? order by bucket desc')
        .raw(true),
    };
  }

  /**
   * Inserts bars (sorted ascending, unique ts) into the series, replacing bars with equal ts.
   * One transaction: all or nothing, even if the process dies half-way.
   */
  write(instrumentId: InstrumentId, timeframe: Timeframe, bars: BarColumns, opts: CandleWriteOptions = {}): { inserted: number; replaced: number } {
    const n = checkBars(bars);
    if (n === 0) return { inserted: 0, replaced: 0 };
    const run = this.db.transaction(() => {
      const now = this.now();
      let series = this.s.series.get(instrumentId, timeframe);
      if (!series) {
        const { symbol, venue } = splitInstrumentId(instrumentId);
        this.s.insertSeries.run({
          instrument_id: instrumentId,
          symbol,
          venue,
          timeframe,
          first_ts: bars.ts[0],
          last_ts: bars.ts[n - 1],
          updated_at: now,
          synthetic: opts.synthetic ? 1 : 0,
          chunk_ms: timeframeMs(timeframe) * CHUNK_BARS,
        });
        series = this.s.series.get(instrumentId, timeframe)!;
      }
      const span = series.chunk_ms;
      let inserted = 0;
      let replaced = 0;
      for (let i = 0; i < n; ) {
        const bucket = Math.floor(bars.ts[i] / span);
        const end = (bucket + 1) * span;
        let j = i + 1;
        while (j < n && bars.ts[j] < end) j++;
        const old = this.s.chunk.get(series.id, bucket);
        let packed: Float64Array;
        if (old) {
          const merged = mergeChunk(toChunk(old.n, old.data), bars, i, j);
          packed = merged.packed;
          inserted += merged.inserted;
          replaced += j - i - merged.inserted;
        } else {
          packed = pack(bars, i, j);
          inserted += j - i;
        }
        const m = packed.length / FIELDS;
        const bytes = new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
        // The chunk's digest, kept beside it: a backtest's data fingerprint reads it instead of hashing the bars (chunk-digest.ts).
        const digest = packedDigest(bytes, m);
        this.s.putChunk.run(series.id, bucket, m, packed[0], packed[m - 1], Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), Buffer.from(digest.buffer));
        i = j;
        opts.onProgress?.(i, n);
      }
      this.s.updateSeries.run({
        id: series.id,
        first_ts: Math.min(series.first_ts, bars.ts[0]),
        last_ts: Math.max(series.last_ts, bars.ts[n - 1]),
        count: series.count + inserted,
        updated_at: now,
        synthetic: series.synthetic && opts.synthetic ? 1 : 0,
      });
      return { inserted, replaced };
    });
    return run.immediate();
  }

  /** Bars with ts in [from, to); `limit` keeps the first N, or with `latest` the last N. Unknown series: no bars. */
  read(instrumentId: InstrumentId, timeframe: Timeframe, q: CandleQuery = {}): BarColumns {
    const series = this.s.series.get(instrumentId, timeframe);
    const from = q.from ?? -Infinity;
    const to = q.to ?? Infinity;
    let remaining = q.limit ?? Infinity;
    if (!series || !(from < to) || remaining <= 0) return allocBarColumns(0);
    const span = series.chunk_ms;
    const lowBucket = Number.isFinite(from) ? Math.floor(from / span) : Math.floor(series.first_ts / span);
    // Inclusive, and safe for a fractional `to`: a bar in bucket floor(to / span) at exactly `to` is trimmed below.
    const highBucket = Number.isFinite(to) ? Math.floor(to / span) : Math.floor(series.last_ts / span);
    if (lowBucket > highBucket) return allocBarColumns(0);

    // Pieces of chunks to copy, in ascending order: [chunk, start, end).
    const pieces: { c: Chunk; lo: number; hi: number }[] = [];
    let total = 0;
    const stmt = q.latest ? this.s.chunksDesc : this.s.chunksAsc;
    for (const row of stmt.iterate(series.id, lowBucket, highBucket) as IterableIterator<[number, Buffer]>) {
      const c = toChunk(row[0], row[1]);
      const ts = c.f64.subarray(0, c.n);
      let lo = ts[0] >= from ? 0 : lowerBound(ts, from);
      let hi = ts[c.n - 1] < to ? c.n : lowerBound(ts, to);
      if (hi - lo > remaining) {
        if (q.latest) lo = hi - remaining;
        else hi = lo + remaining;
      }
      if (hi <= lo) continue;
      pieces.push({ c, lo, hi });
      total += hi - lo;
      remaining -= hi - lo;
      if (remaining <= 0) break;
    }
    if (q.latest) pieces.reverse();

    const out = allocBarColumns(total);
    const dst = BAR_FIELDS.map((f) => new Uint8Array(out[f].buffer));
    let at = 0;
    for (const { c, lo, hi } of pieces) {
      for (let k = 0; k < FIELDS; k++) dst[k].set(c.bytes.subarray((k * c.n + lo) * 8, (k * c.n + hi) * 8), at * 8);
      at += hi - lo;
    }
    return out;
  }

  listSeries(): SeriesInfo[] {
    return this.s.allSeries.all().map(toInfo);
  }

  /** The series' summary, or null when it is not stored. */
  getSeries(instrumentId: InstrumentId, timeframe: Timeframe): SeriesInfo | null {
    const row = this.s.series.get(instrumentId, timeframe);
    return row ? toInfo(row) : null;
  }

  deleteSeries(instrumentId: InstrumentId, timeframe: Timeframe): boolean {
    return this.db.transaction(() => {
      const row = this.s.series.get(instrumentId, timeframe);
      if (!row) return false;
      this.s.deleteChunks.run(row.id);
      this.s.deleteSeries.run(row.id);
      return true;
    }).immediate();
  }
}

function toInfo(r: SeriesRow): SeriesInfo {
  return {
    instrumentId: r.instrument_id as InstrumentId,
    symbol: r.symbol,
    venue: r.venue,
    timeframe: r.timeframe as Timeframe,
    firstTs: r.first_ts,
    lastTs: r.last_ts,
    count: r.count,
    updatedAt: r.updated_at,
    synthetic: r.synthetic === 1,
  };
}

/** Validates the columns (same length, ts finite and strictly ascending) and returns the bar count. */
function checkBars(bars: BarColumns): number {
  const n = bars.ts.length;
  for (const f of BAR_FIELDS) {
    if (bars[f].length !== n) throw new EngineError('INVALID_INPUT', `bar columns differ in length: ts has ${n}, ${f} has ${bars[f].length}`);
  }
  const ts = bars.ts;
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    if (!Number.isFinite(t)) throw new EngineError('INVALID_INPUT', `bar ${i} has no valid timestamp (${t})`);
    if (i > 0 && !(t > ts[i - 1])) {
      throw new EngineError('INVALID_INPUT', `bars must be sorted by time without duplicates: bar ${i} (${t}) does not come after bar ${i - 1} (${ts[i - 1]})`);
    }
  }
  return n;
}

function toChunk(n: number, data: Buffer): Chunk {
  if (data.byteLength !== n * BYTES_PER_BAR) throw new EngineError('INTERNAL', `a candle chunk is damaged: ${data.byteLength} bytes for ${n} bars`);
  // Blobs arrive as fresh buffers (offset 0); copy only in the unlikely case one is not 8-aligned.
  const bytes = data.byteOffset % 8 === 0 ? data : new Uint8Array(data);
  return { n, bytes, f64: new Float64Array(bytes.buffer, bytes.byteOffset, n * FIELDS) };
}

function pack(bars: BarColumns, i: number, j: number): Float64Array {
  const m = j - i;
  const out = new Float64Array(m * FIELDS);
  for (let k = 0; k < FIELDS; k++) out.set(bars[BAR_FIELDS[k]].subarray(i, j), k * m);
  return out;
}

/** Merges bars[i, j) into an existing chunk; a new bar replaces an old one with the same ts. */
function mergeChunk(old: Chunk, bars: BarColumns, i: number, j: number): { packed: Float64Array; inserted: number } {
  const a = old.n;
  const oldTs = old.f64;
  const cap = a + (j - i);
  const cols = Array.from({ length: FIELDS }, () => new Float64Array(cap));
  const src = BAR_FIELDS.map((f) => bars[f]);
  let p = 0;
  let q = i;
  let m = 0;
  let inserted = 0;
  while (p < a || q < j) {
    const takeNew = p >= a || (q < j && bars.ts[q] <= oldTs[p]);
    if (takeNew) {
      if (p < a && bars.ts[q] === oldTs[p]) p++; // replaced
      else inserted++;
      for (let k = 0; k < FIELDS; k++) cols[k][m] = src[k][q];
      q++;
    } else {
      for (let k = 0; k < FIELDS; k++) cols[k][m] = old.f64[k * a + p];
      p++;
    }
    m++;
  }
  const packed = new Float64Array(m * FIELDS);
  for (let k = 0; k < FIELDS; k++) packed.set(cols[k].subarray(0, m), k * m);
  return { packed, inserted };
}

/** First index whose value is >= x (ts ascending). */
function lowerBound(ts: Float64Array, x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
