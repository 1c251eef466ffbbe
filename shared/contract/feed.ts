import { z } from 'zod';
import { InstrumentIdSchema, TimeframeSchema } from '../id-schemas';
import { call } from './define';
import { BaseUrlSchema, ExchangeIdSchema } from './market';

export const FeedStateSchema = z.enum(['connecting', 'live', 'polling', 'reconnecting', 'stopped']);

export const StreamInfoSchema = z.object({
  streamId: z.string(),
  instrumentId: InstrumentIdSchema,
  kind: z.enum(['bars', 'ticker']),
  timeframe: TimeframeSchema.nullable(),
  state: FeedStateSchema,
  subscribers: z.number().int(),
});
export type StreamInfo = z.infer<typeof StreamInfoSchema>;

const StreamRequestSchema = z.object({ exchange: ExchangeIdSchema, symbol: z.string().min(1).max(64), baseUrl: BaseUrlSchema.optional() });

export const FeedBarSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  ts: z.number(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  /** A later bar has opened: these values are final (and stored). */
  closed: z.boolean(),
  /** When the engine received it. */
  tsInit: z.number(),
});
export type FeedBarEvent = z.infer<typeof FeedBarSchema>;

export const FeedTickerSchema = z.object({
  instrumentId: InstrumentIdSchema,
  last: z.number().nullable(),
  bid: z.number().nullable(),
  ask: z.number().nullable(),
  changePct: z.number().nullable(),
  quoteVolume: z.number().nullable(),
  tsEvent: z.number(),
  tsInit: z.number(),
});
export type FeedTickerEvent = z.infer<typeof FeedTickerSchema>;

export const feedMethods = {
  /** Live candles (WebSocket, REST polling as fallback); shared with other subscribers. */
  'feed.subscribeBars': call(StreamRequestSchema.extend({ timeframe: TimeframeSchema }).strict(), StreamInfoSchema),
  'feed.subscribeTicker': call(StreamRequestSchema.strict(), StreamInfoSchema),
  'feed.unsubscribe': call(z.object({ streamId: z.string().max(4200) }).strict(), z.object({ unsubscribed: z.boolean() })),
  'feed.streams': call(z.object({}).strict(), z.array(StreamInfoSchema)),
};

export const feedEvents = {
  'feed.bar': FeedBarSchema,
  'feed.ticker': FeedTickerSchema,
  'feed.status': z.object({ streamId: z.string(), instrumentId: InstrumentIdSchema, state: FeedStateSchema, message: z.string().optional(), tsInit: z.number() }),
};
