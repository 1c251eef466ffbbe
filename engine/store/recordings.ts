import type BetterSqlite3 from 'better-sqlite3';
import type { InstrumentId } from '../../shared/ids';

export type RecordedKind = 'bar' | 'trade' | 'book' | 'ticker';

export interface RecordedEvent {
  instrumentId: InstrumentId;
  kind: RecordedKind;
  tsEvent: number;
  tsInit: number;
  payload: unknown;
}

export interface RecordedQuery {
  instrumentId: InstrumentId;
  kind: RecordedKind;
  from?: number;
  to?: number;
  limit?: number;
}

/** Recorded live data in `market.db` (`recorded_event`), appended in batches, read back in order. */
export class RecordingRepository {
  private readonly s;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.s = {
      insert: db.prepare('insert into recorded_event (instrument_id, kind, ts_event, ts_init, payload) values (?, ?, ?, ?, ?)'),
      query: db.prepare<[string, string, number, number, number], { ts_event: number; ts_init: number; payload: string }>(
        'select ts_event, ts_init, payload from recorded_event where instrument_id = ? and kind = ? and ts_event >= ? and ts_event < ? order by ts_event, id limit ?',
      ),
      summary: db.prepare<[], { instrument_id: string; kind: string; n: number; first: number; last: number }>(
        'select instrument_id, kind, count(*) as n, min(ts_event) as first, max(ts_event) as last from recorded_event group by instrument_id, kind order by instrument_id, kind',
      ),
    };
  }

  /** Appends events in one transaction. */
  append(events: readonly RecordedEvent[]): void {
    if (!events.length) return;
    this.db.transaction(() => {
      for (const e of events) this.s.insert.run(e.instrumentId, e.kind, e.tsEvent, e.tsInit, JSON.stringify(e.payload));
    }).immediate();
  }

  read(q: RecordedQuery): RecordedEvent[] {
    return this.s.query
      .all(q.instrumentId, q.kind, q.from ?? -Number.MAX_VALUE, q.to ?? Number.MAX_VALUE, q.limit ?? 1_000_000)
      .map((r) => ({ instrumentId: q.instrumentId, kind: q.kind, tsEvent: r.ts_event, tsInit: r.ts_init, payload: JSON.parse(r.payload) as unknown }));
  }

  summary(): { instrumentId: InstrumentId; kind: RecordedKind; count: number; firstTs: number; lastTs: number }[] {
    return this.s.summary.all().map((r) => ({ instrumentId: r.instrument_id as InstrumentId, kind: r.kind as RecordedKind, count: r.n, firstTs: r.first, lastTs: r.last }));
  }
}
