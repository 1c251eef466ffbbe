import { z } from 'zod';
import { InstrumentIdSchema, TimeframeSchema } from '../id-schemas';
import { call, job } from './define';

/** Up to 1M bars per `data.bars` call; page with `from`/`to` beyond that. */
export const MAX_BARS_PER_CALL = 1_000_000;
/** Largest file body that may travel inside a message (browser uploads); bigger files go by path. */
export const MAX_INLINE_FILE_BYTES = 256 * 1024 * 1024;

/** A file the engine reads: a path on the engine's machine (desktop, CLI) or the text itself (browser upload). */
export const FileSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('content'), name: z.string().max(255), content: z.string().max(MAX_INLINE_FILE_BYTES) }),
]);
export type FileSource = z.infer<typeof FileSourceSchema>;

const SymbolSchema = z.string().regex(/^[^@\s]{1,64}$/, 'a symbol has no spaces and no @');
const VenueSchema = z.string().regex(/^[a-z0-9_.-]{1,32}$/, 'a venue is lower case letters, digits, _ . -');

export const CsvProblemSchema = z.object({ line: z.number().int(), message: z.string() });
export type CsvProblem = z.infer<typeof CsvProblemSchema>;

export const DataImportInputSchema = z
  .object({
    source: FileSourceSchema,
    symbol: SymbolSchema,
    timeframe: TimeframeSchema,
    venue: VenueSchema.optional(),
    skipBadRows: z.boolean().default(false),
  })
  .strict();

export const DataImportResultSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  bars: z.number().int(),
  inserted: z.number().int(),
  replaced: z.number().int(),
  reversed: z.boolean(),
  firstTs: z.number(),
  lastTs: z.number(),
  problems: z.array(CsvProblemSchema),
  /** The layout recognised (generic, binance, yahoo, tradingview, tushare, akshare, adj-factor). */
  format: z.string().optional(),
  /** Split/dividend factor points stored beside the bars (Yahoo's Adj Close, a Tushare adj_factor file). */
  factors: z.number().int().optional(),
});
export type DataImportResult = z.infer<typeof DataImportResultSchema>;

export const DataPreviewResultSchema = z.object({
  /** The layout recognised; a headerless file (Binance dump) is shown under the header it is read with. */
  format: z.string().optional(),
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  detected: z.union([
    z.object({ timestampColumn: z.string(), timestampFormat: z.string() }),
    z.object({ error: z.string() }),
  ]),
});
export type DataPreviewResult = z.infer<typeof DataPreviewResultSchema>;

export const SeriesInfoSchema = z.object({
  instrumentId: InstrumentIdSchema,
  symbol: z.string(),
  venue: z.string(),
  timeframe: TimeframeSchema,
  firstTs: z.number(),
  lastTs: z.number(),
  count: z.number().int(),
  updatedAt: z.number(),
  synthetic: z.boolean(),
});
export type SeriesInfo = z.infer<typeof SeriesInfoSchema>;

export const BarsQuerySchema = z
  .object({
    instrumentId: InstrumentIdSchema,
    timeframe: TimeframeSchema,
    from: z.number().optional(),
    to: z.number().optional(),
    limit: z.number().int().positive().max(MAX_BARS_PER_CALL).optional(),
    /** With `limit`: the last `limit` bars before `to` instead of the first after `from`. */
    latest: z.boolean().optional(),
    /** Split/dividend adjustment from the stored factors: forward keeps the latest prices, backward the first. */
    adjust: z.enum(['none', 'forward', 'backward']).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to' });

/** Bars as columns (index-aligned), the shape the chart and the engine both use. */
export const BarsSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  ts: z.array(z.number()),
  open: z.array(z.number()),
  high: z.array(z.number()),
  low: z.array(z.number()),
  close: z.array(z.number()),
  volume: z.array(z.number()),
});
export type Bars = z.infer<typeof BarsSchema>;

const SeriesKeySchema = z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema }).strict();

export const dataMethods = {
  'data.import': job(DataImportInputSchema, DataImportResultSchema),
  'data.preview': call(z.object({ source: FileSourceSchema, rows: z.number().int().min(1).max(200).default(20) }).strict(), DataPreviewResultSchema),
  'data.instruments': call(z.object({}).strict(), z.array(SeriesInfoSchema)),
  'data.bars': call(BarsQuerySchema, BarsSchema),
  'data.delete': call(SeriesKeySchema, z.object({ deleted: z.boolean() })),
};

export const dataEvents = {
  /** The list of stored series changed (import, delete, download). */
  'data.changed': z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema, reason: z.enum(['import', 'delete', 'download']) }),
};
