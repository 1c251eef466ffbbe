/**
 * kill -9 between a bracket entry's fill and its exits going out (QUANTDESK_CRASH_AT=before-release),
 * then a restart: the journal holds the exits, reconciliation runs, and the re-armed emulator sends
 * the take-profit exactly once (on this spot venue the stop-loss is watched here); the take-profit
 * filling later drops the stop-loss. And kill -9 after the take-profit's release was journaled but
 * before its request left (after-release-journal): the restart finds it was not placed and sends a
 * new instance of it, so the filled entry is not left without its take-profit. The CLI runs as a real
 * child process against the exchange simulator with the real ccxt.
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
const BIN = join(ROOT, 'bin', 'quantdesk.cjs');
const KEY = 'bracketCrashKey0x11';
const SECRET = 'bracketCrashSecret0x22';

let sim: ExchangeSim;
/** The second scenario's venue (its own account and history). */
let simB: ExchangeSim;
let dir: string;
let dir2: string;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 13, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: KEY, secret: SECRET, historyBars: 50 });
  dir = mkdtempSync(join(tmpdir(), 'qd-bracket-crash-'));
  simB = await startExchangeSim({ port: 0, seed: 14, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: KEY, secret: SECRET, historyBars: 50 });
  dir2 = mkdtempSync(join(tmpdir(), 'qd-bracket-crash2-'));
});
afterAll(async () => {
  await sim?.close();
  await simB?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dir2, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}, dataDir = dir): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
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

type Row = { clientOrderId: string; status: string; kind: string; side: string; quantity: string; parentId?: string | null; ocoGroup?: string | null };
const venue = (cid: string) => sim.state().orders.filter((o) => o.clientOrderId === cid);
const journal = async (dataDir = dir) => JSON.parse((await cli(['orders', 'list', '--account', 'sim', '--json'], {}, dataDir)).stdout) as Row[];

async function withHost<T>(dataDir: string, f: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const env = process.env;
  process.env = { ...env, QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET };
  const host = await startHost({ dataDir, shell: 'cli', engine: 'inline', poolThreads: 0 });
  const client = createClient(inProcessTransport(host));
  try {
    return await f(client);
  } finally {
    process.env = env;
    client.close();
    await host.close();
  }
}

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

  it('the restart reconciles, then sends the take-profit once; it fills and the stop-loss (watched here) is dropped', async () => {
    await withHost(dir, async (client) => {
      const recon = await client.call('reconcile.run', { accountId: 'sim' });
      expect(recon.items).toEqual([]);
      expect(recon.outcome).toBe('clean');
      const list = () => client.call('orders.list', { accountId: 'sim' });
      const tp = await pollUntil(async () => (await list()).find((o) => o.parentId && o.kind === 'limit' && o.status === 'accepted'));
      const sl = (await list()).find((o) => o.parentId && o.kind === 'stop-market')!;
      expect([sl.status, sl.emulatedTrigger]).toEqual(['held', true]);
      expect(venue(tp.clientOrderId)).toHaveLength(1);
      expect(venue(sl.clientOrderId)).toHaveLength(0);
      // sized to the entry's fill less its 0.1 % fee in BTC, down to the lot of 0.0001
      expect(tp.quantity).toBe('0.0099');
      // a second reconciliation (and its re-arm) sends nothing more
      await client.call('reconcile.run', { accountId: 'sim' });
      expect(venue(tp.clientOrderId)).toHaveLength(1);

      sim.trade('BTC/USDT', Number(tp.price) + 5);
      await pollUntil(async () => {
        const xs = await list();
        return xs.find((o) => o.clientOrderId === tp.clientOrderId)?.status === 'filled' && xs.find((o) => o.clientOrderId === sl.clientOrderId)?.status === 'canceled';
      }, () => sim.stepTicks(1));
      expect(venue(sl.clientOrderId)).toHaveLength(0);
    });
  });
});

describe('a take-profit journaled as sent but killed before its request left is re-created', () => {
  const venueB = (cid: string) => simB.state().orders.filter((o) => o.clientOrderId === cid);
  it('dies after the release was journaled: the journal says submitted, the venue has nothing', async () => {
    expect((await cli(['accounts', 'add', '--name', 'sim', '--exchange', 'binance', '--base-url', simB.restUrl], {}, dir2)).status).toBe(0);
    const p = simB.price('BTC/USDT');
    const r = await cli(['orders', 'submit', '--account', 'sim', '--symbol', 'BTC/USDT', '--side', 'buy', '--type', 'market', '--qty', '0.01', '--ref-price', String(p), '--take-profit', (p * 1.02).toFixed(2), '--stop-loss', (p * 0.98).toFixed(2)], { QUANTDESK_CRASH_AT: 'after-release-journal' }, dir2);
    expect(r.signal).toBe('SIGKILL');
    const rows = await journal(dir2);
    expect(rows.find((x) => x.kind === 'market')!.status).toBe('filled');
    const tp = rows.find((x) => x.kind === 'limit')!;
    expect(tp.status).toBe('submitted');
    expect(venueB(tp.clientOrderId)).toHaveLength(0);
  });

  it('the restart resolves it as not placed and sends one new take-profit (new client order id); nothing is sent twice', async () => {
    const before = await journal(dir2);
    const dead = before.find((x) => x.kind === 'limit')!;
    await withHost(dir2, async (client) => {
      const recon = await client.call('reconcile.run', { accountId: 'sim' });
      expect(recon.outcome).toBe('clean');
      const list = () => client.call('orders.list', { accountId: 'sim' });
      const fresh = await pollUntil(async () => (await list()).find((o) => o.parentId && o.kind === 'limit' && o.clientOrderId !== dead.clientOrderId && o.status === 'accepted'));
      const all = await list();
      expect(all.find((o) => o.clientOrderId === dead.clientOrderId)!.status).toBe('rejected');
      expect(fresh.quantity).toBe('0.0099');
      expect(fresh.ocoGroup).toBe(dead.ocoGroup ?? 'bracket');
      expect(venueB(fresh.clientOrderId)).toHaveLength(1);
      expect(venueB(dead.clientOrderId)).toHaveLength(0);
      // reconciling again creates nothing more: one live take-profit for the bracket
      await client.call('reconcile.run', { accountId: 'sim' });
      await new Promise((r) => setTimeout(r, 300));
      const tps = (await list()).filter((o) => o.parentId && o.kind === 'limit');
      expect(tps.map((o) => o.status).sort()).toEqual(['accepted', 'rejected']);
      expect(simB.state().orders.filter((o) => o.type === 'LIMIT' && o.side === 'SELL' && o.status === 'NEW')).toHaveLength(1);
      await client.call('orders.cancelAll', { accountId: 'sim' });
    });
  });
});
