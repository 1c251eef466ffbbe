import { IPC } from '../ipc-channels';
import { isTrustedSender, type FrameLike } from './security';

/** The host side of one client link (engine/host's HostConnection, narrowed to what the bridge uses). */
export interface ConnectionLike {
  send(raw: unknown): void;
  onMessage(handler: (m: unknown) => void): () => void;
  onClose(handler: (reason: string) => void): () => void;
  close(): void;
}

export interface SenderLike {
  readonly id: number;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
  on(event: 'did-start-navigation', listener: (details: { isMainFrame: boolean; isSameDocument: boolean }) => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
}

export interface IpcEventLike {
  sender: SenderLike;
  senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, message: unknown) => void): unknown;
  removeAllListeners(channel: string): unknown;
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  connect: () => ConnectionLike;
  /** The origin of the app's pages; messages from any other frame are dropped. */
  appOrigin: string;
  onRejected?: (reason: string) => void;
}

/**
 * The Electron IPC transport of the contract, main side: each renderer (WebContents) gets its own
 * host connection, opened on its first message and closed when its page goes away (reload,
 * navigation, crash, window closed), so a reload never inherits the old page's jobs or replies.
 */
export function bridgeIpc({ ipcMain, connect, appOrigin, onRejected }: IpcBridgeOptions): { close(): void; connections(): number } {
  const conns = new Map<number, { conn: ConnectionLike; off: () => void }>();

  const drop = (id: number) => {
    const entry = conns.get(id);
    if (!entry) return;
    conns.delete(id);
    entry.off();
    entry.conn.close();
  };

  const connectionFor = (sender: SenderLike): ConnectionLike => {
    const existing = conns.get(sender.id);
    if (existing) return existing.conn;
    const conn = connect();
    const offMessage = conn.onMessage((m) => {
      if (!sender.isDestroyed()) sender.send(IPC.fromEngine, m);
    });
    const offClose = conn.onClose(() => conns.delete(sender.id));
    conns.set(sender.id, { conn, off: () => (offMessage(), offClose()) });
    sender.once('destroyed', () => drop(sender.id));
    sender.on('render-process-gone', () => drop(sender.id));
    sender.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) drop(sender.id);
    });
    return conn;
  };

  ipcMain.on(IPC.toEngine, (event, message) => {
    if (!isTrustedSender(event.senderFrame, appOrigin)) {
      onRejected?.(`IPC from an untrusted frame (${event.senderFrame?.url ?? 'destroyed'}) dropped`);
      return;
    }
    connectionFor(event.sender).send(message);
  });

  return {
    close() {
      ipcMain.removeAllListeners(IPC.toEngine);
      for (const id of [...conns.keys()]) drop(id);
    },
    connections: () => conns.size,
  };
}
