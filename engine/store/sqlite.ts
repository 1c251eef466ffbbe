import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
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

/** Opens a database in WAL mode with the given durability and reads both settings back. */
export function openSqlite(file: string, o: OpenSqliteOptions): SqliteDb {
  if (o.readonly && !existsSync(file)) throw new EngineError('NOT_FOUND', `${file} does not exist (open the data directory once for writing to create it)`);
  // The desktop app points this at its Electron-ABI build of better-sqlite3 (worker threads
  // inherit the variable); the CLI, the server and the tests use the Node build in node_modules.
  const nativeBinding = process.env.QUANTDESK_SQLITE_BINDING || undefined;
  const db = new Database(file, { ...(o.readonly ? { readonly: true, fileMustExist: true } : {}), ...(nativeBinding ? { nativeBinding } : {}) });
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
