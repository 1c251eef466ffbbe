import type { ConnectionScope, Handlers } from '../handler-types';
import type { EngineServices } from '../services';
import { feedManagerOf } from './live-services';

const request = (i: { exchange: string; symbol: string; baseUrl?: string | undefined }) => ({ exchange: i.exchange, symbol: i.symbol, ...(i.baseUrl ? { baseUrl: i.baseUrl } : {}) });

/**
 * The streams each connection subscribed, with the hooks that release them when it goes away:
 * a closed window must not leave a venue stream running (and a connection socket open) forever.
 * One entry per subscribe call, since the manager counts subscribers the same way.
 */
const held = new WeakMap<EngineServices, Map<string, (() => void)[]>>();

function holdings(services: EngineServices): Map<string, (() => void)[]> {
  let m = held.get(services);
  if (!m) held.set(services, (m = new Map()));
  return m;
}

function hold(services: EngineServices, connection: ConnectionScope, streamId: string): void {
  const key = `${connection.id} ${streamId}`;
  const list = holdings(services).get(key) ?? [];
  const forget = connection.onClose(() => {
    const i = list.indexOf(forget);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) holdings(services).delete(key);
    void feedManagerOf(services).unsubscribe(streamId);
  });
  list.push(forget);
  holdings(services).set(key, list);
}

/** An explicit unsubscribe: drops one of this connection's holds so its close does not release the stream again. */
function letGo(services: EngineServices, connection: ConnectionScope, streamId: string): void {
  const key = `${connection.id} ${streamId}`;
  const list = holdings(services).get(key);
  list?.pop()?.();
  if (list && list.length === 0) holdings(services).delete(key);
}

export const feedHandlers: Pick<Handlers, 'feed.subscribeBars' | 'feed.subscribeTicker' | 'feed.unsubscribe' | 'feed.streams'> = {
  'feed.subscribeBars': async (input, { services, connection }) => {
    const info = await feedManagerOf(services).subscribeBars(request(input), input.timeframe);
    hold(services, connection, info.streamId);
    return info;
  },
  'feed.subscribeTicker': async (input, { services, connection }) => {
    const info = await feedManagerOf(services).subscribeTicker(request(input));
    hold(services, connection, info.streamId);
    return info;
  },
  'feed.unsubscribe': async (input, { services, connection }) => {
    letGo(services, connection, input.streamId);
    return { unsubscribed: await feedManagerOf(services).unsubscribe(input.streamId) };
  },
  'feed.streams': (_input, { services }) => feedManagerOf(services).list(),
};
