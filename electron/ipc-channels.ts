/** The one channel pair the contract travels over, plus the one shell service the UI needs (a file dialog). */
export const IPC = {
  /** renderer → main: a client envelope (`ipcRenderer.send`). */
  toEngine: 'quantdesk:to-engine',
  /** main → renderer: a reply or push envelope (`webContents.send`). */
  fromEngine: 'quantdesk:from-engine',
  /** renderer → main (invoke): show the open-file dialog for a CSV; answers a path or null. */
  pickCsvFile: 'quantdesk:pick-csv-file',
} as const;

/** What the preload exposes as `window.quantdesk`; the renderer declares the same shape (it may not import electron/). */
export interface DesktopBridge {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): () => void;
  pickCsvFile(): Promise<string | null>;
}
