import { describe, expect, it } from 'vitest';
import { useAppSession } from './support/session';

// The sample chart with SMA(20) over the candles and RSI(14) in its own pane, both computed by
// the engine (indicators.compute); they stay after a reload (localStorage, per chart).

describe('indicators on the chart', () => {
  const session = useAppSession();

  it('adds SMA(20) as an overlay and RSI(14) in a pane, keeps them after a reload, removes one', async () => {
    const { page } = session.browser();
    const chart = page.getByTestId('chart');
    await chart.and(page.locator('[data-bars]:not([data-bars="0"])')).waitFor();
    const canvasesBefore = await page.locator('[data-testid="chart"] canvas').count();

    await page.getByTestId('indicators-button').click();
    await page.getByTestId('indicator-search').fill('sma');
    await page.getByTestId('indicator-option-SMA').click();
    await expect(page.getByTestId('indicator-param-period').inputValue()).resolves.toBe('30');
    await page.getByTestId('indicator-param-period').fill('0');
    await expect(page.getByTestId('indicator-submit').isDisabled()).resolves.toBe(true);
    await page.getByTestId('indicator-param-period').fill('20');
    await expect(page.getByTestId('indicator-placement-overlay').isChecked()).resolves.toBe(true);
    await page.getByTestId('indicator-submit').click();
    await page.locator('[data-testid="chart-indicators"][data-drawn="1"]').waitFor();

    await page.getByTestId('indicators-button').click();
    await page.getByTestId('indicator-search').fill('rsi');
    await page.getByTestId('indicator-option-RSI').click();
    await expect(page.getByTestId('indicator-placement-pane').isChecked()).resolves.toBe(true);
    await page.getByTestId('indicator-param-period').fill('14');
    await page.getByTestId('indicator-submit').click();
    await page.locator('[data-testid="chart-indicators"][data-drawn="2"]').waitFor();

    await expect(page.getByTestId('indicator-chip-SMA').textContent()).resolves.toContain('SMA(20)');
    await expect(page.getByTestId('indicator-chip-RSI').textContent()).resolves.toContain('RSI(14)');
    // A new pane brings its own canvases.
    expect(await page.locator('[data-testid="chart"] canvas').count()).toBeGreaterThan(canvasesBefore);
    await page.mouse.move(0, 0);
    await session.browser().screenshot('chart-indicators-en');

    await page.reload();
    await page.locator('[data-testid="chart-indicators"][data-drawn="2"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('indicator-chip-SMA').getByTestId('indicator-remove').click();
    await page.locator('[data-testid="chart-indicators"][data-drawn="1"]').waitFor();
    expect(await page.getByTestId('indicator-chip-SMA').count()).toBe(0);
    await expect(page.getByTestId('indicator-chip-RSI').textContent()).resolves.toContain('RSI(14)');
  });

  it('draws Ichimoku with its leading spans shifted ahead, ZigZag with a dashed provisional leg and MACD with a histogram (zh-CN, light)', async () => {
    const { page } = session.browser();
    await page.evaluate(() => {
      const list = [
        { id: 'a', name: 'ICHIMOKU', params: { tenkan: 9, kijun: 26, spanB: 52 }, placement: 'overlay' },
        { id: 'b', name: 'ZIGZAG', params: { deviation: 1.5 }, placement: 'overlay' },
        { id: 'c', name: 'MACD', params: { fast: 12, slow: 26, signal: 9 }, placement: 'pane' },
      ];
      localStorage.setItem('quantdesk.chart.indicators.BTC/USDT@sample|1h', JSON.stringify(list));
    });
    await page.reload();
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByTestId('theme-toggle').click();
    // Ichimoku's cloud and 5 lines + ZigZag's swings and provisional leg + MACD's line, signal and histogram
    await page.locator('[data-testid="chart-indicators"][data-drawn="11"][data-busy="false"]').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('indicator-chip-ICHIMOKU').textContent()).resolves.toContain('主图叠加');
    await expect(page.getByTestId('indicators-button').textContent()).resolves.toContain('指标');
    await page.mouse.move(0, 0);
    await session.browser().screenshot('chart-indicators-studies-zh');
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('language-select').selectOption('en');
  });
});
