import { existsSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { acquireDataDirLock } from '../store/lock';
import { openSqlite } from '../store/sqlite';

/** The two databases a backtest touches: candles (market.db) and the run registry (journal.db). */
export interface RunStores {
  journalDb: BetterSqlite3.Database;
  marketDb: BetterSqlite3.Database;
  close(): void;
}

/** The migration that created `backtest_runs`: the fast path needs at least this schema. A later migration that changes that table must move this name on. */
const RUNS_MIGRATION = '20261121_1800_runs';

/**
 * Opens the data directory for one CLI backtest. When both databases exist and the journal has
 * the run registry, they are opened directly (WAL, the same pragmas, the data directory's lock)
 * without loading kysely and the migrations: ~200 ms of module loading a short run should not pay.
 * Otherwise (a fresh directory, an older schema) `openStores` creates and migrates them as usual.
 * Later migrations unknown to this check are applied by the next full open (the app, any other command).
 */
export async function openRunStores(dataDir: string, purpose: string): Promise<RunStores> {
  const journalFile = path.join(dataDir, 'journal.db');
  const marketFile = path.join(dataDir, 'market.db');
  if (existsSync(journalFile) && existsSync(marketFile)) {
    const lock = acquireDataDirLock(dataDir, purpose);
    let journalDb: BetterSqlite3.Database | undefined;
    let marketDb: BetterSqlite3.Database | undefined;
    try {
      journalDb = openSqlite(journalFile, { synchronous: 'FULL' });
      marketDb = openSqlite(marketFile, { synchronous: 'NORMAL', pageSize: 16384 });
      const ready =
        hasRow(journalDb, "select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'") &&
        hasRow(journalDb, 'select 1 from kysely_migration where name = ?', RUNS_MIGRATION) &&
        hasRow(marketDb, "select 1 from sqlite_master where type = 'table' and name = 'candle_chunk'");
      if (ready) {
        const j = journalDb;
        const m = marketDb;
        let closed = false;
        return {
          journalDb: j,
          marketDb: m,
          close() {
            if (closed) return;
            closed = true;
            try {
              j.close();
              m.close();
            } finally {
              lock.release();
            }
          },
        };
      }
    } catch {
      // fall through to the full open, which explains what is wrong with the files
    }
    journalDb?.close();
    marketDb?.close();
    lock.release();
  }
  const { openStores } = await import('../store/open-stores');
  const stores = await openStores(dataDir, { lockPurpose: purpose });
  return { journalDb: stores.journalDb, marketDb: stores.marketDb, close: () => stores.close() };
}

function hasRow(db: BetterSqlite3.Database, query: string, ...args: unknown[]): boolean {
  return db.prepare(query).get(...args) !== undefined;
}
