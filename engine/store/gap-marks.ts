import type BetterSqlite3 from 'better-sqlite3';
import type { InstrumentId } from '../../shared/ids';
import type { Timeframe } from '../../shared/timeframe';

export interface GapMark {
  id: number;
  from: number;
  to: number;
  note: string | null;
  createdAt: number;
}

/** Known gaps per series in `market.db` (see the `gap_mark` migration). */
export class GapMarkRepository {
  private readonly s;

  constructor(db: BetterSqlite3.Database, private readonly now: () => number = Date.now) {
    this.s = {
      list: db.prepare<[string, string], { id: number; from_ts: number; to_ts: number; note: string | null; created_at: number }>(
        'select id, from_ts, to_ts, note, created_at from gap_mark where instrument_id = ? and timeframe = ? order by from_ts',
      ),
      add: db.prepare('insert into gap_mark (instrument_id, timeframe, from_ts, to_ts, note, created_at) values (?, ?, ?, ?, ?, ?)'),
      remove: db.prepare('delete from gap_mark where instrument_id = ? and timeframe = ? and id = ?'),
    };
  }

  list(id: InstrumentId, tf: Timeframe): GapMark[] {
    return this.s.list.all(id, tf).map((r) => ({ id: r.id, from: r.from_ts, to: r.to_ts, note: r.note, createdAt: r.created_at }));
  }

  add(id: InstrumentId, tf: Timeframe, ranges: { from: number; to: number }[], note: string | null): number {
    const now = this.now();
    let n = 0;
    for (const r of ranges) n += this.s.add.run(id, tf, r.from, r.to, note, now).changes;
    return n;
  }

  remove(id: InstrumentId, tf: Timeframe, markId: number): boolean {
    return this.s.remove.run(id, tf, markId).changes > 0;
  }
}
