import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { openBrowser, type BrowserSession } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { startServe, type ServeProcess } from './support/serve';

// A paper account's cash on the Trading screen: a deposit from the balances panel, its row in the
// Ledger tab, a withdrawal above the free balance refused, the Daily PnL tab; in English and Chinese.

describe('Trading: paper deposit, ledger and daily PnL tabs', () => {
  let sim: ExchangeSim;
  let serve: ServeProcess;
  let browser: BrowserSession;

  beforeAll(async () => {
    ensureRendererBuilt();
    sim = await startExchangeSim({ port: 0, seed: 8, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: 'k', secret: 's', historyBars: 60 });
    serve = await startServe();
    browser = await openBrowser();
    await browser.page.goto(serve.openUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await sim?.close();
  });

  it('adds a paper account with 1000 USDT and deposits 250 from the balances panel; the ledger shows the row', async () => {
    const { page } = browser;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('screen-settings').waitFor();
    await page.getByTestId('account-id').fill('paper1');
    await page.getByTestId('account-exchange').fill('binance');
    await page.getByTestId('account-base-url').fill(sim.restUrl);
    await page.getByTestId('account-paper').check();
    await page.getByLabel('Starting balance', { exact: false }).fill('1000');
    await page.getByTestId('account-add').click();
    await page.getByTestId('nav-trading').click();
    await page.getByTestId('screen-trading').waitFor();
    await expect.poll(() => page.getByTestId('account-status').textContent(), { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => page.locator('[data-testid="balances"] tbody tr').first().textContent()).toBe('USDT100001000');

    await page.getByTestId('transfer-amount').fill('250.5');
    await page.getByTestId('transfer-deposit').click();
    await expect(page.getByTestId('transfer-result').textContent()).resolves.toBe('Deposited 250.5 USDT; balance 1250.5');
    await expect.poll(() => page.locator('[data-testid="balances"] tbody tr').first().textContent()).toBe('USDT1250.501250.5');

    await page.getByTestId('trading-tab-ledger').click();
    const rows = page.locator('[data-testid="ledger"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells.slice(1, 4)).toEqual(['deposit', 'USDT', '+250.5']);
    expect(cells[4]).toMatch(/^transfer-ui-/);
    expect((await rows.nth(1).locator('td').allTextContents()).slice(1, 5)).toEqual(['adjustment', 'USDT', '+1000', 'opening-balance']);
    await page.getByTestId('ledger-panel').scrollIntoViewIfNeeded();
    await browser.screenshot('paper-ledger-deposit-en');
  });

  it('a withdrawal above the free balance is refused and books nothing', async () => {
    const { page } = browser;
    await page.getByTestId('transfer-amount').fill('5000');
    await page.getByTestId('transfer-withdraw').click();
    await expect.poll(() => page.getByTestId('transfer-form').textContent()).toContain('cannot withdraw 5000 USDT from paper1: 1250.5 is free');
    await expect.poll(() => page.locator('[data-testid="ledger"] tbody tr').count()).toBe(2);
    await page.getByTestId('transfer-form').scrollIntoViewIfNeeded();
    await browser.screenshot('paper-withdraw-refused-en');
  });

  it('the Daily PnL tab, then both tabs in Chinese', async () => {
    const { page } = browser;
    await page.getByTestId('trading-tab-dailyPnl').click();
    await expect.poll(() => page.locator('[data-testid="daily-pnl"] tbody').textContent()).toBe('No positions in this range yet');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('trading-tab-ledger').textContent()).toBe('资金流水');
    await page.getByTestId('trading-tab-ledger').click();
    await expect.poll(async () => (await page.locator('[data-testid="ledger"] tbody tr').first().locator('td').allTextContents())[1]).toBe('入金');
    await page.getByTestId('ledger-panel').scrollIntoViewIfNeeded();
    await browser.screenshot('paper-ledger-deposit-zh-CN');
    await page.getByTestId('language-select').selectOption('en');
    expect(browser.errors).toEqual([]);
  });
});
