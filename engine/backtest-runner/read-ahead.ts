import type Database from 'better-sqlite3';
import { allocBarColumns, BAR_FIELDS } from '../model/bars';
import { prefaultTail } from '../data/read-prefault';
import { openSqlite } from '../store/sqlite';
import { barsBefore, changeMark, HEAD_SHARE, planChunks, readPlanned, readPlannedUpTo, splitAt, startReading, type LeanRead } from './read-candles';

/** Below this many bytes of bars the columns' page faults cost less than the head start saves. */
const READ_AHEAD_MIN_BYTES = 8 << 20;

export interface ReadAheadSpec {
  marketFile: string;
  instrumentId: string;
  timeframe: string;
  from?: number;
  to?: number;
}

/**
 * A CLI backtest's stored bars, started before the engine loads. The CLI starts it as soon as it
 * has parsed its arguments: the chunks are planned and the columns allocated here, and a libuv
 * pool thread faults in the pages of the columns' tail (read-prefault.ts) while this thread loads
 * the engine (~30 ms from the code cache) and then reads the head, taking its page faults itself;
 * the tail is then copied into memory that is already there. With the whole columns faulted in
 * first, this thread waited ~40 ms for the pool thread once the engine loaded that fast (A/B of
 * alternating processes: p25 502 → 474 ms with the head read first).
 *
 * The plan is made in one transaction with the database's change mark (data_version counts other
 * connections' commits), and the bars are read in a transaction that finds the mark unchanged;
 * otherwise read() returns null and the caller reads the range as before.
 */
export class ReadAhead {
  private closed = false;

  private constructor(
    readonly spec: ReadAheadSpec,
    private readonly db: Database.Database,
    private readonly mark: string,
    private readonly reading: ReturnType<typeof startReading>,
    /** The chunks from this one on are faulted in by the pool thread; this thread reads the ones before it first. */
    private readonly split: number,
    private readonly faulted: Promise<void>,
  ) {}

  /** Starts; null when there is nothing worth starting early (no such series, a small one). Call read() or close(). */
  static start(spec: ReadAheadSpec): ReadAhead | null {
    let db: Database.Database | undefined;
    try {
      db = openSqlite(spec.marketFile, { readonly: true, synchronous: 'NORMAL' });
      const conn = db;
      const { mark, plan } = conn.transaction(() => ({ mark: changeMark(conn), plan: planChunks(conn, spec.instrumentId, spec.timeframe, spec.from ?? -Infinity, spec.to ?? Infinity) }))();
      if (!plan || plan.total * BAR_FIELDS.length * 8 < READ_AHEAD_MIN_BYTES) {
        db.close();
        return null;
      }
      // Columns over SharedArrayBuffers, which V8 does not count as external memory: 96 MB of
      // ArrayBuffers at once made it collect (two scavenges and a mark-compact, ~12 ms of this
      // thread before the run) a heap that had nothing to free. The bars are the same numbers.
      const reading = startReading(plan, allocBarColumns(plan.total, true));
      const split = splitAt(plan, HEAD_SHARE);
      return new ReadAhead(spec, db, mark, reading, split, prefaultTail(reading.out, barsBefore(plan, split)));
    } catch {
      db?.close();
      return null;
    }
  }

  /** Whether this read is of that series and range. */
  covers(instrumentId: string, timeframe: string, from?: number, to?: number): boolean {
    const s = this.spec;
    return s.instrumentId === instrumentId && s.timeframe === timeframe && s.from === from && s.to === to;
  }

  /** The bars and their fingerprint hash (as readCandlesLean gives them), or null: read them another way. */
  async read(): Promise<LeanRead | null> {
    try {
      const { db } = this;
      // The mark unchanged: nothing was committed since the plan, so the plan still holds.
      const same = () => changeMark(db) === this.mark;
      if (this.split > 0 && !db.transaction(() => same() && (readPlannedUpTo(db, this.reading, this.split), true))()) return null;
      // Nothing may write to the tail before the pool thread is done with it.
      await this.faulted;
      return db.transaction(() => (same() ? readPlanned(db, this.reading) : null))();
    } catch {
      return null;
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
