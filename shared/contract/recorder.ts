import { z } from 'zod';
import { InstrumentIdSchema, TimeframeSchema } from '../id-schemas';
import { call } from './define';
import { BaseUrlSchema, ExchangeIdSchema } from './market';

export const RecordedKindSchema = z.enum(['bar', 'trade', 'book', 'ticker']);

export const RecordingInfoSchema = z.object({
  recordingId: z.string(),
  instrumentIds: z.array(InstrumentIdSchema),
  counts: z.record(RecordedKindSchema, z.number().int()),
  startedAt: z.number(),
});

export const recorderMethods = {
  /** Records live candles, trades and book tops (`depth` levels a side) into market.db until stopped. */
  'recorder.start': call(
    z
      .object({
        exchange: ExchangeIdSchema,
        symbols: z.array(z.string().min(1).max(64)).min(1).max(100),
        bars: TimeframeSchema.optional(),
        trades: z.boolean().default(false),
        book: z.boolean().default(false),
        depth: z.number().int().min(1).max(20).default(1),
        baseUrl: BaseUrlSchema.optional(),
      })
      .strict()
      .refine((r) => r.bars !== undefined || r.trades || r.book, { message: 'record at least one of bars, trades, book' }),
    RecordingInfoSchema,
  ),
  'recorder.stop': call(z.object({ recordingId: z.string().max(64) }).strict(), RecordingInfoSchema),
  'recorder.list': call(z.object({}).strict(), z.array(RecordingInfoSchema)),
  /** What is stored, per instrument and kind. */
  'recorder.stored': call(
    z.object({}).strict(),
    z.array(z.object({ instrumentId: InstrumentIdSchema, kind: RecordedKindSchema, count: z.number().int(), firstTs: z.number(), lastTs: z.number() })),
  ),
  'recorder.events': call(
    z.object({ instrumentId: InstrumentIdSchema, kind: RecordedKindSchema, from: z.number().optional(), to: z.number().optional(), limit: z.number().int().min(1).max(100_000).default(10_000) }).strict(),
    z.array(z.object({ tsEvent: z.number(), tsInit: z.number(), payload: z.unknown() })),
  ),
};
