import type { Handlers } from '../handler-types';
import { feedManagerOf } from './live-services';

const request = (i: { exchange: string; symbol: string; baseUrl?: string | undefined }) => ({ exchange: i.exchange, symbol: i.symbol, ...(i.baseUrl ? { baseUrl: i.baseUrl } : {}) });

export const feedHandlers: Pick<Handlers, 'feed.subscribeBars' | 'feed.subscribeTicker' | 'feed.unsubscribe' | 'feed.streams'> = {
  'feed.subscribeBars': (input, { services }) => feedManagerOf(services).subscribeBars(request(input), input.timeframe),
  'feed.subscribeTicker': (input, { services }) => feedManagerOf(services).subscribeTicker(request(input)),
  'feed.unsubscribe': async (input, { services }) => ({ unsubscribed: await feedManagerOf(services).unsubscribe(input.streamId) }),
  'feed.streams': (_input, { services }) => feedManagerOf(services).list(),
};
