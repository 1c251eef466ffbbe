import type { Transport } from '../../../shared/transport';
import { websocketTransport } from '../../../shared/transports/websocket';

/** The contract over `quantdesk serve`'s WebSocket; the session cookie set with the page authorises it. */
export function browserTransport(loc: Pick<Location, 'protocol' | 'host'> = location): Transport {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return websocketTransport(new WebSocket(`${scheme}://${loc.host}/ws`));
}
