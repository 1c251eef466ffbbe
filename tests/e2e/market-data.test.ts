import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { useAppSession } from './support/session';

const DAY = 86_400_000;
const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

// The Data screen downloads from an exchange (the simulator on loopback, reached through the
// app's base-URL override), reports the data's quality, and the chart's watchlist follows the feed.
describe('market data in the browser (quantdesk serve + exchange simulator)', () => {
  const session = useAppSession();
  let sim: ExchangeSim;
  beforeAll(async () => {
    sim = await startExchangeSim({ port: 0, seed: 4, symbols: ['BTC/USDT', 'ETH/USDT'], historyBars: 12 * 1440, speed: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function fillDownload(from: number, to: number) {
    const { page } = session.browser();
    await page.getByTestId('download-exchange').fill('binance');
    await page.getByTestId('download-symbol').fill('BTC/USDT');
    await page.getByTestId('download-timeframe').selectOption('1m');
    await page.getByTestId('download-from').fill(day(from));
    await page.getByTestId('download-to').fill(day(to));
    await page.getByTestId('download-base-url').fill(sim.restUrl);
  }

  it('downloads bars with a progress bar, then lists the new series', async () => {
    const { page } = session.browser();
    await page.getByTestId('nav-data').click();
    const now = Date.now();
    await fillDownload(now - 11 * DAY, now - 8 * DAY);
    await page.getByTestId('download-start').click();
    const result = page.getByTestId('download-result');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toMatch(/BTC\/USDT@binance 1m: [\d,]+ bars fetched/);

    // A second range, slowed down at the venue so the progress bar is seen moving.
    sim.faults.latency(300, { path: 'klines' });
    await fillDownload(now - 6 * DAY, now + DAY);
    await page.getByTestId('download-start').click();
    await page.locator('[data-testid="download-progress"] [role="progressbar"][aria-valuenow]:not([aria-valuenow="0"])').waitFor({ timeout: 120_000 });
    await page.getByTestId('download-panel').scrollIntoViewIfNeeded();
    await session.browser().screenshot('data-download-progress');
    sim.faults.latency(0);
    await page.locator('[data-testid="download-result"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByText('binance', { exact: true }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  });

  it('reports the hole between the two downloads as a gap, and marks it as known', async () => {
    const { page } = session.browser();
    await page.getByTestId('quality-series').selectOption('BTC/USDT@binance|1m');
    await page.getByTestId('quality-check').click();
    await page.getByTestId('quality-report').waitFor({ timeout: 60_000 });
    const gaps = page.getByTestId('quality-gaps');
    expect(await gaps.locator('.quality__card-value').textContent()).toBe('1');
    expect(await gaps.textContent()).toMatch(/bars missing/);
    expect(await page.getByTestId('quality-ohlc').locator('.quality__card-value').textContent()).toBe('0');
    await page.getByTestId('quality-panel').scrollIntoViewIfNeeded();
    await session.browser().screenshot('data-quality');

    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => gaps.textContent()).not.toMatch(/bars missing/);
    await session.browser().screenshot('data-quality-zh');
    await page.getByTestId('language-select').selectOption('en');

    await page.getByTestId('quality-mark-all').click();
    await page.getByTestId('quality-check').click();
    await expect.poll(() => gaps.textContent(), { timeout: 30_000 }).toMatch(/marked|known/i);
  });

  it('the watchlist shows live quotes from the venue, and they move with the market', async () => {
    const { page } = session.browser();
    await page.getByTestId('nav-chart').click();
    await page.getByTestId('watchlist-base-url').fill(sim.restUrl);
    await page.getByTestId('watchlist-symbol').fill('BTC/USDT');
    await page.getByTestId('watchlist-add').click();
    const row = page.getByTestId('watchlist-row').first();
    await row.waitFor({ timeout: 60_000 });
    const last = row.locator('.watchlist__last').first();
    await expect.poll(() => last.textContent(), { timeout: 60_000 }).toMatch(/\d/);
    const before = await last.textContent();
    await expect
      .poll(
        async () => {
          sim.stepTicks(5);
          return last.textContent();
        },
        { timeout: 60_000, interval: 500 },
      )
      .not.toBe(before);
    await page.getByTestId('chart-instrument').selectOption('BTC/USDT@binance');
    await page.locator('[data-testid="chart"]:not([data-bars="0"])').waitFor({ timeout: 60_000 });
    await session.browser().screenshot('chart-watchlist');
  });

  it('an indicator on a live chart follows the bars the feed closes', async () => {
    const { page } = session.browser();
    await page.getByTestId('indicators-button').click();
    await page.getByTestId('indicator-search').fill('rsi');
    await page.getByTestId('indicator-option-RSI').click();
    await page.getByTestId('indicator-submit').click();
    const bar = page.locator('[data-testid="chart-indicators"][data-drawn="1"][data-busy="false"]');
    await bar.waitFor({ timeout: 60_000 });
    const first = Number(await bar.getAttribute('data-last-ts'));
    await expect
      .poll(
        async () => {
          sim.step(1);
          return Number(await page.getByTestId('chart-indicators').getAttribute('data-last-ts'));
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBeGreaterThan(first);
    await bar.waitFor({ timeout: 60_000 }); // recomputed and drawn again
    await page.mouse.move(0, 0);
    await session.browser().screenshot('chart-live-indicator');
  });
});
