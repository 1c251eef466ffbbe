import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteAdapter, SqliteDialect, type DialectAdapter, type Migration } from 'kysely';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { sqliteConnection } from './sqlite';
import { utcStamp } from './stamp';

/** Kysely's default bookkeeping table; kept so the standard tooling understands our databases. */
export const MIGRATION_TABLE = 'kysely_migration';

export interface MigrateOptions {
  /** `journal` or `market`: used in messages and backup file names. */
  label: string;
  raw: BetterSqlite3.Database;
  migrations: Record<string, Migration>;
  /** Where the pre-migration backup goes. */
  backupDir: string;
  /** Only check that the database is ours; apply nothing. */
  readonly?: boolean;
}

export interface MigrateResult {
  /** Every migration applied to the database now, in order. */
  applied: string[];
  /** The ones this call applied. */
  ran: string[];
  /** The backup taken before migrating, if one was needed. */
  backup: string | null;
}

/** Names of the migrations applied to a database, in the order they were applied. */
export function appliedMigrations(raw: BetterSqlite3.Database): string[] {
  const exists = raw.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE);
  if (!exists) return [];
  return (raw.prepare(`select name from ${MIGRATION_TABLE} order by timestamp, name`).pluck().all() as string[]);
}

/**
 * Refuses a database whose applied migrations are not a prefix of ours (written by a newer or a
 * different build: opening it could corrupt it), backs up a non-empty database before anything
 * pending runs, then applies each pending migration in its own transaction.
 */
export async function migrate(o: MigrateOptions): Promise<MigrateResult> {
  const known = Object.keys(o.migrations).sort();
  const applied = appliedMigrations(o.raw);
  const file = o.raw.name;
  for (let i = 0; i < applied.length; i++) {
    if (applied[i] !== known[i]) {
      const why = known.includes(applied[i])
        ? `its migrations were applied in a different order (${applied[i]} at position ${i + 1})`
        : `it has migration ${applied[i]}, which this version of Quantdesk does not know (was it opened by a newer version?)`;
      throw new EngineError(
        'CONFLICT',
        `refusing to open ${o.label} database ${file}: ${why}. Use a Quantdesk version that knows it, or restore a backup.`,
        { file, applied, known },
      );
    }
  }
  const pending = known.slice(applied.length);
  if (o.readonly || pending.length === 0) return { applied, ran: [], backup: null };

  let backup: string | null = null;
  if (hasUserTables(o.raw)) {
    mkdirSync(o.backupDir, { recursive: true });
    backup = path.join(o.backupDir, `${o.label}-${utcStamp()}-before-${pending[0]}.db`);
    await backupDatabase(o.raw, backup);
  }

  const migrator = new Migrator({
    db: new Kysely<any>({ dialect: new TransactionalSqliteDialect({ database: o.raw }) }),
    provider: { getMigrations: async () => o.migrations },
    migrationTableName: MIGRATION_TABLE,
  });
  const ran: string[] = [];
  // migrateUp applies one migration per call, so each gets its own transaction: a failure keeps
  // every earlier step and rolls back only its own.
  for (const name of pending) {
    const { error, results } = await migrator.migrateUp();
    const r = results?.find((x) => x.migrationName === name);
    if (error || !r || r.status !== 'Success') {
      const msg = error instanceof Error ? error.message : String(error ?? 'did not run');
      throw new EngineError('INTERNAL', `migration ${name} of the ${o.label} database ${file} failed: ${msg}` + (backup ? ` (a backup from before is at ${backup})` : ''), {
        file,
        migration: name,
        backup,
      });
    }
    ran.push(name);
  }
  return { applied: appliedMigrations(o.raw), ran, backup };
}

/**
 * Kysely's SQLite adapter says SQLite cannot roll back DDL, so its Migrator would run migrations
 * outside any transaction. SQLite can: this adapter says so, and each migration becomes atomic.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/** A consistent copy of an open database as one self-contained file (rollback journal mode, no -wal beside it). */
export async function backupDatabase(raw: BetterSqlite3.Database, dest: string): Promise<void> {
  await raw.backup(dest);
  const copy = sqliteConnection(dest);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function hasUserTables(raw: BetterSqlite3.Database): boolean {
  return raw.prepare(`select 1 from sqlite_master where type = 'table' and name not like 'sqlite_%' limit 1`).get() !== undefined;
}
