import { describe, expect, it } from 'vitest';
import { createWindowOptions } from './window-options';

describe('createWindowOptions', () => {
  const opts = createWindowOptions({ preloadPath: '/app/out/preload/index.cjs' });

  it('isolates and sandboxes the page, with no Node in it', () => {
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('shows the window only once painted, on the dark background', () => {
    expect(opts.show).toBe(false);
    expect(opts.backgroundColor).toBe('#0e1116');
    expect(createWindowOptions({ preloadPath: 'p', backgroundColor: '#fff' }).backgroundColor).toBe('#fff');
  });
});
