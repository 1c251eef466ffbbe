/**
 * kill -9 between journaling and sending, and between sending and the answer, then a restart:
 * no lost and no duplicated order, and the journal's balances equal the venue's. The CLI runs as
 * real child processes (bin/quantdesk.cjs) against the exchange simulator with the real ccxt; the
 * key comes from the environment (QUANTDESK_SIM_API_KEY / _SECRET) and never reaches the journal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../shared/client';
import { inProcessTransport, startHost } from '../../engine/host';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'quantdesk.cjs');
const KEY = 'PLANTEDliveKey0x51c3';
const SECRET = 'PLANTEDliveSecret0x7e22';

let sim: ExchangeSim;
let dir: string;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 11, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: KEY, secret: SECRET, historyBars: 50 });
  dir = mkdtempSync(join(tmpdir(), 'qd-live-crash-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A CLI child process (asynchronous: the simulator lives in this process and must keep answering). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args, '--data-dir', dir], {
      cwd: ROOT,
      env: { ...process.env, QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET, ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

const venueOrders = (cid: string) => sim.state().orders.filter((o) => o.clientOrderId === cid);
const ordersJson = async () => JSON.parse((await cli(['orders', 'list', '--account', 'sim', '--json'])).stdout) as Array<{ clientOrderId: string; status: string; price: string | null; kind: string }>;

describe('live trading survives kill -9 (QUANTDESK_CRASH_AT)', () => {
  it('adds the simulator as an account (key from the environment)', async () => {
    const r = await cli(['accounts', 'add', '--name', 'sim', '--exchange', 'binance', '--base-url', sim.restUrl]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/added exchange account sim/);
    const list = await cli(['accounts', 'list']);
    expect(list.stdout).toMatch(/sim\s+exchange\s+binance/);
    expect(list.stdout + list.stderr).not.toContain(KEY);
  });

  it('after-send: the venue filled a market order, the process died before the answer; the restart books it once', async () => {
    const r = await cli(['orders', 'submit', '--account', 'sim', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'market', '--qty', '0.01', '--ref-price', '50000'], { QUANTDESK_CRASH_AT: 'after-send' });
    expect(r.signal).toBe('SIGKILL');
    const journal = await ordersJson();
    expect(journal).toHaveLength(1);
    expect(venueOrders(journal[0].clientOrderId)).toHaveLength(1);
  });

  it('after-journal: the intent is journaled, nothing was sent; the restart says so and sends nothing twice', async () => {
    const r = await cli(['orders', 'submit', '--account', 'sim', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'limit', '--qty', '0.01', '--price', '30000'], { QUANTDESK_CRASH_AT: 'after-journal' });
    expect(r.signal).toBe('SIGKILL');
    const journal = await ordersJson();
    const limit = journal.find((o) => o.kind === 'limit')!;
    expect(limit.status).toBe('submitted');
    expect(venueOrders(limit.clientOrderId)).toHaveLength(0);
  });

  it('the restart resolves both from the venue, then trades; positions equal the venue', async () => {
    const r = await cli(['orders', 'submit', '--account', 'sim', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'limit', '--qty', '0.01', '--price', '31000']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const journal = await ordersJson();
    expect(journal).toHaveLength(3);
    const byKind = (k: string, px?: string) => journal.find((o) => o.kind === k && (px === undefined || o.price === px))!;
    expect(byKind('market').status).toBe('filled');
    expect(byKind('limit', '30000').status).toBe('rejected');
    expect(byKind('limit', '31000').status).toBe('accepted');
    // exactly one venue order per journaled order that was placed; none for the one never sent
    expect(venueOrders(byKind('market').clientOrderId)).toHaveLength(1);
    expect(venueOrders(byKind('limit', '30000').clientOrderId)).toHaveLength(0);
    expect(venueOrders(byKind('limit', '31000').clientOrderId)).toHaveLength(1);
    expect(sim.state().orders).toHaveLength(2);

    // the journal's balances (positions, on spot) equal the venue's: reconciliation is clean
    const host = await startHost({ dataDir: dir, shell: 'cli', engine: 'inline', poolThreads: 0 });
    const client = createClient(inProcessTransport(host));
    try {
      const env = process.env;
      process.env = { ...env, QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET };
      try {
        const recon = await client.call('reconcile.run', { accountId: 'sim' });
        expect(recon.items).toEqual([]);
        expect(recon.outcome).toBe('clean');
        const balances = await client.call('trading.balances', { accountId: 'sim' });
        const venue = sim.state().balances as unknown as Record<string, { free: number | string; locked: number | string }>;
        const btc = balances.find((b) => b.currency === 'BTC')!;
        expect(Number(btc.total)).toBeCloseTo(Number(venue.BTC.free) + Number(venue.BTC.locked), 12);
      } finally {
        process.env = env;
      }
    } finally {
      client.close();
      await host.close();
    }
  });

  it('the kill switch cancels while the venue is slow, and stays engaged after a restart', async () => {
    sim.faults.latency(1500);
    const k = await cli(['kill', '--account', 'sim']);
    sim.faults.latency(0);
    expect(k.stdout).toMatch(/1 order\(s\) canceled/);
    expect(sim.state().orders.filter((o) => o.status === 'NEW')).toHaveLength(0);
    const again = await cli(['orders', 'submit', '--account', 'sim', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'limit', '--qty', '0.01', '--price', '31000']);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/denied \(kill-switch/);
    expect((await cli(['accounts', 'list'])).stdout).toMatch(/kill: halted/);
  });

  it('the planted key is nowhere in the data directory', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      expect(text.includes(KEY), f).toBe(false);
      expect(text.includes(SECRET), f).toBe(false);
    }
  });
});
