import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { ensureRendererBuilt } from './renderer-build';
import { startServe, type ServeProcess } from './serve';

/**
 * One `quantdesk serve` on a fresh data folder and one Chromium page for a test file, opened at the
 * printed address; every test ends with no console error and no page error.
 */
export function useAppSession(): { serve: () => ServeProcess; browser: () => BrowserSession } {
  let serve: ServeProcess | undefined;
  let browser: BrowserSession | undefined;
  beforeAll(async () => {
    ensureRendererBuilt();
    serve = await startServe();
    browser = await openBrowser();
    await browser.page.goto(serve.openUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });
  afterEach(() => {
    expect(browser?.errors ?? [], 'console errors and page errors').toEqual([]);
  });
  return { serve: () => serve!, browser: () => browser! };
}
