import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { openBrowser, type BrowserSession } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';

// The trading walk-through: the exchange simulator added as an account in Settings, sma-cross
// deployed on it from the Trading screen, orders and fills arriving live, the kill switch, then a
// restart of `quantdesk serve` on the same data folder and the reconciliation dialog.

const KEY = 'PLANTEDe2eKey0x6b1d';
const SECRET = 'PLANTEDe2eSecret0x33f0';

interface Serve {
  openUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/** `quantdesk serve` on a given data folder, with the account's key in the environment (never typed into the page). */
async function serveOn(dataDir: string): Promise<Serve> {
  const child: ChildProcess = spawn(process.execPath, ['bin/quantdesk.cjs', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QUANTDESK_DATA_DIR: '', QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /Open (http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
  return {
    openUrl,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

describe('Trading: simulator account, sma-cross deployment, kill switch, restart and reconciliation', () => {
  let sim: ExchangeSim;
  let dataDir: string;
  let serve: Serve;
  let browser: BrowserSession;
  const traffic: string[] = [];

  beforeAll(async () => {
    ensureRendererBuilt();
    sim = await startExchangeSim({ port: 0, seed: 21, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5, volatility: 0.004 }], speed: 4, apiKey: KEY, secret: SECRET, historyBars: 600 });
    dataDir = mkdtempSync(join(tmpdir(), 'quantdesk-e2e-trading-'));
    serve = await serveOn(dataDir);
    browser = await openBrowser();
    browser.page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => traffic.push(String(f.payload)));
      ws.on('framesent', (f) => traffic.push(String(f.payload)));
    });
    await browser.page.goto(serve.openUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds the simulator as an account in Settings; the key shows as set and passes the test', async () => {
    const { page } = browser;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('screen-settings').waitFor();
    await page.getByTestId('account-id').fill('sim');
    await page.getByTestId('account-exchange').fill('binance');
    await page.getByTestId('account-base-url').fill(sim.restUrl);
    await page.getByTestId('account-add').click();
    await page.getByTestId('key-sim-apiKey').waitFor();
    await expect(page.getByTestId('key-sim-apiKey').textContent()).resolves.toBe('set');
    await page.getByTestId('key-test-sim').click();
    await page.getByTestId('key-note-sim').waitFor();
    await browser.screenshot('trading-settings-en');
  });

  it('deploys sma-cross and watches orders and fills arrive', async () => {
    const { page } = browser;
    await page.getByTestId('nav-trading').click();
    await page.getByTestId('screen-trading').waitFor();
    await expect.poll(() => page.getByTestId('account-status').textContent(), { timeout: 30_000 }).toBe('ready');
    await page.getByTestId('deploy-params').fill('{"fast":3,"slow":8,"size":0.01}');
    await page.getByTestId('deploy-start').click();
    await page.locator('[data-testid^="deployment-status-"]').first().waitFor();
    await expect.poll(() => page.locator('[data-testid^="deployment-status-"]').first().textContent(), { timeout: 30_000 }).toBe('running');
    // fills arrive on their own (the simulator plays 4 bars a second)
    await expect.poll(() => page.locator('[data-testid="fills"] tbody tr td .mono').count(), { timeout: 90_000, interval: 500 }).toBeGreaterThan(1);
    // the ticket previews before sending
    await page.getByTestId('ticket-price').fill('30000');
    await expect.poll(() => page.getByTestId('ticket-check').textContent()).toBe('passes');
    await page.getByTestId('ticket-send').click();
    await page.getByTestId('ticket-result').waitFor();
    await page.locator('[data-testid="open-orders"] [data-testid^="cancel-"]').first().waitFor();
    await browser.screenshot('trading-live-en');
  });

  it('places a bracket from the ticket: once the entry fills, its two exits show in the open orders linked to it (spot: the take-profit rests at the venue, the stop-loss is watched here)', async () => {
    const { page } = browser;
    const p = sim.price('BTC/USDT');
    await page.getByTestId('ticket-price').fill('');
    await page.getByTestId('ticket-type').selectOption('market');
    await page.getByTestId('ticket-ref').fill(p.toFixed(2));
    // far enough that the walk (0.4 % a bar) does not reach either exit during the test
    await page.getByTestId('ticket-tp').fill((p * 1.3).toFixed(2));
    await page.getByTestId('ticket-sl').fill((p * 0.7).toFixed(2));
    await expect.poll(() => page.getByTestId('ticket-check').textContent()).toBe('passes');
    await page.getByTestId('ticket-send').click();
    await expect.poll(() => page.getByTestId('ticket-result').textContent(), { timeout: 30_000 }).toMatch(/exits: limit .*, stop-market .*/);
    const links = page.locator('[data-testid="open-orders"] [data-testid^="link-"]', { hasText: 'exit of' });
    await expect.poll(() => links.count(), { timeout: 30_000 }).toBe(2);
    await expect(links.first().textContent()).resolves.toMatch(/exit of q\w+ · OCO bracket/);
    // one exit locks the coins at the venue; two would need twice the inventory on spot
    await expect.poll(() => links.filter({ hasText: 'trigger watched here' }).count(), { timeout: 30_000 }).toBe(1);
    const exits = () => sim.state().orders.filter((o) => o.status === 'NEW' && o.side === 'SELL' && (o.type === 'LIMIT' || o.type === 'STOP_LOSS'));
    await expect.poll(() => exits().map((o) => o.type), { timeout: 30_000 }).toEqual(['LIMIT']);
    await browser.screenshot('trading-bracket-en');
  });

  it('the kill switch halts the deployment and cancels the open orders', async () => {
    const { page } = browser;
    await page.getByTestId('kill-engage').click();
    await page.getByTestId('kill-state').waitFor();
    await expect.poll(() => page.locator('[data-testid="open-orders"] [data-testid^="cancel-"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid^="deployment-status-"]').first().textContent()).toBe('halted');
    expect(sim.state().orders.filter((o) => o.status === 'NEW')).toHaveLength(0);
    await browser.screenshot('trading-killed-en');
    await page.getByTestId('kill-release').click();
    await page.getByTestId('kill-engage').waitFor();
  });

  it('after a restart (with the venue changed meanwhile) the reconciliation dialog asks before anything resumes', async () => {
    await serve.stop();
    // someone deposited at the venue while the app was down
    const usdt = Number((sim.state().balances as unknown as Record<string, { free: string }>).USDT.free);
    sim.setBalance('USDT', usdt + 1000);
    serve = await serveOn(dataDir);
    const { page } = browser;
    await page.goto(serve.openUrl);
    // a new port is a new origin: the app opens on its first screen
    await page.getByTestId('nav-trading').click();
    await page.getByTestId('screen-trading').waitFor();
    await page.getByTestId('recon-dialog').waitFor({ timeout: 30_000 }).catch(async (e) => {
      await browser.screenshot('trading-reconciliation-failed');
      throw e;
    });
    await expect(page.getByTestId('account-status').textContent()).resolves.toBe('needs a decision');
    await expect(page.getByTestId('recon-items').textContent()).resolves.toMatch(/USDT: journal .*, venue /);
    await browser.screenshot('trading-reconciliation-en');
    await page.getByTestId('recon-apply').click();
    await expect.poll(() => page.getByTestId('account-status').textContent(), { timeout: 30_000 }).toBe('ready');
    await browser.screenshot('trading-reconciled-en');
  });

  it('the key is nowhere in the renderer traffic, and the page logged no error', () => {
    expect(traffic.length).toBeGreaterThan(10);
    for (const f of traffic) {
      expect(f.includes(KEY)).toBe(false);
      expect(f.includes(SECRET)).toBe(false);
    }
    expect(browser.errors).toEqual([]);
  });
});
