import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServeProcess {
  /** The address with the session token, as `quantdesk serve` printed it. */
  openUrl: string;
  origin: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node bin/quantdesk.cjs serve --port 0` on a fresh data folder (so the bundled samples are
 * imported as on a first start) and resolves when it prints the address to open.
 */
export async function startServe(): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quantdesk-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/quantdesk.cjs', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QUANTDESK_DATA_DIR: '' },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /Open (http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`quantdesk serve exited (${code}) before it was ready:\n${out}`)));
  });
  return {
    openUrl,
    origin: new URL(openUrl).origin,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
