import type { Migration } from 'kysely';
import * as m20261121_1600_init from './20261121_1600_init';
import * as m20261121_1700_market_data from './20261121_1700_market_data';
import * as m20261122_0900_chunk_digest from './20261122_0900_chunk_digest';

/**
 * Every market migration, bundled statically (never a folder scan: the engine ships as one
 * esbuild bundle). Names sort in the order they apply; append, never edit or reorder.
 */
export const marketMigrations: Record<string, Migration> = {
  '20261121_1600_init': m20261121_1600_init,
  '20261121_1700_market_data': m20261121_1700_market_data,
  '20261122_0900_chunk_digest': m20261122_0900_chunk_digest,
};
