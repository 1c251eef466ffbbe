/**
 * kill -9 between a bracket entry's fill and its exits going out (QUANTDESK_CRASH_AT=before-release),
 * then a restart: the journal holds the exits, reconciliation runs, and the re-armed emulator sends
 * each exit exactly once; the take-profit filling later cancels the stop-loss at the venue. The CLI
 * runs as a real child process against the exchange simulator with the real ccxt.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../shared/client';
import { inProcessTransport, startHost } from '../../engine/host';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'quantdesk.js');
const KEY = 'bracketCrashKey0x11';
const SECRET = 'bracketCrashSecret0x22';

let sim: ExchangeSim;
let dir: string;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 13, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: KEY, secret: SECRET, historyBars: 50 });
  dir = mkdtempSync(join(tmpdir(), 'qd-bracket-crash-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args, '--data-dir', dir], {
      cwd: ROOT,
      env: { ...process.env, QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET, QUANTDESK_CLI_NO_AUTORUN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

type Row = { clientOrderId: string; status: string; kind: string; side: string; quantity: string; parentId?: string | null };
const venue = (cid: string) => sim.state().orders.filter((o) => o.clientOrderId === cid);
const journal = async () => JSON.parse((await cli(['orders', 'list', '--account', 'sim', '--json'])).stdout) as Row[];

describe('bracket exits survive kill -9 between the entry fill and their release', () => {
  it('dies after the entry filled, before the exits were sent', async () => {
    expect((await cli(['accounts', 'add', '--name', 'sim', '--exchange', 'binance', '--base-url', sim.restUrl])).status).toBe(0);
    const p = sim.price('BTC/USDT');
    const r = await cli(['orders', 'submit', '--account', 'sim', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'market', '--qty', '0.01', '--ref-price', String(p), '--take-profit', (p * 1.01).toFixed(2), '--stop-loss', (p * 0.99).toFixed(2)], { QUANTDESK_CRASH_AT: 'before-release' });
    expect(r.signal).toBe('SIGKILL');
    const rows = await journal();
    const entry = rows.find((x) => x.kind === 'market')!;
    expect(entry.status).toBe('filled');
    const exits = rows.filter((x) => x.kind !== 'market');
    expect(exits.map((x) => [x.kind, x.side, x.status]).sort()).toEqual([
      ['limit', 'sell', 'held'],
      ['stop-market', 'sell', 'held'],
    ]);
    for (const x of exits) expect(venue(x.clientOrderId)).toHaveLength(0);
    expect(sim.state().orders).toHaveLength(1);
  });

  it('the restart reconciles, then sends each held exit once; the take-profit fills and the stop-loss is canceled', async () => {
    const env = process.env;
    process.env = { ...env, QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET };
    const host = await startHost({ dataDir: dir, shell: 'cli', engine: 'inline', poolThreads: 0 });
    const client = createClient(inProcessTransport(host));
    try {
      const recon = await client.call('reconcile.run', { accountId: 'sim' });
      expect(recon.items).toEqual([]);
      expect(recon.outcome).toBe('clean');
      const list = () => client.call('orders.list', { accountId: 'sim' });
      const exits = await pollUntil(async () => {
        const xs = (await list()).filter((o) => o.parentId);
        return xs.length === 2 && xs.every((o) => o.status === 'accepted') ? xs : undefined;
      });
      for (const x of exits) {
        expect(venue(x.clientOrderId)).toHaveLength(1);
        // sized to the entry's fill
        expect(x.quantity).toBe('0.01');
      }
      // a second reconciliation (and its re-arm) sends nothing more
      await client.call('reconcile.run', { accountId: 'sim' });
      for (const x of exits) expect(venue(x.clientOrderId)).toHaveLength(1);

      const tp = exits.find((x) => x.kind === 'limit')!;
      const sl = exits.find((x) => x.kind === 'stop-market')!;
      sim.trade('BTC/USDT', Number(tp.price) + 5);
      await pollUntil(async () => {
        const xs = await list();
        return xs.find((o) => o.clientOrderId === tp.clientOrderId)?.status === 'filled' && xs.find((o) => o.clientOrderId === sl.clientOrderId)?.status === 'canceled';
      }, () => sim.stepTicks(1));
      expect(venue(sl.clientOrderId).map((o) => o.status)).toEqual(['CANCELED']);
    } finally {
      process.env = env;
      client.close();
      await host.close();
    }
  });
});
