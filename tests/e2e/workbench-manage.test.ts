import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from './support/browser';
import { gateJobEnds, type JobGate } from './support/job-gate';
import { useAppSession } from './support/session';

// The workbench around the editor: what a first start shows, keeping strategies in order
// (rename, duplicate, delete, export, import), cancelling a run, a run whose orders were all
// refused, and opening and rerunning past runs.

describe('strategy workbench: managing strategies and runs (quantdesk serve)', () => {
  const session = useAppSession();
  let browser: BrowserSession;
  let jobs: JobGate;
  beforeAll(async () => {
    session.serve();
    browser = session.browser();
    jobs = await gateJobEnds(browser.page);
    await browser.page.reload();
  });

  const names = () => browser.page.locator('[data-testid="my-strategies"] .wb-list__name').allTextContents();

  async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([browser.page.waitForEvent('download', { timeout: 30_000 }), click()]);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
  }

  it('says what to do on a first start: no result, no runs, no strategies', async () => {
    const { page } = browser;
    await page.getByTestId('nav-strategies').click();
    await page.getByTestId('screen-strategies').waitFor();
    await page.keyboard.press('Control+4');
    await expect(page.getByTestId('screen-results').textContent()).resolves.toContain('No result to show');
    await page.keyboard.press('Control+5');
    await expect.poll(() => page.getByTestId('screen-runs').textContent()).toContain('No runs yet');
    await expect(page.getByTestId('compare-runs').count()).resolves.toBe(0);
    await browser.screenshot('runs-empty');
    await page.getByRole('button', { name: 'Go to Strategies' }).click();
    await page.getByTestId('screen-strategies').waitFor();
    await expect(page.getByText('Pick a strategy').isVisible()).resolves.toBe(true);
    await expect(page.getByText('None yet.').isVisible()).resolves.toBe(true);
  });

  it('saves a template as a strategy, renames, duplicates and deletes it (after asking)', async () => {
    const { page } = browser;
    await page.getByTestId('template-sma-cross').click();
    await expect.poll(() => page.getByTestId('compile-status').textContent(), { timeout: 30_000 }).toBe('Compiles');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 20_000 }).toContain('version 1');
    await expect.poll(names).toEqual(['SMA crossover']);

    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByTestId('rename-input').fill('My cross');
    await page.getByTestId('rename-input').press('Enter');
    await expect.poll(() => page.getByTestId('strategy-name').textContent()).toContain('My cross');
    await expect.poll(names).toEqual(['My cross']);

    await page.getByRole('button', { name: 'Duplicate' }).click();
    await expect.poll(() => page.getByTestId('strategy-name').textContent()).toContain('My cross (2)');
    await expect.poll(async () => (await names()).sort()).toEqual(['My cross', 'My cross (2)']);

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('Delete “My cross (2)”?');
    await expect(dialog.textContent()).resolves.toContain('Its version stays');
    await browser.screenshot('workbench-delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await expect.poll(async () => (await names()).length).toBe(2);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(names).toEqual(['My cross']);
    await expect(page.getByText('Pick a strategy').isVisible()).resolves.toBe(true);
  });

  it('exports a strategy as a file and imports it back', async () => {
    const { page } = browser;
    await page.locator('[data-testid="my-strategies"] button', { hasText: 'My cross' }).click();
    await expect.poll(() => page.getByTestId('strategy-name').textContent()).toContain('My cross');
    const file = await downloaded(() => page.getByTestId('export').click());
    expect(file.name).toBe('my-cross.ts');
    expect(file.text.split('\n')[0]).toBe('// Quantdesk strategy: My cross (v1)');
    expect(file.text).toContain("import { defineStrategy } from 'quantdesk';");

    await page.getByTestId('import-file').setInputFiles({ name: 'my-cross.ts', mimeType: 'text/plain', buffer: Buffer.from(file.text.replace('My cross (v1)', 'Imported cross (v1)')) });
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 20_000 }).toContain('Imported “Imported cross”');
    await expect.poll(async () => (await names()).sort()).toEqual(['Imported cross', 'My cross']);
    await expect.poll(() => page.getByTestId('compile-status').textContent(), { timeout: 30_000 }).toBe('Compiles');
  });

  it('cancels a running backtest and stays on the strategy', async () => {
    const { page } = browser;
    await page.getByTestId('run-instrument').selectOption('BTC/USDT@sample');
    jobs.hold();
    // Ctrl+Enter runs from anywhere on the screen.
    await page.getByTestId('strategy-name').click();
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="run-panel"] [role="progressbar"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('run-cancel').click();
    jobs.release();
    await page.getByTestId('run-backtest').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('screen-strategies').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid="run-panel"] [role="alert"]').count()).resolves.toBe(0);
  });

  it('explains a run whose orders were all refused for want of cash', async () => {
    const { page } = browser;
    // The template's 100 units of BTC cost far more than the 10,000 of starting cash.
    await page.getByTestId('run-backtest').click();
    await page.getByTestId('rejected-notice').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('rejected-notice').textContent()).resolves.toMatch(/orders were rejected \(most often: insufficient margin\).*raise the starting cash/);
    await browser.screenshot('result-rejected');
    await page.getByRole('button', { name: 'Show orders' }).click();
    await expect(page.locator('[data-testid="orders-table"] tbody tr').first().textContent()).resolves.toMatch(/Buy.*Rejected.*insufficient margin/);
  });

  it('opens and reruns a past run from the Runs screen', async () => {
    const { page } = browser;
    const shown = (await page.getByTestId('result-summary').textContent())!.split(' · ').pop()!;
    await page.keyboard.press('Control+5');
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const before = await rows.count();
    await rows.first().getByRole('button', { name: 'Open' }).click();
    await expect.poll(async () => (await page.getByTestId('result-summary').textContent())?.split(' · ').pop(), { timeout: 30_000 }).toBe(shown);

    await page.keyboard.press('Control+5');
    await rows.first().getByRole('button', { name: 'Rerun' }).click();
    await expect.poll(async () => (await page.getByTestId('result-summary').textContent())?.split(' · ').pop(), { timeout: 120_000 }).not.toBe(shown);
    await expect(page.getByTestId('result-summary').textContent()).resolves.toContain('Imported cross v1');
    await expect(page.getByTestId('rerun-note').textContent()).resolves.toBe(`Rerun of ${shown}: the same result, number for number.`);
    await page.keyboard.press('Control+5');
    await expect.poll(() => rows.count()).toBe(before + 1);
  });
});
