// Runs sandboxed, before the page, in an isolated world: it exposes the contract transport and
// the CSV file dialog as `window.quantdesk`, and nothing else (never ipcRenderer itself).
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopBridge } from './bridge';

contextBridge.exposeInMainWorld('quantdesk', createDesktopBridge(ipcRenderer));
