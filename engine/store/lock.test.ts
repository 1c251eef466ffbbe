import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../core/errors';
import { acquireDataDirLock, LOCK_FILE, readDataDirLock } from './lock';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'qd-lock-'));
  dirs.push(d);
  return d;
};

function refusal(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('data directory lock', () => {
  it('keeps a second writer out with a message naming the holder, and lets it in after release', () => {
    const dir = tmp();
    const lock = acquireDataDirLock(dir, 'the desktop app');
    expect(lock.path).toBe(path.join(dir, LOCK_FILE));
    const e = refusal(() => acquireDataDirLock(dir, 'quantdesk import'));
    expect(e.code).toBe('LOCKED');
    expect(e.message).toMatch(new RegExp(`^the data directory .* is in use by the desktop app \\(pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\dT`));
    expect(readDataDirLock(dir)).toMatchObject({ pid: process.pid, purpose: 'the desktop app' });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    expect(readDataDirLock(dir)).toBeNull();
    acquireDataDirLock(dir, 'quantdesk import').release();
  });

  it('refuses while another live process holds it', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, purpose: 'quantdesk serve', startedAt: Date.now(), host: hostname(), token: 'x' }));
      const e = refusal(() => acquireDataDirLock(dir, 'quantdesk import'));
      expect(e.code).toBe('LOCKED');
      expect(e.message).toContain(`in use by quantdesk serve (pid ${child.pid}`);
      expect(readDataDirLock(dir)).toMatchObject({ pid: child.pid, purpose: 'quantdesk serve' });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock whose process is gone (kill -9, crash)', () => {
    const dir = tmp();
    const pid = deadPid();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, purpose: 'the desktop app', startedAt: Date.now() - 60_000, host: hostname(), token: 'old' }));
    expect(readDataDirLock(dir)).toBeNull();
    const lock = acquireDataDirLock(dir, 'quantdesk import');
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'quantdesk import' });
    lock.release();
  });

  it('takes over a lock naming our own pid that an earlier process left (pids repeat in containers)', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, purpose: 'old run', startedAt: 1, host: hostname(), token: 'old', processStartedAt: 1 }));
    acquireDataDirLock(dir, 'this run').release();
  });

  it('takes over an unreadable lock file', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, LOCK_FILE), '{"pid": 12');
    acquireDataDirLock(dir, 'quantdesk import').release();
  });

  it('release leaves alone a lock that is no longer ours', () => {
    const dir = tmp();
    const lock = acquireDataDirLock(dir, 'a');
    writeFileSync(lock.path, JSON.stringify({ pid: process.pid, purpose: 'b', startedAt: Date.now(), host: hostname(), token: 'someone else' }));
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});
