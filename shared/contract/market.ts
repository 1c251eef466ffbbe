import { z } from 'zod';
import { InstrumentIdSchema, TimeframeSchema } from '../id-schemas';
import { call, job } from './define';

/** A ccxt exchange id (`binance`, `okx`, …): also the venue of its instruments. */
export const ExchangeIdSchema = z.string().regex(/^[a-z0-9_.-]{1,32}$/, 'an exchange id is lower case letters, digits, _ . -');
/** Points every REST and WebSocket URL of the exchange at another origin (a mirror, a local simulator). */
export const BaseUrlSchema = z.string().regex(/^https?:\/\/[^\s]+$/, 'a base URL is http(s)://host[:port][/prefix]').max(2048);

export const ExchangeInfoSchema = z.object({ id: z.string(), websocket: z.boolean() });
export const MarketInfoSchema = z.object({
  symbol: z.string(),
  base: z.string(),
  quote: z.string(),
  type: z.string(),
  active: z.boolean(),
});
export type MarketInfo = z.infer<typeof MarketInfoSchema>;

export const DataDownloadInputSchema = z
  .object({
    exchange: ExchangeIdSchema,
    symbol: z.string().min(1).max(64),
    timeframe: TimeframeSchema,
    from: z.number().int(),
    /** Exclusive; clipped to the open of the bar forming now. */
    to: z.number().int(),
    baseUrl: BaseUrlSchema.optional(),
  })
  .strict()
  .refine((q) => q.from < q.to, { message: 'from must be before to' });

export const DataDownloadResultSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  /** Ranges that were missing from the store before the download: only these were fetched. */
  missing: z.array(z.object({ from: z.number(), to: z.number() })),
  requests: z.number().int(),
  retries: z.number().int(),
  fetched: z.number().int(),
  inserted: z.number().int(),
  replaced: z.number().int(),
  /** Bars the exchange itself does not have in the missing ranges. */
  unavailable: z.number().int(),
});
export type DataDownloadResult = z.infer<typeof DataDownloadResultSchema>;

export const marketMethods = {
  'market.exchanges': call(z.object({}).strict(), z.array(ExchangeInfoSchema)),
  'market.symbols': call(z.object({ exchange: ExchangeIdSchema, baseUrl: BaseUrlSchema.optional() }).strict(), z.array(MarketInfoSchema)),
  'data.download': job(DataDownloadInputSchema, DataDownloadResultSchema),
};
