import type { ClientMessage, ServerMessage } from '../contract/envelope';
import type { Transport } from '../transport';

/** The part of the WebSocket API we use: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (ev: { data?: unknown; reason?: string; code?: number }) => void): void;
}

const OPEN = 1;

/**
 * The contract over one WebSocket: JSON text frames, one envelope each. Messages sent before the
 * socket opens are queued, so a client can be used at once.
 */
export function websocketTransport(socket: WebSocketLike): Transport {
  const handlers = new Set<(m: ServerMessage) => void>();
  const closeHandlers = new Set<(reason: string) => void>();
  const queue: string[] = [];
  let closed = false;

  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (ev) => {
    if (typeof ev.data !== 'string') return;
    let m: ServerMessage;
    try {
      m = JSON.parse(ev.data) as ServerMessage;
    } catch {
      return; // the host only sends JSON; a broken frame is dropped rather than crashing the UI
    }
    handlers.forEach((h) => h(m));
  });
  socket.addEventListener('close', (ev) => {
    if (closed) return;
    closed = true;
    closeHandlers.forEach((h) => h(ev.reason || `socket closed (${ev.code ?? 'no code'})`));
  });

  return {
    send(m: ClientMessage) {
      const frame = JSON.stringify(m);
      if (socket.readyState === OPEN) socket.send(frame);
      else queue.push(frame);
    },
    onMessage(h) {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    onClose(h) {
      closeHandlers.add(h);
      return () => closeHandlers.delete(h);
    },
    close() {
      socket.close(1000, 'client closed');
    },
  };
}
