import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from './support/browser';
import type { ServeProcess } from './support/serve';
import { useAppSession } from './support/session';

// The walking skeleton as a new user meets it: `quantdesk serve` on a fresh data folder, Debian's
// Chromium on a fresh profile. The bundled samples must be charted without any setup.

/** A small 4h CSV written for the import test (its own numbers, not the samples'). */
function writeCsv(dir: string): string {
  const rows = ['ts,open,high,low,close,volume'];
  const start = Date.UTC(2024, 0, 1);
  let price = 100;
  for (let i = 0; i < 300; i++) {
    const open = price;
    price = open * (1 + Math.sin(i / 9) * 0.01);
    rows.push([start + i * 4 * 3_600_000, open.toFixed(4), (Math.max(open, price) * 1.004).toFixed(4), (Math.min(open, price) * 0.996).toFixed(4), price.toFixed(4), (1000 + i).toFixed(2)].join(','));
  }
  const file = join(dir, 'sol-usdt-4h.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('Quantdesk in the browser (quantdesk serve)', () => {
  const session = useAppSession();
  let serve: ServeProcess;
  let browser: BrowserSession;
  beforeAll(() => {
    serve = session.serve();
    browser = session.browser();
  });

  it('opens on the chart of the bundled sample data', async () => {
    const { page } = browser;
    // The token in the address was traded for a cookie and dropped from the URL.
    expect(page.url()).toBe(`${serve.origin}/`);
    const chart = page.getByTestId('chart');
    await chart.and(page.locator('[data-bars]:not([data-bars="0"])')).waitFor();
    expect(Number(await chart.getAttribute('data-bars'))).toBe(17_520);
    await expect(page.getByTestId('chart-instrument').inputValue()).resolves.toBe('BTC/USDT@sample');
    const legend = page.getByTestId('chart-legend');
    await expect(legend.textContent()).resolves.toContain('BTC/USDT');
    await expect(legend.textContent()).resolves.toMatch(/synthetic/i);
    expect(await page.locator('[data-testid="chart"] canvas').count()).toBeGreaterThan(2);
    await expect(page.getByTestId('statusbar').textContent()).resolves.toContain('Engine connected');

    // The crosshair legend follows the mouse: it shows another bar's time than the last one.
    const before = await legend.textContent();
    const box = (await page.locator('.chart__canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
    await expect.poll(() => legend.textContent()).not.toBe(before);
    await browser.screenshot('chart-en');
  });

  it('switches instrument and timeframe with the pickers', async () => {
    const { page } = browser;
    await page.getByTestId('chart-instrument').selectOption('DEMO500@sample');
    await page.locator('[data-testid="chart"][data-bars="2609"]').waitFor();
    await expect(page.getByTestId('chart-timeframe').inputValue()).resolves.toBe('1d');
    await page.getByTestId('chart-instrument').selectOption('BTC/USDT@sample');
    await page.locator('[data-testid="chart"][data-bars="17520"]').waitFor();
  });

  it('lists the samples as synthetic on the Data screen (keyboard: Ctrl+2)', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+2');
    await page.getByTestId('screen-data').waitFor();
    const rows = page.getByTestId('instrument-row');
    await expect.poll(() => rows.count()).toBe(3);
    const text = await page.getByTestId('instrument-table').textContent();
    for (const s of ['BTC/USDT', 'ETH/USDT', 'DEMO500', '17,520', '2,609']) expect(text).toContain(s);
    expect(await page.locator('[data-testid="instrument-table"] .badge--synthetic').count()).toBe(3);
    await browser.screenshot('data-en');
  });

  it('imports a CSV with a preview and progress, then charts it', async () => {
    const { page } = browser;
    const csv = writeCsv(serve.dataDir);
    await page.getByTestId('csv-input').setInputFiles(csv);
    await page.getByTestId('preview-table').waitFor();
    expect(await page.locator('[data-testid="preview-table"] tbody tr').count()).toBe(12);
    await expect(page.getByTestId('import-symbol').inputValue()).resolves.toBe('SOL/USDT');
    await expect(page.getByTestId('import-timeframe').inputValue()).resolves.toBe('4h');
    await page.getByTestId('import-venue').fill('e2e');
    await browser.screenshot('data-import-preview');
    await page.getByTestId('import-start').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('Imported 300 bars of SOL/USDT@e2e 4h');
    // data.changed refreshed the list.
    await expect.poll(() => page.getByTestId('instrument-row').count()).toBe(4);
    await browser.screenshot('data-import-done');
    await result.getByRole('button').click();
    await page.locator('[data-testid="chart"][data-bars="300"]').waitFor();
    await expect(page.getByTestId('chart-instrument').inputValue()).resolves.toBe('SOL/USDT@e2e');
    await browser.screenshot('chart-imported');
  });

  it('says why a file cannot be imported, before and during the import', async () => {
    const { page } = browser;
    await page.getByTestId('nav-data').click();
    const notBars = join(serve.dataDir, 'broken.csv');
    writeFileSync(notBars, 'this is not,a bar file\nat,all\n');
    await page.getByTestId('csv-input').setInputFiles(notBars);
    await page.getByTestId('preview-table').waitFor();
    await expect(page.locator('.preview__meta').textContent()).resolves.toContain('Cannot use this file');
    expect(await page.getByTestId('import-start').isDisabled()).toBe(true);
    await browser.screenshot('data-import-not-bars');

    // A readable header with one bad row: the engine refuses the file and names the line.
    const badRow = join(serve.dataDir, 'bad-row-1h.csv');
    writeFileSync(badRow, 'ts,open,high,low,close,volume\n1704067200000,10,11,9,10.5,100\n1704070800000,10,9,11,10.5,100\n');
    await page.getByTestId('csv-input').setInputFiles(badRow);
    await expect.poll(() => page.getByTestId('import-symbol').inputValue()).toBe('BAD/ROW');
    await page.getByTestId('import-start').click();
    const alert = page.locator('.panel').first().getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('The data could not be read');
    expect(text).toContain('BAD_DATA');
    expect(text).toMatch(/line 3/);
    await expect.poll(() => page.getByTestId('instrument-row').count()).toBe(4);
    await browser.screenshot('data-import-bad-row');
  });

  it('deletes a series after confirmation', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Delete SOL/USDT@e2e 4h' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // The harmless answer has the focus: Escape or Enter on it cancels.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.getByTestId('instrument-row').count()).toBe(4);
    await page.getByRole('button', { name: 'Delete SOL/USDT@e2e 4h' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('instrument-row').count()).toBe(3);
  });

  it('switches to zh-CN, and keeps it after a reload', async () => {
    const { page } = browser;
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByTestId('nav-chart').textContent()).resolves.toContain('图表');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await browser.screenshot('data-zh');
    await page.reload();
    await expect(page.getByTestId('nav-chart').textContent()).resolves.toContain('图表');
    await page.getByTestId('nav-chart').click();
    await page.locator('[data-testid="chart"]:not([data-bars="0"])').waitFor();
    await expect(page.getByTestId('chart-legend').textContent()).resolves.toContain('模拟数据');
    await browser.screenshot('chart-zh');
  });

  it('has a light theme', async () => {
    const { page } = browser;
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('light');
    await page.locator('[data-testid="chart"]:not([data-bars="0"])').waitFor();
    await browser.screenshot('chart-zh-light');
    await page.getByTestId('language-select').selectOption('en');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
  });

  it('says what to do next when there is no data', async () => {
    const { page } = browser;
    await page.getByTestId('nav-data').click();
    for (const name of ['BTC/USDT@sample 1h', 'DEMO500@sample 1d', 'ETH/USDT@sample 1h']) {
      await page.getByRole('button', { name: `Delete ${name}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    }
    await expect.poll(() => page.locator('.empty-state').count()).toBe(1);
    await expect(page.locator('.empty-state').textContent()).resolves.toContain('Import a CSV file above');
    await page.getByTestId('nav-chart').click();
    await expect(page.locator('.empty-state').textContent()).resolves.toContain('Nothing to chart yet');
    await browser.screenshot('chart-empty');
    await page.getByRole('button', { name: 'Go to Data' }).click();
    await page.getByTestId('screen-data').waitFor();
  });
});
