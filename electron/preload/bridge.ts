import type { DesktopBridge } from '../ipc-channels';
import { IPC } from '../ipc-channels';

/** The parts of ipcRenderer the bridge uses; the object itself never reaches the page. */
export interface IpcRendererLike {
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  invoke(channel: string): Promise<unknown>;
}

/**
 * The Electron IPC transport, page side: `send(envelope)` / `onMessage(cb)` over one channel pair,
 * which the renderer wraps with `createClient`. Handlers get the message only, never the IPC event
 * (it carries `sender`, a way back into ipcRenderer).
 */
export function createDesktopBridge(ipc: IpcRendererLike): DesktopBridge {
  return {
    send(message) {
      ipc.send(IPC.toEngine, message);
    },
    onMessage(handler) {
      const listener = (_event: unknown, message: unknown) => handler(message);
      ipc.on(IPC.fromEngine, listener);
      return () => {
        ipc.removeListener(IPC.fromEngine, listener);
      };
    },
    async pickCsvFile() {
      const path = await ipc.invoke(IPC.pickCsvFile);
      return typeof path === 'string' ? path : null;
    },
  };
}
