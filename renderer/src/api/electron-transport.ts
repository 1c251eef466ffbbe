import type { ClientMessage, ServerMessage } from '../../../shared/contract/envelope';
import type { Transport } from '../../../shared/transport';

/** What the desktop preload exposes as `window.quantdesk` (electron/ipc-channels.ts declares the same shape). */
export interface DesktopBridge {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): () => void;
  pickCsvFile(): Promise<string | null>;
}

/** The contract over the preload's IPC channel pair. */
export function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    send: (m: ClientMessage) => bridge.send(m),
    onMessage: (h) => bridge.onMessage((m) => h(m as ServerMessage)),
  };
}
