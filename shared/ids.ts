import type { z } from 'zod';
import type { ClientOrderIdSchema, InstrumentIdSchema, JobIdSchema } from './id-schemas';

// Types only from zod and id-schemas.ts: this module stays free of zod at run time (see id-schemas.ts).
export type InstrumentId = z.infer<typeof InstrumentIdSchema>;
export type JobId = z.infer<typeof JobIdSchema>;
export type ClientOrderId = z.infer<typeof ClientOrderIdSchema>;

/** `SYMBOL@venue`, e.g. `BTC/USDT@binance`; file imports without a venue get `csv`. */
export const INSTRUMENT_ID_PATTERN = /^[^@\s]{1,64}@[a-z0-9_.-]{1,32}$/;
export const INSTRUMENT_ID_RULE = 'an instrument id is SYMBOL@venue, e.g. BTC/USDT@binance';

export const VENUE_CSV = 'csv';

export function isInstrumentId(s: string): s is InstrumentId {
  return INSTRUMENT_ID_PATTERN.test(s);
}

export function instrumentId(symbol: string, venue: string): InstrumentId {
  const id = `${symbol}@${venue.toLowerCase()}`;
  if (!isInstrumentId(id)) throw new Error(`${INSTRUMENT_ID_RULE} (got ${JSON.stringify(id.slice(0, 100))})`);
  return id;
}

export function splitInstrumentId(id: InstrumentId): { symbol: string; venue: string } {
  const at = id.lastIndexOf('@');
  return { symbol: id.slice(0, at), venue: id.slice(at + 1) };
}
