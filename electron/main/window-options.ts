import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  preloadPath: string;
  /** The window background before the page paints (the dark theme's), so nothing flashes white. */
  backgroundColor?: string;
}

/**
 * The main window's options. Every security-relevant preference is spelled out, not left to
 * defaults, so a test can pin them: the page runs sandboxed, isolated from the preload, with no Node.
 */
export function createWindowOptions({ preloadPath, backgroundColor = '#0e1116' }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Quantdesk',
    backgroundColor,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}
