import type { WebSocket } from 'ws';
import type { HostConnection } from '../host';

/**
 * One WebSocket ⇄ one host connection. Frames are JSON envelopes; a frame that is not JSON gets a
 * typed error reply instead of closing the socket, and nothing a peer sends can throw here.
 */
export function bridgeSocket(socket: WebSocket, conn: HostConnection): void {
  const offMessage = conn.onMessage((m) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
  });
  const offClose = conn.onClose((reason) => {
    if (socket.readyState === socket.OPEN) socket.close(1011, reason.slice(0, 120));
  });
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      socket.send(JSON.stringify({ id: null, ok: false, error: { code: 'INVALID_INPUT', message: 'binary frames are not supported; send JSON text' } }));
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      socket.send(JSON.stringify({ id: null, ok: false, error: { code: 'INVALID_INPUT', message: 'message is not valid JSON' } }));
      return;
    }
    conn.send(msg);
  });
  socket.on('close', () => {
    offMessage();
    offClose();
    conn.close();
  });
  socket.on('error', () => socket.terminate());
}
