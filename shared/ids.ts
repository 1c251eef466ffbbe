import { z } from 'zod';

/** `SYMBOL@venue`, e.g. `BTC/USDT@binance`; file imports without a venue get `csv`. */
export const InstrumentIdSchema = z
  .string()
  .regex(/^[^@\s]{1,64}@[a-z0-9_.-]{1,32}$/, 'an instrument id is SYMBOL@venue, e.g. BTC/USDT@binance')
  .brand<'InstrumentId'>();
export type InstrumentId = z.infer<typeof InstrumentIdSchema>;

export const JobIdSchema = z.string().regex(/^job_[0-9a-z]{1,40}$/).brand<'JobId'>();
export type JobId = z.infer<typeof JobIdSchema>;

export const ClientOrderIdSchema = z.string().min(1).max(36).brand<'ClientOrderId'>();
export type ClientOrderId = z.infer<typeof ClientOrderIdSchema>;

export const VENUE_CSV = 'csv';

export function instrumentId(symbol: string, venue: string): InstrumentId {
  return InstrumentIdSchema.parse(`${symbol}@${venue.toLowerCase()}`);
}

export function splitInstrumentId(id: InstrumentId): { symbol: string; venue: string } {
  const at = id.lastIndexOf('@');
  return { symbol: id.slice(0, at), venue: id.slice(at + 1) };
}
