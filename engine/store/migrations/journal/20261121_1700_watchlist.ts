import { type Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  // The user's watchlist (chart screen), in order; precious enough for the journal.
  await db.schema
    .createTable('watchlist_item')
    .addColumn('instrument_id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('base_url', 'text')
    .addColumn('added_at', 'integer', (c) => c.notNull())
    .execute();
}
