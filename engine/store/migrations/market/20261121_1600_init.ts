import { sql, type Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('app_meta').values([
    { key: 'app', value: 'quantdesk' },
    { key: 'database', value: 'market' },
  ]).execute();

  await db.schema
    .createTable('series')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('venue', 'text', (c) => c.notNull())
    .addColumn('timeframe', 'text', (c) => c.notNull())
    .addColumn('first_ts', 'integer', (c) => c.notNull())
    .addColumn('last_ts', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('chunk_ms', 'integer', (c) => c.notNull())
    .addUniqueConstraint('series_instrument_timeframe', ['instrument_id', 'timeframe'])
    .execute();

  // Candles as columnar chunks: one row per (series, time bucket) holding the packed float64
  // columns of its bars, so reading 1M bars is a few hundred blob copies, not 1M row decodes.
  await db.schema
    .createTable('candle_chunk')
    .addColumn('series_id', 'integer', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('bucket', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('first_ts', 'integer', (c) => c.notNull())
    .addColumn('last_ts', 'integer', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull().check(sql`length(data) = n * 48`))
    .addPrimaryKeyConstraint('candle_chunk_pk', ['series_id', 'bucket'])
    .execute();
}
