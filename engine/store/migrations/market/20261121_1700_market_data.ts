import { type Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  // Gaps the user marked as known (an exchange outage, a holiday): downloads do not ask for them
  // again and the quality report lists them apart.
  await db.schema
    .createTable('gap_mark')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('timeframe', 'text', (c) => c.notNull())
    .addColumn('from_ts', 'integer', (c) => c.notNull())
    .addColumn('to_ts', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gap_mark_series').on('gap_mark').columns(['instrument_id', 'timeframe', 'from_ts']).execute();

  // Split/dividend adjustment factors kept beside the raw bars (applied when reading, never
  // written into the candles): from `ts` on, raw price × factor is the backward-adjusted price.
  await db.schema
    .createTable('adjustment_factor')
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'integer', (c) => c.notNull())
    .addColumn('factor', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('adjustment_factor_pk', ['instrument_id', 'ts'])
    .execute();

  // Recorded live data (bars, trades, top of book / depth, tickers) for replay.
  await db.schema
    .createTable('recorded_event')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ts_event', 'integer', (c) => c.notNull())
    .addColumn('ts_init', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recorded_event_series').on('recorded_event').columns(['instrument_id', 'kind', 'ts_event']).execute();
}
