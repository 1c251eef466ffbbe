import Database from 'better-sqlite3';
import type { Kysely, Migration } from 'kysely';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/core/errors';
import { appliedMigrations, migrate } from '../../engine/store/migrate';
import { journalMigrations } from '../../engine/store/migrations/journal';
import { marketMigrations } from '../../engine/store/migrations/market';
import { openStores, type Stores } from '../../engine/store/open-stores';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'qd-migrations-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}
async function open(dir: string, opts?: Parameters<typeof openStores>[1]): Promise<Stores> {
  const s = await openStores(dir, opts);
  cleanup.push(() => s.close());
  return s;
}
async function refusal(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
const tables = (db: Database.Database): string[] =>
  db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[];

describe('openStores', () => {
  it('creates both databases with their tables on a fresh data directory, without a backup', async () => {
    const dir = tmp();
    const s = await open(dir);
    expect(s.migrations.journal).toEqual(Object.keys(journalMigrations).sort());
    expect(s.migrations.market).toEqual(Object.keys(marketMigrations).sort());
    expect(tables(s.journalDb)).toEqual(expect.arrayContaining(['app_meta', 'audit_log', 'jobs']));
    expect(tables(s.marketDb)).toEqual(expect.arrayContaining(['app_meta', 'series', 'candle_chunk']));
    expect(s.migrationBackups).toEqual([]);
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
    expect(s.paths).toEqual({ journal: path.join(dir, 'journal.db'), market: path.join(dir, 'market.db') });
  });

  it('journal: WAL and synchronous=FULL; market: WAL and synchronous=NORMAL (read back from SQLite)', async () => {
    const s = await open(tmp());
    expect(s.journalDb.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.journalDb.pragma('synchronous', { simple: true })).toBe(2);
    expect(s.marketDb.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.marketDb.pragma('synchronous', { simple: true })).toBe(1);
    expect(s.journalDb.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('re-opens without migrating again and keeps what was written', async () => {
    const dir = tmp();
    const a = await openStores(dir);
    await a.journal.insertInto('audit_log').values({ ts: 1, actor: 'test', action: 'hello', details: '{"a":1}' }).execute();
    a.close();
    const b = await open(dir);
    expect(b.migrationBackups).toEqual([]);
    expect(await b.journal.selectFrom('audit_log').select(['actor', 'action', 'details']).execute()).toEqual([{ actor: 'test', action: 'hello', details: '{"a":1}' }]);
  });

  it('refuses a database with a migration this version does not know, and leaves it alone', async () => {
    const dir = tmp();
    (await openStores(dir)).close();
    const raw = new Database(path.join(dir, 'journal.db'));
    raw.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('29990101_0000_from_the_future', new Date().toISOString());
    raw.close();
    const e = await refusal(openStores(dir));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/^refusing to open journal database .*journal\.db: it has migration 29990101_0000_from_the_future, which this version of Quantdesk does not know/);
    expect((await refusal(openStores(dir, { readonly: true }))).code).toBe('CONFLICT');
    const after = new Database(path.join(dir, 'journal.db'), { readonly: true });
    expect(appliedMigrations(after)).toContain('29990101_0000_from_the_future');
    after.close();
  });

  it('read-only: nothing is created; an existing data directory opens and its settings are asserted', async () => {
    const dir = tmp();
    expect((await refusal(openStores(dir, { readonly: true }))).code).toBe('NOT_FOUND');
    expect(readdirSync(dir)).toEqual([]);
    (await openStores(dir)).close();
    const r = await open(dir, { readonly: true });
    expect(r.readonly).toBe(true);
    expect(r.journalDb.pragma('synchronous', { simple: true })).toBe(2);
    expect(r.candles.listSeries()).toEqual([]);
  });

  it('a damaged database file is refused with what to do about it', async () => {
    const dir = tmp();
    (await openStores(dir)).close();
    writeFileSync(path.join(dir, 'market.db'), 'this is not a database'.repeat(300));
    const e = await refusal(openStores(dir));
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toMatch(/market\.db cannot be opened \(.*\): it only caches market data: move it away/);
    rmSync(path.join(dir, 'market.db'));
    (await openStores(dir)).close();
  });

  it('takes the data directory lock when asked and gives it back on close', async () => {
    const dir = tmp();
    const a = await openStores(dir, { lockPurpose: 'the desktop app' });
    const e = await refusal(openStores(dir, { lockPurpose: 'quantdesk import' }));
    expect(e.code).toBe('LOCKED');
    expect(e.message).toContain('in use by the desktop app');
    a.close();
    (await openStores(dir, { lockPurpose: 'quantdesk import' })).close();
  });
});

describe('migrate', () => {
  const step = (table: string, fail = false): Migration => ({
    async up(db: Kysely<any>) {
      await db.schema.createTable(table).addColumn('x', 'integer').execute();
      if (fail) throw new Error(`boom in ${table}`);
    },
  });
  function fixture(): { raw: Database.Database; dir: string } {
    const dir = tmp();
    const raw = new Database(path.join(dir, 'test.db'));
    raw.pragma('journal_mode = WAL');
    cleanup.push(() => raw.close());
    return { raw, dir };
  }

  it('backs up a non-empty database before applying what is pending; the backup is the state before', async () => {
    const { raw, dir } = fixture();
    const backupDir = path.join(dir, 'backups');
    const first = await migrate({ label: 'test', raw, migrations: { '20260101_a': step('a') }, backupDir });
    expect(first).toMatchObject({ ran: ['20260101_a'], backup: null });
    raw.prepare('insert into a (x) values (42)').run();

    const second = await migrate({ label: 'test', raw, migrations: { '20260101_a': step('a'), '20260201_b': step('b') }, backupDir });
    expect(second.ran).toEqual(['20260201_b']);
    expect(second.backup).toMatch(/backups[\\/]test-\d{8}T\d{9}Z-before-20260201_b\.db$/);
    const backup = new Database(second.backup!, { readonly: true });
    expect(tables(backup)).toContain('a');
    expect(tables(backup)).not.toContain('b');
    expect(backup.prepare('select x from a').pluck().get()).toBe(42);
    expect(appliedMigrations(backup)).toEqual(['20260101_a']);
    backup.close();

    const third = await migrate({ label: 'test', raw, migrations: { '20260101_a': step('a'), '20260201_b': step('b') }, backupDir });
    expect(third).toMatchObject({ ran: [], backup: null });
    expect(readdirSync(backupDir)).toHaveLength(1);
  });

  it('runs each migration in its own transaction: a failure keeps the earlier ones and undoes only itself', async () => {
    const { raw, dir } = fixture();
    const migrations = { '20260101_a': step('a'), '20260201_b': step('b'), '20260301_c': step('c', true) };
    const e = await refusal(migrate({ label: 'test', raw, migrations, backupDir: path.join(dir, 'backups') }));
    expect(e.message).toMatch(/^migration 20260301_c of the test database .* failed: boom in c/);
    expect(appliedMigrations(raw)).toEqual(['20260101_a', '20260201_b']);
    expect(tables(raw)).toEqual(expect.arrayContaining(['a', 'b']));
    expect(tables(raw)).not.toContain('c');
  });

  it('refuses migrations applied in another order than ours', async () => {
    const { raw, dir } = fixture();
    await migrate({ label: 'test', raw, migrations: { '20260201_b': step('b') }, backupDir: dir });
    const e = await refusal(migrate({ label: 'test', raw, migrations: { '20260101_a': step('a'), '20260201_b': step('b') }, backupDir: dir }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/applied in a different order/);
  });

  it('the released migrations are plain objects of imports, sorted by their timestamp names', () => {
    for (const set of [journalMigrations, marketMigrations]) {
      for (const name of Object.keys(set)) expect(name).toMatch(/^\d{8}_\d{4}_[a-z0-9_]+$/);
      expect(Object.values(set).every((m) => typeof m.up === 'function')).toBe(true);
    }
  });
});
