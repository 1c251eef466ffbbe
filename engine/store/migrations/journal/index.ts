import type { Migration } from 'kysely';
import * as m20261121_1600_init from './20261121_1600_init';
import * as m20261121_1700_watchlist from './20261121_1700_watchlist';
import * as m20261121_1710_trading from './20261121_1710_trading';
import * as m20261121_1730_strategies from './20261121_1730_strategies';
import * as m20261121_1800_runs from './20261121_1800_runs';

/**
 * Every journal migration, bundled statically (never a folder scan: the engine ships as one
 * esbuild bundle). Names sort in the order they apply; append, never edit or reorder.
 */
export const journalMigrations: Record<string, Migration> = {
  '20261121_1600_init': m20261121_1600_init,
  '20261121_1700_watchlist': m20261121_1700_watchlist,
  '20261121_1710_trading': m20261121_1710_trading,
  '20261121_1730_strategies': m20261121_1730_strategies,
  '20261121_1800_runs': m20261121_1800_runs,
};
