/**
 * Ctrl-C on `quantdesk live`: the deployment stops, the feeds' watch loops and the brokers' streams
 * close, then the process exits 0 with one line. Before the feed manager waited for its streams'
 * unsubscribes, closing the exchange under a throttled `unWatchOHLCV` ended the process with an
 * uncaught "WebSocket is not open" from ccxt. Real CLI children against the simulator, real ccxt.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'quantdesk.cjs');
const KEY = 'sigintKey';
const SECRET = 'sigintSecret';

let sim: ExchangeSim;
let dir: string;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 5, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 20, apiKey: KEY, secret: SECRET, historyBars: 120 });
  dir = mkdtempSync(join(tmpdir(), 'qd-live-sigint-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = { ...process.env, QUANTDESK_SIMX_API_KEY: KEY, QUANTDESK_SIMX_SECRET: SECRET };

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args, '--data-dir', dir], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts `live`, waits until the deployment runs and a few bars went by, then sends SIGINT. */
function liveUntilCtrlC(account: string): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, 'live', '--account', account, '--strategy', 'sma-cross', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--data-dir', dir], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    let sent = false;
    p.stdout.on('data', (d) => {
      stdout += d;
      if (!sent && /running .*Ctrl-C stops/.test(stdout)) {
        sent = true;
        // let the watch loops get a few live bars (the simulator makes 20 a second) before Ctrl-C
        setTimeout(() => p.kill('SIGINT'), 1_500);
      }
    });
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

describe('quantdesk live stops cleanly on Ctrl-C', () => {
  it('paper account: exit 0, one closing line, nothing on stderr', async () => {
    const add = await cli(['accounts', 'add', '--name', 'pp', '--exchange', 'binance', '--paper', '--base-url', sim.restUrl]);
    expect(add.status).toBe(0);
    const r = await liveUntilCtrlC('pp');
    expect(r.stderr).not.toMatch(/WebSocket is not open|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/stopped; run the same command again to resume$/);
  }, 120_000);

  it('simulator exchange account (ccxt broker streams too): exit 0, nothing on stderr', async () => {
    const add = await cli(['accounts', 'add', '--name', 'simx', '--exchange', 'binance', '--base-url', sim.restUrl]);
    expect(add.status).toBe(0);
    const r = await liveUntilCtrlC('simx');
    expect(r.stderr).not.toMatch(/WebSocket is not open|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/stopped; run the same command again to resume$/);
  }, 120_000);
});
