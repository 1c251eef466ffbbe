import type BetterSqlite3 from 'better-sqlite3';
import type { InstrumentId } from '../../shared/ids';

export interface WatchlistItem {
  instrumentId: InstrumentId;
  position: number;
  baseUrl: string | null;
  addedAt: number;
}

/** The chart screen's watchlist, in order, in `journal.db` (user configuration, not a cache). */
export class WatchlistRepository {
  private readonly s;

  constructor(private readonly db: BetterSqlite3.Database, private readonly now: () => number = Date.now) {
    this.s = {
      list: db.prepare<[], { instrument_id: string; position: number; base_url: string | null; added_at: number }>(
        'select instrument_id, position, base_url, added_at from watchlist_item order by position, instrument_id',
      ),
      max: db.prepare<[], { m: number | null }>('select max(position) as m from watchlist_item'),
      upsert: db.prepare(
        `insert into watchlist_item (instrument_id, position, base_url, added_at) values (?, ?, ?, ?)
         on conflict(instrument_id) do update set base_url = excluded.base_url`,
      ),
      remove: db.prepare('delete from watchlist_item where instrument_id = ?'),
    };
  }

  list(): WatchlistItem[] {
    return this.s.list.all().map((r) => ({ instrumentId: r.instrument_id as InstrumentId, position: r.position, baseUrl: r.base_url, addedAt: r.added_at }));
  }

  /** Appends (or updates the base URL of an item already there). */
  add(id: InstrumentId, baseUrl: string | null): void {
    const next = (this.s.max.get()?.m ?? -1) + 1;
    this.s.upsert.run(id, next, baseUrl, this.now());
  }

  remove(id: InstrumentId): boolean {
    return this.s.remove.run(id).changes > 0;
  }
}
