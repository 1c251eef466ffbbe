import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactSecrets } from '../core/redact';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * JSON lines in `<dataDir>/logs/engine.log`, secrets redacted. Synchronous appends: the log is
 * for post-mortems, so a line must not be lost in a buffer when the process dies.
 */
export function createFileLogger(file: string, echo: ((line: string) => void) | null = null): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const write = (level: string, msg: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...(fields ? (redactSecrets(fields) as object) : {}) });
    try {
      appendFileSync(file, line + '\n');
    } catch {
      // a full disk must not take the engine down with it
    }
    echo?.(line);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
