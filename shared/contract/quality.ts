import { z } from 'zod';
import { InstrumentIdSchema, TimeframeSchema } from '../id-schemas';
import { BarsSchema } from './data';
import { call } from './define';

const RangeSchema = z.object({ from: z.number(), to: z.number() });
const TsProblemSchema = z.object({ ts: z.number(), problem: z.string() });

export const QualityReportSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  bars: z.number().int(),
  firstTs: z.number().nullable(),
  lastTs: z.number().nullable(),
  /** Gaps against the timeframe (marked gaps are only counted, under `marked`). */
  gaps: z.object({ count: z.number().int(), missingBars: z.number().int(), marked: z.number().int(), items: z.array(RangeSchema.extend({ bars: z.number().int() })) }),
  duplicates: z.object({ count: z.number().int(), items: z.array(z.number()) }),
  unsorted: z.object({ count: z.number().int(), items: z.array(z.number()) }),
  misaligned: z.object({ count: z.number().int(), items: z.array(z.number()) }),
  ohlc: z.object({ count: z.number().int(), items: z.array(TsProblemSchema) }),
  prices: z.object({ count: z.number().int(), items: z.array(TsProblemSchema) }),
  volumes: z.object({ zero: z.number().int(), negative: z.number().int(), items: z.array(TsProblemSchema) }),
  /** Close-to-close log returns whose robust z-score (0.6745 (r − median) / MAD) exceeds `threshold`. */
  outliers: z.object({
    count: z.number().int(),
    threshold: z.number(),
    median: z.number().nullable(),
    mad: z.number().nullable(),
    items: z.array(z.object({ ts: z.number(), ret: z.number(), z: z.number() })),
  }),
  markedGaps: z.array(RangeSchema.extend({ id: z.number().int(), note: z.string().nullable() })),
});
export type QualityReport = z.infer<typeof QualityReportSchema>;

const SeriesRangeSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  from: z.number().optional(),
  to: z.number().optional(),
});

export const ResampledBarsSchema = BarsSchema.extend({
  /** The last bar does not cover its whole span yet (the source stops inside it, or it is still forming). */
  incompleteLast: z.boolean(),
  source: TimeframeSchema,
});
export type ResampledBars = z.infer<typeof ResampledBarsSchema>;

export const qualityMethods = {
  'data.quality': call(SeriesRangeSchema.extend({ outlierZ: z.number().positive().max(1000).default(10) }).strict(), QualityReportSchema),
  /** Bars of a stored series aggregated to a larger timeframe (UTC boundaries, weeks from Monday). */
  'data.resample': call(SeriesRangeSchema.extend({ target: TimeframeSchema }).strict(), ResampledBarsSchema),
  /** Marks gaps as known (outage, holiday): downloads skip them, the quality report lists them apart. */
  'data.markGaps': call(
    z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema, ranges: z.array(RangeSchema).min(1).max(10_000), note: z.string().max(500).optional() }).strict(),
    z.object({ marked: z.number().int() }),
  ),
  'data.unmarkGap': call(z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema, id: z.number().int() }).strict(), z.object({ removed: z.boolean() })),
};
