import ccxt from 'ccxt';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { openBrowser, type BrowserSession } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';

// The kill switch from the app shell (not the Trading screen): engaged from the Chart screen, its
// halted state shown on every screen, released. Then an order placed by hand at the venue while
// the app was not looking: the reconciliation dialog shows it, and adopting it makes it the
// account's open order.

const KEY = 'PLANTEDshellKey0x2c7e';
const SECRET = 'PLANTEDshellSecret0x9d41';
const env = { ...process.env, QUANTDESK_DATA_DIR: '', QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET };

async function serveOn(dataDir: string): Promise<{ openUrl: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['bin/quantdesk.cjs', 'serve', '--port', '0', '--data-dir', dataDir], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /Open (http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
  return {
    openUrl,
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

describe('the kill switch in the app shell, and a venue-only order at reconciliation', () => {
  let sim: ExchangeSim;
  let dataDir: string;
  let serve: { openUrl: string; stop(): Promise<void> };
  let browser: BrowserSession;
  const traffic: string[] = [];
  let byHand: { id: string; price: number };

  beforeAll(async () => {
    ensureRendererBuilt();
    sim = await startExchangeSim({ port: 0, seed: 23, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: KEY, secret: SECRET, historyBars: 300 });
    dataDir = mkdtempSync(join(tmpdir(), 'quantdesk-e2e-shell-kill-'));
    // the account exists before the app starts (the CLI, key from the environment)
    const add = spawnSync(process.execPath, ['bin/quantdesk.cjs', 'accounts', 'add', '--name', 'sim', '--exchange', 'binance', '--base-url', sim.restUrl, '--data-dir', dataDir], { cwd: process.cwd(), env, encoding: 'utf8' });
    expect(add.status, add.stderr).toBe(0);
    // someone places an order by hand on the exchange before the app first looks at the account
    const ex = connectCcxt(ccxt.binance, sim, { enableRateLimit: false });
    const price = Math.round(sim.price('BTC/USDT') * 0.9 * 100) / 100;
    const o = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, price, { clientOrderId: 'byhandE2E' });
    byHand = { id: String(o.id), price };
    serve = await serveOn(dataDir);
    browser = await openBrowser();
    browser.page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => traffic.push(String(f.payload)));
      ws.on('framesent', (f) => traffic.push(String(f.payload)));
    });
    await browser.page.goto(serve.openUrl);
    // the renderer build may run first, and takes minutes on a busy machine
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await sim?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('on the Chart screen: the kill switch asks once, then shows trading halted on every screen', async () => {
    const { page } = browser;
    await page.getByTestId('nav-chart').click();
    await page.getByTestId('screen-chart').waitFor();
    await expect(page.getByTestId('halt-banner').count()).resolves.toBe(0);
    await page.getByTestId('shell-kill-engage').click();
    await page.getByTestId('kill-confirm').waitFor();
    // cancelling every open order is part of it; flattening is a choice
    await expect(page.getByTestId('kill-confirm-cancel').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('kill-confirm-flatten').isChecked()).resolves.toBe(false);
    await browser.screenshot('shell-kill-confirm-en');
    await page.getByTestId('kill-confirm-go').click();
    await page.getByTestId('shell-kill-state-all').waitFor();
    await page.getByTestId('halt-banner').waitFor();
    await expect(page.getByTestId('halt-banner').textContent()).resolves.toMatch(/Trading is halted on all accounts/);
    await expect(page.getByTestId('screen-chart').count()).resolves.toBe(1);
    await browser.screenshot('shell-kill-halted-chart-en');
    // another screen: still in sight
    await page.getByTestId('nav-data').click();
    await page.getByTestId('halt-banner').waitFor();
    await page.getByTestId('shell-kill-state-all').waitFor();
    // a strategy cannot start while it is engaged (the engine says so, not only the screen)
    await page.getByTestId('shell-kill-release-all').click();
    await page.getByTestId('shell-kill-engage').waitFor();
    await expect.poll(() => page.getByTestId('halt-banner').count()).toBe(0);
  });

  it('the by-hand order shows in the reconciliation dialog; adopting it makes it the account\'s open order', async () => {
    const { page } = browser;
    await page.getByTestId('nav-trading').click();
    await page.getByTestId('screen-trading').waitFor();
    await page.getByTestId('recon-dialog').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('account-status').textContent()).resolves.toBe('needs a decision');
    const row = page.locator('[data-testid^="recon-item-"][data-kind="order-unknown-locally"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(byHand.id);
    await expect(row.textContent()).resolves.toContain('byhandE2E');
    // the shell shows the account stopped by reconciliation, on every screen
    await expect(page.getByTestId('halt-banner').textContent()).resolves.toMatch(/stopped by reconciliation/);
    const index = (await row.getAttribute('data-testid'))!.replace('recon-item-', '');
    await expect(page.getByTestId(`recon-choice-${index}-adopt-venue`).isChecked()).resolves.toBe(true);
    await page.getByTestId(`recon-choice-${index}-cancel`).waitFor();
    await browser.screenshot('recon-venue-only-order-en');
    await page.getByTestId('recon-apply').click();
    await expect.poll(() => page.getByTestId('account-status').textContent(), { timeout: 30_000 }).toBe('ready');
    await page.getByTestId('cancel-byhandE2E').waitFor();
    await expect(page.locator('[data-testid="open-orders"] tbody').textContent()).resolves.toContain('manual');
    await expect.poll(() => page.getByTestId('halt-banner').count()).toBe(0);
    await browser.screenshot('recon-adopted-en');
    expect(sim.state().orders.find((o) => o.clientOrderId === 'byhandE2E')!.status).toBe('NEW');
  });

  it('in Chinese too: the confirmation and the halted state', async () => {
    const { page } = browser;
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByTestId('shell-kill-engage').click();
    await page.getByTestId('kill-confirm').waitFor();
    await expect(page.getByTestId('kill-confirm-go').textContent()).resolves.toBe('停止并撤销全部挂单');
    await page.getByTestId('kill-confirm-go').click();
    await page.getByTestId('shell-kill-state-all').waitFor();
    await expect(page.getByTestId('halt-banner').textContent()).resolves.toMatch(/全部账户的交易已停止/);
    // the adopted order was the account's only open order: the kill switch canceled it at the venue
    await expect.poll(() => sim.state().orders.find((o) => o.clientOrderId === 'byhandE2E')!.status).toBe('CANCELED');
    await browser.screenshot('shell-kill-halted-trading-zh-CN');
    await page.getByTestId('shell-kill-release-all').click();
    await page.getByTestId('shell-kill-engage').waitFor();
    await page.getByTestId('language-select').selectOption('en');
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
