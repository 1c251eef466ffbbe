import type { BrowserWindow, Dialog } from 'electron';

/** The open-file dialog for a CSV import; answers the chosen path (the engine reads it) or null. */
export async function pickCsvFile(dialog: Dialog, window: BrowserWindow | null): Promise<string | null> {
  const options = {
    title: 'Import bars from CSV',
    properties: ['openFile' as const],
    filters: [
      { name: 'CSV', extensions: ['csv', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}
