import type BetterSqlite3 from 'better-sqlite3';
import type { InstrumentId } from '../../shared/ids';

export interface FactorPoint {
  ts: number;
  factor: number;
}

/** Split/dividend adjustment factors per instrument in `market.db` (raw bars are never rewritten). */
export class AdjustmentRepository {
  private readonly s;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.s = {
      list: db.prepare<[string], FactorPoint>('select ts, factor from adjustment_factor where instrument_id = ? order by ts'),
      put: db.prepare('insert or replace into adjustment_factor (instrument_id, ts, factor) values (?, ?, ?)'),
    };
  }

  list(id: InstrumentId): FactorPoint[] {
    return this.s.list.all(id);
  }

  /** Adds or replaces factor points (equal ts replaces), in one transaction. */
  put(id: InstrumentId, points: FactorPoint[]): number {
    return this.db.transaction(() => {
      for (const p of points) this.s.put.run(id, p.ts, p.factor);
      return points.length;
    }).immediate();
  }
}
