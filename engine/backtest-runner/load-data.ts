import { readFileSync } from 'node:fs';
import path from 'node:path';
import { instrumentId, VENUE_CSV, type InstrumentId } from '../../shared/ids';
import { TIMEFRAME_MS, timeframeMs, type Timeframe } from '../../shared/timeframe';
import { EngineError } from '../core/errors';
import type { ParsedMarketCsv } from '../data/csv/parse-market-csv';
import { allocBarColumns, BAR_FIELDS, sliceBars, type BarColumns } from '../model/bars';
import { CHUNK_BARS, chunkedHash, cross, fmix, laneSeeds, mix, mixLanes } from '../model/chunk-digest';
import type { ReadAhead } from './read-ahead';
import { readCandlesOverlapped } from './read-candles';
import type { Stores } from '../store/open-stores';

/** Where a run's bars come from; stored with the run so a rerun reads the same place again. */
export type DataSpec =
  | { kind: 'file'; path: string; symbol?: string; timeframe?: Timeframe; from?: number; to?: number }
  | { kind: 'store'; instrumentId: string; timeframe: Timeframe; from?: number; to?: number };

/** What the bars were: a rerun on bars with another fingerprint is not the same run. */
export interface DataFingerprint {
  instrumentId: string;
  timeframe: Timeframe;
  /** First bar's open and last bar's open (UTC ms); null without bars. */
  from: number | null;
  to: number | null;
  bars: number;
  /** 128-bit digest of the six float64 columns (hashBars), 32 hex digits. */
  hash: string;
  /** Which digest `hash` is (absent: 1, from runs recorded before version 2). */
  hashVersion?: number;
}

export interface LoadedData {
  instrumentId: InstrumentId;
  timeframe: Timeframe;
  bars: BarColumns;
  fingerprint: DataFingerprint;
  /** Stored bars: their times strictly increase (the store refuses anything else on write; FeedInput.timesIncrease). */
  timesIncrease: boolean;
}

/** Parses CSV bytes: inline by default; the app hands this to its worker pool to keep the engine thread free. */
export type CsvParser = (bytes: Uint8Array, timeframe: Timeframe | undefined) => Promise<ParsedMarketCsv> | ParsedMarketCsv;

// The CSV reader (its WebAssembly kernel, the worker split) loads only when a file is read: a run
// over stored bars does not parse and compile it.
const parseInline: CsvParser = async (bytes, timeframe) => (await import('../data/csv/read-part-in-worker')).parseMarketCsvThreaded(bytes, timeframe ? { timeframe } : {});

/**
 * `hashVersion`: the digest to fingerprint with (a rerun uses the one its original run was recorded
 * with). `readAhead`: stored bars a thread has started reading (the CLI), used when it covers the spec.
 */
export async function loadData(spec: DataSpec, stores?: Pick<Stores, 'marketDb'>, parse: CsvParser = parseInline, hashVersion = HASH_VERSION, readAhead?: ReadAhead): Promise<LoadedData> {
  if (spec.kind === 'store') {
    if (!stores) throw new EngineError('INTERNAL', 'reading stored bars needs the stores');
    const id = spec.instrumentId as InstrumentId;
    const ahead = readAhead?.covers(id, spec.timeframe, spec.from, spec.to) ? await readAhead.read() : null;
    const read = ahead ?? (await readCandlesOverlapped(stores.marketDb, id, spec.timeframe, spec.from, spec.to));
    const bars = read?.bars ?? allocBarColumns(0);
    if (bars.ts.length === 0) throw new EngineError('NOT_FOUND', `no ${spec.timeframe} bars stored for ${id}${spec.from !== undefined || spec.to !== undefined ? ' in that range' : ''} (see quantdesk data list)`);
    return { ...withFingerprint(id, spec.timeframe, bars, hashVersion, hashVersion === 3 ? read!.hash : undefined), timesIncrease: true };
  }
  let bytes: Uint8Array;
  try {
    const buf = readFileSync(spec.path);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new EngineError(code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_DATA', code === 'ENOENT' ? `file not found: ${spec.path}` : `cannot read ${spec.path} (${code ?? 'unknown error'})`);
  }
  const parsed = await parse(bytes, spec.timeframe);
  let bars = parsed.bars;
  if (bars.ts.length === 0) throw new EngineError('BAD_DATA', `${spec.path} has no bars`);
  const timeframe = spec.timeframe ?? inferTimeframe(bars.ts, spec.path);
  bars = sliceRange(bars, spec.from, spec.to);
  if (bars.ts.length === 0) throw new EngineError('NOT_FOUND', `${spec.path} has no bars in that range`);
  const symbol = (spec.symbol ?? path.basename(spec.path).replace(/\.[^.]*$/, '')).replace(/[@\s]+/g, '_').slice(0, 64) || 'DATA';
  return withFingerprint(instrumentId(symbol, VENUE_CSV), timeframe, bars, hashVersion);
}

function withFingerprint(id: InstrumentId, timeframe: Timeframe, bars: BarColumns, hashVersion: number, hash?: string): LoadedData {
  const n = bars.ts.length;
  const fingerprint = { instrumentId: id, timeframe, from: n ? bars.ts[0] : null, to: n ? bars.ts[n - 1] : null, bars: n, hash: hash ?? hashBars(bars, hashVersion, timeframe), ...(hashVersion === 1 ? {} : { hashVersion }) };
  return { instrumentId: id, timeframe, bars, fingerprint, timesIncrease: false };
}

/** The digest new fingerprints use (see hashBars); runs recorded before version 2 carry none and mean 1. */
export const HASH_VERSION = 3;

/**
 * A 128-bit digest of the columns' bytes, not cryptographic (it only has to notice changed bars).
 * Version 3 (engine/model/chunk-digest.ts): digests of the store's chunks (the timeframe sets
 * their span), kept in the store, folded in time order — stored bars are fingerprinted without
 * hashing them again; bars from a file are cut into the same chunks. Versions 1 and 2 stay for
 * rerunning runs recorded with them. Version 2: eight lanes over the 32-bit words (lane k takes words k, k+8, …), each step
 * `rotl(imul(h ^ w, odd), 13)` — a bijection of h for any word, so one changed word always
 * changes its lane, and the lanes are folded into four words by bijections too. One multiply per
 * word instead of version 1's three: ~3x faster over 96 MB, where hashing had cost as much as
 * reading the bars. Version 1 (four murmur3 lanes) stays for rerunning runs recorded with it.
 */
export function hashBars(c: BarColumns, version: number = HASH_VERSION, timeframe: Timeframe = '1m'): string {
  if (version === 3) return chunkedHash(c, timeframeMs(timeframe) * CHUNK_BARS);
  return version === 1 ? hashBarsV1(c) : hashBarsV2(c);
}

function hashBarsV2(c: BarColumns): string {
  const h = laneSeeds();
  for (let f = 0; f < BAR_FIELDS.length; f++) {
    const col = c[BAR_FIELDS[f]];
    const w = new Int32Array(col.buffer, col.byteOffset, col.length * 2);
    h[0] = mix(h[0], f + 1);
    h[1] = mix(h[1], w.length);
    mixLanes(w, h);
  }
  // Lanes k and k+4 into one word each (fmix is a bijection), then crossed so each output word depends on all.
  return cross(fmix(h[0] ^ fmix(h[4])), fmix(h[1] ^ fmix(h[5])), fmix(h[2] ^ fmix(h[6])), fmix(h[3] ^ fmix(h[7])));
}

/** Version 1: four murmur3-style lanes (lane k takes words k, k+4, …), seeded by the field order and the length. */
function hashBarsV1(c: BarColumns): string {
  let h0 = 0x9747b28c | 0;
  let h1 = 0x5bd1e995 | 0;
  let h2 = 0x1b873593 | 0;
  let h3 = 0xcc9e2d51 | 0;
  for (let f = 0; f < BAR_FIELDS.length; f++) {
    const col = c[BAR_FIELDS[f]];
    const w = new Int32Array(col.buffer, col.byteOffset, col.length * 2);
    h0 = mix(h0, f + 1);
    h1 = mix(h1, w.length);
    const n4 = w.length & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      h0 = mix(h0, w[i]);
      h1 = mix(h1, w[i + 1]);
      h2 = mix(h2, w[i + 2]);
      h3 = mix(h3, w[i + 3]);
    }
    for (; i < w.length; i++) h0 = mix(h0, w[i]);
  }
  return cross(h0, h1, h2, h3);
}

/** Bars [from, to) by open time, as views (binary search; the columns are in time order). */
export function sliceRange(c: BarColumns, from?: number, to?: number): BarColumns {
  if (from === undefined && to === undefined) return c;
  const lower = (t: number) => {
    let lo = 0;
    let hi = c.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c.ts[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sliceBars(c, from === undefined ? 0 : lower(from), to === undefined ? c.ts.length : lower(to));
}

/** The timeframe whose length is the most common spacing of the first bars. */
function inferTimeframe(ts: Float64Array, file: string): Timeframe {
  const counts = new Map<number, number>();
  for (let i = 1; i < Math.min(ts.length, 1000); i++) counts.set(ts[i] - ts[i - 1], (counts.get(ts[i] - ts[i - 1]) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [d, k] of counts) if (k > bestCount) [best, bestCount] = [d, k];
  const tf = (Object.keys(TIMEFRAME_MS) as (keyof typeof TIMEFRAME_MS)[]).find((k) => TIMEFRAME_MS[k] === best);
  if (!tf) throw new EngineError('INVALID_INPUT', `cannot tell the timeframe of ${file} from its bar spacing: give --timeframe`);
  return tf;
}
