import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CandleRepository } from './candles';
import { acquireDataDirLock, type DataDirLock } from './lock';
import { migrate } from './migrate';
import { journalMigrations } from './migrations/journal';
import { marketMigrations } from './migrations/market';
import type { JournalSchema, MarketSchema } from './schema';
import { EngineError } from '../core/errors';
import { openSqlite, type OpenSqliteOptions } from './sqlite';

export const JOURNAL_FILE = 'journal.db';
export const MARKET_FILE = 'market.db';
export const BACKUP_DIR = 'backups';

export interface Stores {
  dataDir: string;
  journal: Kysely<JournalSchema>;
  market: Kysely<MarketSchema>;
  journalDb: BetterSqlite3.Database;
  marketDb: BetterSqlite3.Database;
  candles: CandleRepository;
  /** File paths of both databases. */
  paths: { journal: string; market: string };
  /** Migrations applied to each database (after this open migrated them). */
  migrations: { journal: string[]; market: string[] };
  /** Pre-migration backups this open took, if any. */
  migrationBackups: string[];
  readonly: boolean;
  close(): void;
}

export interface OpenStoresOptions {
  /** Open for reading only (pool workers): nothing is created or migrated; the files must exist. */
  readonly?: boolean;
  /** Take the data directory lock for this purpose (e.g. `the desktop app`) and release it on close. */
  lockPurpose?: string;
}

/**
 * Opens `journal.db` and `market.db` in the data directory: WAL for both, synchronous=FULL for
 * the journal (read back and asserted), migrations applied unless read-only.
 */
export async function openStores(dataDir: string, opts: OpenStoresOptions = {}): Promise<Stores> {
  const readonly = opts.readonly ?? false;
  const paths = { journal: path.join(dataDir, JOURNAL_FILE), market: path.join(dataDir, MARKET_FILE) };
  const backupDir = path.join(dataDir, BACKUP_DIR);
  if (!readonly) mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock | null = opts.lockPurpose ? acquireDataDirLock(dataDir, opts.lockPurpose) : null;
  let journalDb: BetterSqlite3.Database | undefined;
  let marketDb: BetterSqlite3.Database | undefined;
  try {
    journalDb = openOrExplain(paths.journal, { readonly, synchronous: 'FULL' }, 'restore a backup (quantdesk db restore)');
    marketDb = openOrExplain(paths.market, { readonly, synchronous: 'NORMAL', pageSize: 16384 }, 'it only caches market data: move it away and it is rebuilt empty');
    const journal = new Kysely<JournalSchema>({ dialect: new SqliteDialect({ database: journalDb }) });
    const market = new Kysely<MarketSchema>({ dialect: new SqliteDialect({ database: marketDb }) });
    const j = await migrate({ label: 'journal', raw: journalDb, migrations: journalMigrations, backupDir, readonly });
    const m = await migrate({ label: 'market', raw: marketDb, migrations: marketMigrations, backupDir, readonly });
    const jdb = journalDb;
    const mdb = marketDb;
    let closed = false;
    return {
      dataDir,
      journal,
      market,
      journalDb: jdb,
      marketDb: mdb,
      candles: new CandleRepository(mdb),
      paths,
      migrations: { journal: j.applied, market: m.applied },
      migrationBackups: [j.backup, m.backup].filter((b): b is string => b !== null),
      readonly,
      close() {
        if (closed) return;
        closed = true;
        try {
          jdb.close();
          mdb.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (e) {
    journalDb?.close();
    marketDb?.close();
    lock?.release();
    throw e;
  }
}

/** Opens a database; a file SQLite cannot use becomes a BAD_DATA error that says what to do. */
function openOrExplain(file: string, o: OpenSqliteOptions, remedy: string): BetterSqlite3.Database {
  try {
    return openSqlite(file, o);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new EngineError('BAD_DATA', `${file} cannot be opened (${reason}): ${remedy}`, { file });
  }
}
