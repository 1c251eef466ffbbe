import type { ClientMessage, ServerMessage } from './contract/envelope';

/**
 * A two-way message channel between a client and the engine host. Electron IPC, a WebSocket and an
 * in-process link all look like this, so `createClient` does not know which one it talks over.
 */
export interface Transport {
  send(message: ClientMessage): void;
  /** Subscribes to everything the host sends; returns the unsubscribe function. */
  onMessage(handler: (message: ServerMessage) => void): () => void;
  /** Called once when the channel is gone for good (socket closed, host stopped). */
  onClose?(handler: (reason: string) => void): () => void;
  close?(): void;
}
