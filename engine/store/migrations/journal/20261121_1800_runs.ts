import { type Kysely } from 'kysely';

// Released migrations are never edited: add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  // The backtest run registry: enough to reproduce every run exactly (the strategy's own sources,
  // params, config, the data's fingerprint, the engine version) and its outcome.
  await db.schema
    .createTable('backtest_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('strategy_name', 'text', (c) => c.notNull())
    .addColumn('strategy_kind', 'text', (c) => c.notNull())
    .addColumn('strategy_hash', 'text', (c) => c.notNull())
    .addColumn('strategy_entry', 'text')
    .addColumn('strategy_sources', 'text')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('data_spec', 'text', (c) => c.notNull())
    .addColumn('data_fingerprint', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('summary', 'text')
    .addColumn('metrics', 'text')
    .addColumn('result', 'blob')
    .addColumn('rerun_of', 'text')
    .addColumn('elapsed_ms', 'real', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('backtest_runs_by_strategy').on('backtest_runs').columns(['strategy_id', 'created_at']).execute();
  await db.schema.createIndex('backtest_runs_by_time').on('backtest_runs').column('created_at').execute();
}
