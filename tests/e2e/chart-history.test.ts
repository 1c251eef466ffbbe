import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAppSession } from './support/session';

// A long series: the chart draws the newest 100,000 bars at once and fetches older ones when the
// view reaches the oldest loaded bar (here by keyboard: Home).

const BARS = 120_000;

function writeLongCsv(dir: string): string {
  const rows = ['ts,open,high,low,close,volume'];
  const start = Date.UTC(2024, 0, 1);
  let price = 50;
  for (let i = 0; i < BARS; i++) {
    const open = price;
    price = open * (1 + Math.sin(i / 37) * 0.002 + Math.cos(i / 611) * 0.001);
    rows.push(`${start + i * 60_000},${open.toFixed(3)},${(Math.max(open, price) * 1.001).toFixed(3)},${(Math.min(open, price) * 0.999).toFixed(3)},${price.toFixed(3)},${(10 + (i % 50)).toFixed(1)}`);
  }
  const file = join(dir, 'long-usd-1m.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('a long series on the chart', () => {
  const session = useAppSession();

  it('shows the newest 100k bars and loads older ones when scrolled to the start', async () => {
    const { page } = session.browser();
    await page.getByTestId('nav-data').click();
    await page.getByTestId('csv-input').setInputFiles(writeLongCsv(session.serve().dataDir));
    await page.getByTestId('preview-table').waitFor();
    await expect(page.getByTestId('import-timeframe').inputValue()).resolves.toBe('1m');
    // Record every progress bar the page shows: the import may finish between two polls.
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: string[] };
      w.progressSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('[role="progressbar"]');
        if (bar) w.progressSeen.push(bar.getAttribute('aria-label') ?? '');
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('import-start').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 120_000 });
    await expect(result.textContent()).resolves.toContain('Imported 120,000 bars of LONG/USD@csv 1m');
    const progressSeen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(progressSeen.length).toBeGreaterThan(0);
    expect(progressSeen[0]).toBe('Reading the file…');
    await result.getByRole('button').click();

    const chart = page.getByTestId('chart');
    await page.locator('[data-testid="chart"][data-bars="100000"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('chart-canvas').focus();
    await page.keyboard.press('Home');
    await page.locator('[data-testid="chart"][data-bars="120000"]').waitFor({ timeout: 60_000 });
    expect(await chart.getAttribute('data-bars')).toBe('120000');
    // The legend shows the last bar (crosshair away): the newest bar is still the newest.
    await page.mouse.move(0, 0);
    await expect(page.getByTestId('chart-legend').textContent()).resolves.toContain('2024-03-24 07:59');
    await session.browser().screenshot('chart-history-start');
  });
});
