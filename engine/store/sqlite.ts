import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EngineError } from '../core/errors';

export type SqliteDb = Database.Database;

export interface OpenSqliteOptions {
  readonly?: boolean;
  /** FULL for the journal (a committed fill survives power loss), NORMAL for the market cache. */
  synchronous: 'FULL' | 'NORMAL';
  /** Page size for a new file (ignored for existing ones); big pages suit big blobs. */
  pageSize?: number;
}

const SYNCHRONOUS_VALUE = { NORMAL: 1, FULL: 2 } as const;

let binding: string | null | undefined;

/**
 * Where better-sqlite3's native addon is. The desktop app points QUANTDESK_SQLITE_BINDING at its
 * Electron-ABI build (worker threads inherit the variable). Elsewhere (the CLI, the server, the
 * tests) it is the Node build that npm installed at build/Release; naming it spares the first
 * open better-sqlite3's search for it (the `bindings` package probes a dozen paths: ~5 ms of
 * every CLI run). Undefined: let better-sqlite3 search (which the CLI's bundle, holding
 * better-sqlite3's JavaScript, cannot do: `bindings` looks beside the file that calls it).
 */
function sqliteBinding(): string | undefined {
  if (binding === undefined) {
    const fromEnv = process.env.QUANTDESK_SQLITE_BINDING;
    if (fromEnv) return fromEnv;
    try {
      binding = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    } catch {
      binding = null;
    }
  }
  return binding ?? undefined;
}

/** A better-sqlite3 connection with the addon named as above: every connection the engine makes is made here. */
export function sqliteConnection(file: string, options: Omit<Database.Options, 'nativeBinding'> = {}): SqliteDb {
  const nativeBinding = sqliteBinding();
  return new Database(file, { ...options, ...(nativeBinding ? { nativeBinding } : {}) });
}

/** Opens a database in WAL mode with the given durability and reads both settings back. */
export function openSqlite(file: string, o: OpenSqliteOptions): SqliteDb {
  if (o.readonly && !existsSync(file)) throw new EngineError('NOT_FOUND', `${file} does not exist (open the data directory once for writing to create it)`);
  const db = sqliteConnection(file, o.readonly ? { readonly: true, fileMustExist: true } : {});
  try {
    db.pragma('busy_timeout = 10000');
    if (!o.readonly) {
      if (o.pageSize && db.prepare(`select count(*) from sqlite_master`).pluck().get() === 0) db.pragma(`page_size = ${o.pageSize}`);
      db.pragma('journal_mode = WAL');
      // After a big import the WAL is reset, not shrunk: cap what stays on disk.
      db.pragma('journal_size_limit = 67108864');
    }
    db.pragma(`synchronous = ${o.synchronous}`);
    db.pragma('foreign_keys = ON');
    const mode = db.pragma('journal_mode', { simple: true });
    if (mode !== 'wal') throw new EngineError('INTERNAL', `${file} is not in WAL mode (journal_mode=${String(mode)})`);
    const sync = db.pragma('synchronous', { simple: true });
    if (sync !== SYNCHRONOUS_VALUE[o.synchronous]) {
      throw new EngineError('INTERNAL', `${file}: synchronous=${o.synchronous} did not take (read back ${String(sync)})`);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
