import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from './support/browser';
import { gateJobEnds, type JobGate } from './support/job-gate';
import { useAppSession } from './support/session';
import { TEMPLATE_SOURCES } from '../../engine/strategy-library/templates.generated';

// The strategy workbench as a new user meets it: open a template, change it with IntelliSense,
// save versions and diff them, run a backtest on the bundled sample, read the result, run again
// with another parameter, compare both runs, and see it all in Chinese.

/** The text the template opens with, and the line of its onBar hook. */
const TEMPLATE = TEMPLATE_SOURCES['sma-cross'];
const ON_BAR_LINE = TEMPLATE.split('\n').findIndex((l) => l.includes('onBar(ctx, state) {')) + 1;

/** The template with `code` as the first line of onBar (line ON_BAR_LINE + 1). */
function withFirstLineOfOnBar(code: string): string {
  const lines = TEMPLATE.split('\n');
  lines.splice(ON_BAR_LINE, 0, `    ${code}`);
  return lines.join('\n');
}

describe('strategy workbench (quantdesk serve)', () => {
  const session = useAppSession();
  let browser: BrowserSession;
  let jobs: JobGate;
  beforeAll(async () => {
    session.serve();
    browser = session.browser();
    jobs = await gateJobEnds(browser.page);
    await browser.page.reload();
  });

  /**
   * Gives the editor the keyboard focus. Not by clicking `.view-lines`: that layer moves up as the
   * editor scrolls, so a click at a fixed offset in it can land above the editor (or on another line).
   */
  async function focusEditor() {
    const { page } = browser;
    await page.locator('[data-testid="code-editor"] .monaco-editor').locator('.native-edit-context, textarea.inputarea').first().focus();
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="code-editor"] .monaco-editor'))).toBe(true);
  }

  /** Puts the cursor at the end of `line` in the editor and opens a new line below it (for typing, as a user does). */
  async function newLineAfter(line: number) {
    const { page } = browser;
    await focusEditor();
    await page.keyboard.press('Control+g');
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
  }

  /**
   * Replaces the whole text of the editor with `source`, as pasting it over a select-all does.
   * Typing it would not give the same text: Monaco auto-indents and closes brackets per keystroke.
   * The paste event goes to the element Monaco reads input from (its EditContext node or textarea).
   * Monaco applies a paste asynchronously (its paste providers run first): wait for the effect
   * (the unsaved dot, a compile status) before pressing a key that reads the text.
   */
  async function setSource(source: string) {
    const { page } = browser;
    await focusEditor();
    await page.keyboard.press('Control+a');
    await page.evaluate((text) => {
      const target = document.activeElement;
      if (!target?.closest('.monaco-editor')) throw new Error('the editor does not have the focus');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, source);
  }

  it('shows an empty state, then opens a template in Monaco with IntelliSense for the strategy API', async () => {
    const { page } = browser;
    await page.getByTestId('nav-strategies').click();
    await page.getByTestId('screen-strategies').waitFor();
    await expect(page.getByText('Pick a strategy').isVisible()).resolves.toBe(true);
    await page.getByTestId('template-sma-cross').click();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await expect(page.getByTestId('strategy-name').textContent()).resolves.toContain('SMA crossover');
    await expect.poll(() => page.getByTestId('compile-status').textContent(), { timeout: 20_000 }).toBe('Compiles');
    // The params form comes from the declaration.
    await expect(page.getByTestId('param-fast').inputValue()).resolves.toBe('10');

    await newLineAfter(ON_BAR_LINE);
    await page.keyboard.type('ctx.closeP');
    const suggest = page.locator('.suggest-widget .monaco-list-row');
    await expect.poll(() => suggest.allTextContents(), { timeout: 60_000 }).toContainEqual(expect.stringContaining('closePosition'));
    await browser.screenshot('workbench-intellisense');
    await page.keyboard.press('Escape');
    // Hover docs come from the API's comments.
    await page.keyboard.type('osition(');
    await expect.poll(() => page.locator('.parameter-hints-widget').textContent(), { timeout: 30_000 }).toContain('symbol');
    await page.keyboard.press('Escape');
    // Reopening the template asks before the edits are thrown away.
    await page.getByTestId('template-sma-cross').click();
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.getByTestId('compile-status').textContent(), { timeout: 20_000 }).toBe('Compiles');
  });

  it('marks an engine compile error in the editor and clears it when fixed', async () => {
    const { page } = browser;
    await setSource(withFirstLineOfOnBar('let = ;'));
    await expect.poll(() => page.getByTestId('compile-status').textContent(), { timeout: 20_000 }).toMatch(/problem/);
    await expect(page.getByTestId('problems').textContent()).resolves.toContain(`${ON_BAR_LINE + 1}:`);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('run-backtest').isDisabled()).resolves.toBe(true);
    await browser.screenshot('workbench-error-marker');
    await setSource(TEMPLATE);
    await expect.poll(() => page.getByTestId('compile-status').textContent(), { timeout: 20_000 }).toBe('Compiles');
    await expect(page.getByTestId('problems').count()).resolves.toBe(0);
  });

  it('saves twice and diffs the two versions', async () => {
    const { page } = browser;
    await setSource(withFirstLineOfOnBar('// first edit'));
    await page.locator('.wb-dirty').waitFor();
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 20_000 }).toContain('version 1');
    await expect(page.getByTestId('my-strategies').textContent()).resolves.toContain('SMA crossover');
    await expect(page.getByTestId('strategy-name').textContent()).resolves.toContain('v1');
    await setSource(withFirstLineOfOnBar('// first edit and a second'));
    await page.locator('.wb-dirty').waitFor();
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 20_000 }).toContain('version 2');
    await page.getByTestId('tab-history').click();
    await page.getByTestId('diff-editor').locator('.monaco-diff-editor').waitFor();
    // Monaco renders spaces as no-break spaces, which \s matches.
    await expect.poll(() => page.getByTestId('diff-editor').textContent(), { timeout: 20_000 }).toMatch(/first\sedit\sand\sa\ssecond/);
    await browser.screenshot('workbench-diff');
    await page.getByRole('tab', { name: 'Code' }).click();
  });

  it('runs a backtest with a progress bar and shows metrics, equity and trade markers', async () => {
    const { page } = browser;
    await page.getByTestId('run-instrument').selectOption('BTC/USDT@sample');
    await page.getByTestId('param-fast').fill('12');
    // The template buys 100 units: 100 BTC needs far more than the 10,000 of starting cash.
    await page.getByTestId('param-size').fill('0.2');
    jobs.hold();
    await page.getByTestId('run-backtest').click();
    const bar = page.locator('[data-testid="run-panel"] [role="progressbar"]');
    await bar.waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('run-cancel').isVisible()).resolves.toBe(true);
    await expect.poll(() => jobs.held(), { timeout: 120_000 }).toBe(1);
    await expect(bar.getAttribute('aria-label')).resolves.toMatch(/…/);
    await browser.screenshot('workbench-run-progress');
    jobs.release();
    await page.getByTestId('screen-results').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('metrics').textContent()).resolves.toContain('Sharpe');
    await expect(page.getByTestId('result-summary').textContent()).resolves.toContain('SMA crossover v2');
    await expect(page.getByTestId('rejected-notice').count()).resolves.toBe(0);
    expect(await page.locator('[data-testid="equity-chart"] canvas').count()).toBeGreaterThan(0);
    const price = page.getByTestId('price-chart');
    await page.locator('[data-testid="price-chart"]:not([data-markers="0"])').waitFor({ timeout: 60_000 });
    expect(Number(await price.getAttribute('data-markers'))).toBeGreaterThan(2);
    await expect.poll(() => page.getByTestId('trade-row').count()).toBeGreaterThan(0);
    // Definitions are one hover away.
    await expect(page.getByTestId('metric-sharpe').getAttribute('title')).resolves.toMatch(/standard deviation/);
    await browser.screenshot('result-en');
    await page.getByTestId('result-tab-monthly').click();
    await page.getByTestId('monthly-heatmap').waitFor();
    await expect.poll(() => page.locator('[data-testid="monthly-heatmap"] tbody tr').count()).toBe(2);
    await page.getByTestId('monthly-heatmap').scrollIntoViewIfNeeded();
    await browser.screenshot('result-monthly');
  });

  it('sorts and filters the trades, jumps the chart to a trade, lists orders and logs, and exports the run', async () => {
    const { page } = browser;
    await page.getByTestId('result-tab-trades').click();
    const rows = page.getByTestId('trade-row');
    const pnlOf = async (i: number) => Number((await rows.nth(i).locator('[role="cell"]').nth(7).textContent())!.replace(/,/g, ''));
    // Sorted by P&L, biggest first.
    await page.getByRole('columnheader', { name: 'P&L' }).click();
    await page.getByRole('columnheader', { name: 'P&L' }).click();
    await expect(page.getByRole('columnheader', { name: /P&L/ }).getAttribute('aria-sort')).resolves.toBe('descending');
    expect(await pnlOf(0)).toBeGreaterThanOrEqual(await pnlOf(1));
    // Winners only.
    const all = Number(/\((\d+)\)/.exec((await page.getByTestId('result-tab-trades').textContent())!)![1]);
    await page.getByRole('searchbox').fill('>0');
    await expect.poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.classList.contains('wb-up')))).every(Boolean)).toBe(true);
    expect(await pnlOf(0)).toBeGreaterThan(0);
    // A click brings the trade into view on the price chart.
    const entry = Date.parse(`${(await rows.first().locator('[role="cell"]').nth(2).textContent())!.replace(' ', 'T')}:00Z`) / 1000;
    await rows.first().click();
    const price = page.getByTestId('price-chart');
    await expect.poll(async () => Number(await price.getAttribute('data-from')) <= entry && entry <= Number(await price.getAttribute('data-to')), { timeout: 20_000 }).toBe(true);
    await page.getByRole('searchbox').fill('');
    expect(all).toBeGreaterThan(0);

    await page.getByTestId('result-tab-orders').click();
    await expect.poll(() => page.locator('[data-testid="orders-table"] tbody tr').count()).toBeGreaterThan(all);
    await expect(page.locator('[data-testid="orders-table"] tbody tr').first().textContent()).resolves.toMatch(/Buy.*Market.*Filled/);
    await page.getByTestId('result-tab-logs').click();
    await expect(page.getByText('The strategy logged nothing.').isVisible()).resolves.toBe(true);
    await page.getByTestId('result-tab-trades').click();

    const runId = (await page.getByTestId('result-summary').textContent())!.split(' · ').pop()!;
    const html = await downloaded(() => page.getByTestId('export-html').click());
    expect(html.name).toBe(`${runId}.html`);
    expect(html.text).toContain('<svg');
    expect(html.text).not.toContain('<script');
    const csv = await downloaded(() => page.getByRole('button', { name: 'Trades CSV' }).click());
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^id,symbol,direction,size,entryTs/);
    expect(lines.length).toBe(all + 1);
    const json = await downloaded(() => page.getByRole('button', { name: 'JSON' }).click());
    expect((JSON.parse(json.text) as { run: { id: string } }).run.id).toBe(runId);
  });

  /** The file a click downloads: its suggested name and its text. */
  async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([browser.page.waitForEvent('download', { timeout: 30_000 }), click()]);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
  }

  it('runs again with another parameter and compares the two runs', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+3');
    await page.getByTestId('param-fast').fill('20');
    await page.getByTestId('run-backtest').click();
    await page.getByTestId('screen-results').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('metrics').count(), { timeout: 120_000 }).toBe(1);
    await page.keyboard.press('Control+5');
    await page.getByTestId('screen-runs').waitFor();
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.count()).toBe(2);
    await expect(page.getByTestId('runs-table').textContent()).resolves.toMatch(/fast=20[\s\S]*fast=12/);
    for (const box of await page.locator('[data-testid="run-row"] input[type="checkbox"]').all()) await box.check();
    await page.getByTestId('compare-runs').click();
    await page.getByTestId('comparison').waitFor();
    const diff = page.locator('[data-testid="params-diff"] .wb-diff');
    await expect(diff.count()).resolves.toBe(1);
    await expect(diff.textContent()).resolves.toMatch(/fast\s*20\s*12/);
    // The columns say which run is which.
    await expect(page.locator('[data-testid="comparison"] th.wb-run-name').allTextContents()).resolves.toEqual(['1. SMA crossover v2 · fast=20', '2. SMA crossover v2 · fast=12', '1. SMA crossover v2 · fast=20', '2. SMA crossover v2 · fast=12']);
    expect(await page.locator('[data-testid="compare-chart"] canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('comparison').scrollIntoViewIfNeeded();
    await browser.screenshot('runs-compare');
  });

  it('speaks Chinese on every workbench screen', async () => {
    const { page } = browser;
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByTestId('nav-runs').textContent()).resolves.toContain('回测记录');
    await expect(page.getByTestId('compare-runs').textContent()).resolves.toContain('比较');
    await page.getByTestId('compare-runs').scrollIntoViewIfNeeded();
    await browser.screenshot('runs-zh');
    await page.keyboard.press('Control+4');
    await expect(page.getByTestId('metrics').textContent()).resolves.toContain('夏普比率');
    await page.getByTestId('theme-toggle').click();
    await browser.screenshot('result-zh-light');
    await page.keyboard.press('Control+3');
    await expect(page.getByTestId('run-backtest').textContent()).resolves.toBe('运行回测');
    // The templates' own words too.
    await expect(page.getByTestId('template-sma-cross').textContent()).resolves.toContain('均线交叉');
    await expect(page.locator('[data-testid="params-form"]').textContent()).resolves.toContain('快线周期');
    await browser.screenshot('workbench-zh-light');
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('language-select').selectOption('en');
  });
});
