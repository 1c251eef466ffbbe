import { z } from 'zod';
import { INSTRUMENT_ID_PATTERN, INSTRUMENT_ID_RULE } from './ids';
import { TIMEFRAMES } from './timeframe';

// The zod forms of the ids and timeframes, for the contract. Kept apart from ids.ts and
// timeframe.ts so code that only needs the values (the CLI's backtest, the engine's pure
// layer) does not load zod: ~700 KB of bundle and 40–60 ms of a CLI run's start.

/** `SYMBOL@venue`, e.g. `BTC/USDT@binance`; file imports without a venue get `csv`. */
export const InstrumentIdSchema = z.string().regex(INSTRUMENT_ID_PATTERN, INSTRUMENT_ID_RULE).brand<'InstrumentId'>();
export const JobIdSchema = z.string().regex(/^job_[0-9a-z]{1,40}$/).brand<'JobId'>();
export const ClientOrderIdSchema = z.string().min(1).max(36).brand<'ClientOrderId'>();
export const TimeframeSchema = z.enum(TIMEFRAMES);
