import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { EngineError } from '../core/errors';

export const LOCK_FILE = 'quantdesk.lock';

export interface DataDirLock {
  release(): void;
  readonly path: string;
}

export interface LockInfo {
  pid: number;
  purpose: string;
  startedAt: number;
}

interface LockFileContent extends LockInfo {
  host: string;
  token: string;
  /** When the writing process started (ms): tells our own live lock from one an earlier process with a recycled pid left. */
  processStartedAt?: number;
}

/** Same in every thread of this process (worker threads share the process, not module state). */
const PROCESS_STARTED_AT = Math.round(Date.now() - process.uptime() * 1000);

/** Lock files this process holds: a lock naming our own pid that is not in here was left by an earlier process (pids repeat in containers). */
const held = new Set<string>();

/**
 * Keeps a second writer out of the data directory. The lock is a file created exclusively; a lock
 * left by a process that no longer runs (crash, kill -9) is taken over. Released on `release()` and,
 * as a fallback, when the process exits.
 */
export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const content: LockFileContent = {
    pid: process.pid,
    purpose,
    startedAt: Date.now(),
    host: hostname(),
    token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    processStartedAt: PROCESS_STARTED_AT,
  };
  const text = JSON.stringify(content);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, text)) return makeHandle(file, content.token);
    const judged = safeRead(file);
    if (judged === null) continue; // released between our attempt and the read: try again
    const existing = parseLock(judged);
    if (existing !== 'unreadable' && isHeldByLiveProcess(file, existing)) {
      throw new EngineError(
        'LOCKED',
        `the data directory ${dataDir} is in use by ${existing.purpose} (pid ${existing.pid}, since ${new Date(existing.startedAt).toISOString()}); ` +
          'close it first, or use another data directory (--data-dir)',
        { pid: existing.pid, purpose: existing.purpose, startedAt: existing.startedAt, lockFile: file },
      );
    }
    // Stale (its process is gone) or garbage (a crash while writing it): take it over, but only
    // if it is still the same stale file, so two processes taking over at once do not both win.
    if (safeRead(file) === judged) {
      try {
        unlinkSync(file);
      } catch {
        /* someone else removed it: fine */
      }
    }
  }
  throw new EngineError('LOCKED', `could not acquire the lock of the data directory ${dataDir} (${file}): another process keeps taking it`);
}

/** Who holds the data directory, or null when nobody live does. */
export function readDataDirLock(dataDir: string): LockInfo | null {
  const file = path.join(dataDir, LOCK_FILE);
  const existing = readLockFile(file);
  if (existing === 'missing' || existing === 'unreadable') return null;
  if (!isHeldByLiveProcess(file, existing)) return null;
  return { pid: existing.pid, purpose: existing.purpose, startedAt: existing.startedAt };
}

function makeHandle(file: string, token: string): DataDirLock {
  held.add(file);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    held.delete(file);
    process.removeListener('exit', release);
    const current = readLockFile(file);
    // Never remove a lock that is no longer ours (taken over after we were presumed dead).
    if (typeof current === 'object' && current.token === token) {
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', release);
  return { release, path: file };
}

/** Creates the lock with its content in one step (write a temp file, hard-link it into place), so nobody ever reads a half-written lock. */
function tryCreate(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text, { mode: 0o644 });
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

function safeRead(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readLockFile(file: string): LockFileContent | 'missing' | 'unreadable' {
  const text = safeRead(file);
  return text === null ? 'missing' : parseLock(text);
}

function parseLock(text: string): LockFileContent | 'unreadable' {
  try {
    const v = JSON.parse(text) as Partial<LockFileContent>;
    if (typeof v.pid !== 'number' || typeof v.purpose !== 'string' || typeof v.startedAt !== 'number') return 'unreadable';
    return { pid: v.pid, purpose: v.purpose, startedAt: v.startedAt, host: String(v.host ?? ''), token: String(v.token ?? ''), ...(typeof v.processStartedAt === 'number' ? { processStartedAt: v.processStartedAt } : {}) };
  } catch {
    return 'unreadable';
  }
}

function isHeldByLiveProcess(file: string, lock: LockFileContent): boolean {
  // A lock written on another machine (a data dir on a network share) cannot be checked: respect it.
  if (lock.host && lock.host !== hostname()) return true;
  // Our pid: held by this thread, or by another thread of this same process (an engine worker).
  if (lock.pid === process.pid) return held.has(file) || (lock.processStartedAt !== undefined && Math.abs(lock.processStartedAt - PROCESS_STARTED_AT) < 2000);
  return pidAlive(lock.pid);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
