import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { acquireDataDirLock } from './lock';
import { appliedMigrations, backupDatabase } from './migrate';
import { journalMigrations } from './migrations/journal';
import { marketMigrations } from './migrations/market';
import { BACKUP_DIR, JOURNAL_FILE, MARKET_FILE } from './open-stores';
import { sqliteConnection, type SqliteDb } from './sqlite';
import { utcStamp } from './stamp';
import { extractTar, isTar, writeTar } from './tar';

const DATABASES = [
  { name: 'journal', file: JOURNAL_FILE, migrations: journalMigrations },
  { name: 'market', file: MARKET_FILE, migrations: marketMigrations },
] as const;
type DbName = (typeof DATABASES)[number]['name'];
const MANIFEST = 'manifest.json';

/**
 * Consistent copies of journal.db and market.db (SQLite's online backup, safe while the app
 * runs). Without `to`: a folder `<dataDir>/backups/<UTC stamp>`. With `to`: an existing folder
 * (or a path ending in a separator) gets a `quantdesk-<stamp>` folder inside it; any other path
 * becomes a single tar file holding both databases and a manifest. Returns the path written.
 */
export async function backupDataDir(dataDir: string, to?: string): Promise<string> {
  const present = DATABASES.filter((d) => existsSync(path.join(dataDir, d.file)));
  if (present.length === 0) throw new EngineError('NOT_FOUND', `nothing to back up: ${dataDir} has no ${JOURNAL_FILE} or ${MARKET_FILE}`);
  const stamp = utcStamp();
  let folder: string;
  let archive: string | null = null;
  if (!to) folder = path.join(dataDir, BACKUP_DIR, stamp);
  else if (/[\\/]$/.test(to) || (existsSync(to) && statSync(to).isDirectory())) folder = path.join(to, `quantdesk-${stamp}`);
  else {
    if (existsSync(to)) throw new EngineError('CONFLICT', `${to} already exists: choose another name`);
    archive = path.resolve(to);
    await mkdir(path.dirname(archive), { recursive: true });
    folder = await mkdtemp(path.join(path.dirname(archive), '.quantdesk-backup-'));
  }
  await mkdir(folder, { recursive: true });
  try {
    const manifest: Record<string, unknown> = { app: 'quantdesk', createdAt: new Date().toISOString(), databases: {} };
    for (const d of present) {
      const src = sqliteConnection(path.join(dataDir, d.file), { readonly: true, fileMustExist: true });
      try {
        src.pragma('busy_timeout = 10000');
        await backupDatabase(src, path.join(folder, d.file));
        (manifest.databases as Record<string, unknown>)[d.name] = { file: d.file, migrations: appliedMigrations(src) };
      } finally {
        src.close();
      }
    }
    await writeFile(path.join(folder, MANIFEST), JSON.stringify(manifest, null, 2));
    if (!archive) return folder;
    const names = [MANIFEST, ...present.map((d) => d.file)];
    const entries = await Promise.all(names.map(async (name) => ({ name, path: path.join(folder, name), size: (await stat(path.join(folder, name))).size })));
    const partial = `${archive}.partial`;
    await writeTar(partial, entries);
    await rename(partial, archive);
    return archive;
  } catch (e) {
    if (archive) await rm(`${archive}.partial`, { force: true });
    else await rm(folder, { recursive: true, force: true });
    throw e;
  } finally {
    if (archive) await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Replaces the databases of the data directory with those of a backup: a folder or a tar file
 * from `backupDataDir`, or a single database file (such as a pre-migration backup). Refuses
 * (LOCKED) while another live process holds the data directory. Every database in the backup is
 * checked first — it opens, passes SQLite's quick_check, is a Quantdesk journal or market
 * database, and has no migration this version does not know — and only then are the current
 * files moved to `<dataDir>/backups/<stamp>-before-restore` and the backup's moved in.
 */
export async function restoreDataDir(dataDir: string, from: string): Promise<void> {
  if (!existsSync(from)) throw new EngineError('NOT_FOUND', `no such backup: ${from}`);
  const lock = acquireDataDirLock(dataDir, 'a restore from a backup');
  const staging = await mkdtemp(path.join(dataDir, '.restore-'));
  try {
    const staged = await stage(from, staging);
    if (staged.size === 0) throw new EngineError('BAD_DATA', `${from} holds no ${JOURNAL_FILE} or ${MARKET_FILE}`);
    for (const [name, file] of staged) verify(file, name, from);

    const aside = path.join(dataDir, BACKUP_DIR, `${utcStamp()}-before-restore`);
    await mkdir(aside, { recursive: true });
    for (const [name, file] of staged) {
      const target = path.join(dataDir, fileOf(name));
      // The -wal and -shm files go with their database: a stale WAL next to a restored file would be replayed into it.
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(target + suffix)) await rename(target + suffix, path.join(aside, fileOf(name) + suffix));
      }
      await rename(file, target);
    }
    if ((await readdir(aside)).length === 0) await rm(aside, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
    lock.release();
  }
}

function fileOf(name: DbName): string {
  return name === 'journal' ? JOURNAL_FILE : MARKET_FILE;
}

/** Copies the backup's databases into the staging folder; returns database name → staged file. */
async function stage(from: string, staging: string): Promise<Map<DbName, string>> {
  const out = new Map<DbName, string>();
  if (statSync(from).isDirectory()) {
    for (const d of DATABASES) {
      const src = path.join(from, d.file);
      if (existsSync(src)) out.set(d.name, await copyDb(src, path.join(staging, d.file)));
    }
    return out;
  }
  if (await isTar(from)) {
    const names = await extractTar(from, (n) => (DATABASES.some((d) => d.file === n) ? path.join(staging, n) : null));
    for (const d of DATABASES) if (names.includes(d.file)) out.set(d.name, path.join(staging, d.file));
    return out;
  }
  // A single database file: which one it is, it says itself.
  const copy = await copyDb(from, path.join(staging, 'single.db'));
  const name = databaseName(copy, from);
  out.set(name, copy);
  return out;
}

/** Copies through SQLite (not the file system), so a backup folder that still has a -wal file is copied whole. */
async function copyDb(src: string, dest: string): Promise<string> {
  let db: SqliteDb;
  try {
    db = sqliteConnection(src, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new EngineError('BAD_DATA', `${src} is not a database: ${(e as Error).message}`);
  }
  try {
    await backupDatabase(db, dest);
  } catch (e) {
    throw new EngineError('BAD_DATA', `${src} cannot be read as a database: ${(e as Error).message}`);
  } finally {
    db.close();
  }
  return dest;
}

function databaseName(file: string, shownAs: string): DbName {
  const db = sqliteConnection(file, { fileMustExist: true });
  try {
    const meta = readMeta(db, shownAs);
    if (meta.database !== 'journal' && meta.database !== 'market') throw new EngineError('BAD_DATA', `${shownAs} is not a Quantdesk journal or market database`);
    return meta.database;
  } finally {
    db.close();
  }
}

function readMeta(db: SqliteDb, shownAs: string): Record<string, string> {
  try {
    const rows = db.prepare('select key, value from app_meta').all() as { key: string; value: string }[];
    const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    if (meta.app !== 'quantdesk') throw new Error('no app mark');
    return meta;
  } catch {
    throw new EngineError('BAD_DATA', `${shownAs} is not a Quantdesk database`);
  }
}

function verify(file: string, name: DbName, shownAs: string): void {
  let db: SqliteDb;
  try {
    db = sqliteConnection(file, { fileMustExist: true });
  } catch (e) {
    throw new EngineError('BAD_DATA', `the ${name} database in ${shownAs} does not open: ${(e as Error).message}`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('quick_check', { simple: true });
    } catch (e) {
      throw new EngineError('BAD_DATA', `the ${name} database in ${shownAs} is damaged: ${(e as Error).message}`);
    }
    if (check !== 'ok') throw new EngineError('BAD_DATA', `the ${name} database in ${shownAs} is damaged: ${String(check)}`);
    const meta = readMeta(db, `the ${name} database in ${shownAs}`);
    if (meta.database !== name) throw new EngineError('BAD_DATA', `${shownAs}: the file named ${fileOf(name)} holds the ${meta.database} database`);
    const known = Object.keys(DATABASES.find((d) => d.name === name)!.migrations).sort();
    const applied = appliedMigrations(db);
    const unknown = applied.find((m, i) => known[i] !== m);
    if (unknown) throw new EngineError('CONFLICT', `the ${name} database in ${shownAs} has migration ${unknown}, which this version of Quantdesk does not know: restore it with a newer version`);
  } finally {
    db.close();
  }
}
