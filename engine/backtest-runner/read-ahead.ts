import type Database from 'better-sqlite3';
import { allocBarColumns, BAR_FIELDS } from '../model/bars';
import { prefaultTail } from '../data/read-prefault';
import { openSqlite } from '../store/sqlite';
import { changeMark, planChunks, readPlanned, startReading, type LeanRead } from './read-candles';

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
 * pool thread faults the columns' pages in (read-prefault.ts) while this thread spends ~50 ms
 * loading the engine; the bars are then copied into memory that is already there.
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
      return new ReadAhead(spec, db, mark, reading, prefaultTail(reading.out, 0));
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
      // Nothing may write to the columns before the pool thread is done with them.
      await this.faulted;
      const { db } = this;
      // The mark unchanged: nothing was committed since the plan, so the plan still holds.
      return db.transaction(() => (changeMark(db) === this.mark ? readPlanned(db, this.reading) : null))();
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
