import { type Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  // Each chunk's 16-byte digest (engine/model/chunk-digest.ts), written with the chunk. Chunks
  // written before this column existed keep null; readers digest their bytes instead.
  await db.schema.alterTable('candle_chunk').addColumn('digest', 'blob').execute();
}
