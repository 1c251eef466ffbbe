import { z } from 'zod';
import { InstrumentIdSchema } from '../id-schemas';
import { call } from './define';
import { BaseUrlSchema, ExchangeIdSchema } from './market';

export const WatchlistItemSchema = z.object({
  instrumentId: InstrumentIdSchema,
  exchange: z.string(),
  symbol: z.string(),
  baseUrl: z.string().nullable(),
  position: z.number().int(),
});
export type WatchlistItem = z.infer<typeof WatchlistItemSchema>;

export const WatchlistQuoteSchema = z.object({
  instrumentId: InstrumentIdSchema,
  last: z.number().nullable(),
  /** 24h change in percent. */
  changePct: z.number().nullable(),
  /** Hourly closes of the last 24 hours, oldest first. */
  sparkline: z.array(z.number()),
  ts: z.number(),
  /** Why this quote is missing (exchange unreachable, …). */
  error: z.string().optional(),
});
export type WatchlistQuote = z.infer<typeof WatchlistQuoteSchema>;

export const watchlistMethods = {
  'watchlist.list': call(z.object({}).strict(), z.array(WatchlistItemSchema)),
  /** Adds a market (checked against the exchange; unknown ones are refused with near matches). */
  'watchlist.add': call(z.object({ exchange: ExchangeIdSchema, symbol: z.string().min(1).max(64), baseUrl: BaseUrlSchema.optional() }).strict(), z.array(WatchlistItemSchema)),
  'watchlist.remove': call(z.object({ instrumentId: InstrumentIdSchema }).strict(), z.array(WatchlistItemSchema)),
  /** A snapshot for every item: last, 24h change and a sparkline; live updates come as `feed.ticker`. */
  'watchlist.quotes': call(z.object({}).strict(), z.array(WatchlistQuoteSchema)),
};
