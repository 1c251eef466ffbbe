import type { Transport } from '../../shared/transport';
import type { Host } from './host';

/** The contract without a socket: a client in the same process as the host (CLI, tests). */
export function inProcessTransport(host: Host): Transport {
  const conn = host.connect();
  return {
    send: (m) => conn.send(m),
    onMessage: (h) => conn.onMessage(h),
    onClose: (h) => conn.onClose(h),
    close: () => conn.close(),
  };
}
