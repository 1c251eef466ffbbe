import { sql, type Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  // The user's strategies; a deleted one keeps its row (runs point at its versions) with deleted_at set.
  await db.schema
    .createTable('strategy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('template_id', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addColumn('deleted_at', 'integer')
    .execute();
  // Every save is a version: the source as typed, numbered 1, 2, … per strategy; never changed.
  await db.schema
    .createTable('strategy_version')
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategy.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('strategy_version_pk', ['strategy_id', 'version'])
    .execute();
  await sql`create index strategy_live_by_updated on strategy (updated_at) where deleted_at is null`.execute(db);
}
