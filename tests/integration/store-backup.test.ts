import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../engine/core/errors';
import { barsFromObjects } from '../../engine/model/bars';
import { backupDataDir, restoreDataDir } from '../../engine/store/backup';
import { acquireDataDirLock, LOCK_FILE } from '../../engine/store/lock';
import { openStores, type Stores } from '../../engine/store/open-stores';
import { instrumentId } from '../../shared/ids';

const BTC = instrumentId('BTC/USDT', 'binance');
const T0 = Date.UTC(2024, 0, 1);
const bars = (n: number, tag: number) => barsFromObjects(Array.from({ length: n }, (_, i) => ({ ts: T0 + i * 60_000, open: tag, high: tag + 1, low: tag - 1, close: tag, volume: i })));

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'qd-backup-'));
  dataDir = path.join(root, 'data');
  mkdirSync(dataDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

/** State worth comparing: audit rows and candles. */
async function state(s: Stores) {
  return {
    audit: await s.journal.selectFrom('audit_log').select(['actor', 'action']).orderBy('id').execute(),
    series: s.candles.listSeries().map((x) => [x.instrumentId, x.timeframe, x.count]),
    closes: Array.from(s.candles.read(BTC, '1m').close),
  };
}

async function populate(): Promise<Stores> {
  const s = await openStores(dataDir);
  await s.journal.insertInto('audit_log').values({ ts: 1, actor: 'user', action: 'first' }).execute();
  s.candles.write(BTC, '1m', bars(5000, 1));
  return s;
}

describe('backupDataDir / restoreDataDir', () => {
  it('backs up into <dataDir>/backups/<stamp> while the stores are open, and restores that state', async () => {
    const s = await populate();
    const saved = await state(s);
    const folder = await backupDataDir(dataDir);
    expect(path.dirname(folder)).toBe(path.join(dataDir, 'backups'));
    expect(path.basename(folder)).toMatch(/^\d{8}T\d{9}Z$/);
    expect(readdirSync(folder).sort()).toEqual(['journal.db', 'manifest.json', 'market.db']);

    // Change everything after the backup.
    await s.journal.insertInto('audit_log').values({ ts: 2, actor: 'user', action: 'second' }).execute();
    s.candles.write(BTC, '1m', bars(6000, 2));
    s.close();

    await restoreDataDir(dataDir, folder);
    const r = await openStores(dataDir);
    try {
      expect(await state(r)).toEqual(saved);
      expect(r.journalDb.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      r.close();
    }
    // What was replaced is kept aside.
    const aside = readdirSync(path.join(dataDir, 'backups')).filter((n) => n.endsWith('-before-restore'));
    expect(aside).toHaveLength(1);
    expect(readdirSync(path.join(dataDir, 'backups', aside[0]))).toEqual(expect.arrayContaining(['journal.db', 'market.db']));
  });

  it('--to FILE writes one tar file (readable by tar) that restores the same', async () => {
    const s = await populate();
    const saved = await state(s);
    s.close();
    const file = await backupDataDir(dataDir, path.join(root, 'out', 'quantdesk.tar'));
    expect(file).toBe(path.join(root, 'out', 'quantdesk.tar'));
    expect(readdirSync(path.join(root, 'out'))).toEqual(['quantdesk.tar']);
    const tar = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
    if (tar.status === 0) {
      expect(tar.stdout.trim().split('\n').sort()).toEqual(['journal.db', 'manifest.json', 'market.db']);
      // Any tar can unpack it into databases that open on their own.
      const unpacked = path.join(root, 'unpacked');
      mkdirSync(unpacked);
      expect(spawnSync('tar', ['-xf', file, '-C', unpacked]).status).toBe(0);
      const j = new Database(path.join(unpacked, 'journal.db'), { readonly: true });
      expect(j.prepare('select count(*) from audit_log').pluck().get()).toBe(1);
      j.close();
    }
    expect((await failure(backupDataDir(dataDir, file))).code).toBe('CONFLICT');

    const other = await openStores(dataDir);
    other.candles.deleteSeries(BTC, '1m');
    other.close();
    await restoreDataDir(dataDir, file);
    const r = await openStores(dataDir);
    try {
      expect(await state(r)).toEqual(saved);
    } finally {
      r.close();
    }
  });

  it('--to an existing folder puts a quantdesk-<stamp> folder inside it', async () => {
    (await populate()).close();
    mkdirSync(path.join(root, 'keep'));
    const folder = await backupDataDir(dataDir, path.join(root, 'keep'));
    expect(path.dirname(folder)).toBe(path.join(root, 'keep'));
    expect(path.basename(folder)).toMatch(/^quantdesk-\d{8}T\d{9}Z$/);
  });

  it('refuses to restore while the data directory is locked by this or another live process, and changes nothing', async () => {
    const s = await populate();
    const saved = await state(s);
    const folder = await backupDataDir(dataDir);
    s.candles.deleteSeries(BTC, '1m');
    const changed = await state(s);
    s.close();

    const lock = acquireDataDirLock(dataDir, 'the desktop app');
    try {
      const e = await failure(restoreDataDir(dataDir, folder));
      expect(e.code).toBe('LOCKED');
      expect(e.message).toMatch(/in use by the desktop app \(pid \d+/);
    } finally {
      lock.release();
    }

    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: child.pid, purpose: 'quantdesk serve', startedAt: Date.now(), host: hostname(), token: 't' }));
      const e = await failure(restoreDataDir(dataDir, folder));
      expect(e.code).toBe('LOCKED');
      expect(e.message).toContain(`quantdesk serve (pid ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
      rmSync(path.join(dataDir, LOCK_FILE), { force: true });
    }
    const r = await openStores(dataDir);
    expect(await state(r)).toEqual(changed);
    r.close();
    await restoreDataDir(dataDir, folder);
    const back = await openStores(dataDir);
    expect(await state(back)).toEqual(saved);
    back.close();
  });

  it('refuses a backup that is not ours, is damaged, or comes from a newer version, and changes nothing', async () => {
    const s = await populate();
    const saved = await state(s);
    s.close();

    const foreign = path.join(root, 'foreign.db');
    const f = new Database(foreign);
    f.exec('create table t (x); insert into t values (1);');
    f.close();
    expect(await failure(restoreDataDir(dataDir, foreign))).toMatchObject({ code: 'BAD_DATA', message: expect.stringMatching(/is not a Quantdesk database/) });

    const junk = path.join(root, 'junk.db');
    writeFileSync(junk, 'SQLite format 3\0' + 'x'.repeat(5000));
    expect((await failure(restoreDataDir(dataDir, junk))).code).toBe('BAD_DATA');

    const newer = await backupDataDir(dataDir);
    const j = new Database(path.join(newer, 'journal.db'));
    j.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('29990101_0000_future', new Date().toISOString());
    j.close();
    const e = await failure(restoreDataDir(dataDir, newer));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/29990101_0000_future, which this version of Quantdesk does not know/);

    expect((await failure(restoreDataDir(dataDir, path.join(root, 'nothing-here')))).code).toBe('NOT_FOUND');
    const r = await openStores(dataDir);
    expect(await state(r)).toEqual(saved);
    r.close();
    expect(readdirSync(dataDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('restores a single database file, such as a pre-migration backup, and leaves the other database alone', async () => {
    const s = await populate();
    const single = path.join(root, 'journal-only.db');
    await s.journalDb.backup(single);
    await s.journal.insertInto('audit_log').values({ ts: 2, actor: 'user', action: 'second' }).execute();
    s.candles.write(BTC, '1m', bars(5000, 3));
    s.close();
    await restoreDataDir(dataDir, single);
    const r = await openStores(dataDir);
    try {
      const st = await state(r);
      expect(st.audit.map((a) => a.action)).toEqual(['first']);
      expect(st.closes[0]).toBe(3);
    } finally {
      r.close();
    }
  });

  it('nothing to back up in an empty data directory', async () => {
    expect((await failure(backupDataDir(dataDir))).code).toBe('NOT_FOUND');
  });
});
