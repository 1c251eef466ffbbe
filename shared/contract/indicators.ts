import { z } from 'zod';
import { InstrumentIdSchema, TimeframeSchema } from '../id-schemas';
import { call } from './define';
import { MAX_BARS_PER_CALL } from './data';

/** One tunable parameter of an indicator, with the range the params form offers. */
export const IndicatorParamSchema = z.discriminatedUnion('type', [
  z.object({ name: z.string(), type: z.literal('int'), default: z.number(), min: z.number(), max: z.number(), step: z.number().optional(), description: z.string() }),
  z.object({ name: z.string(), type: z.literal('float'), default: z.number(), min: z.number(), max: z.number(), step: z.number().optional(), description: z.string() }),
  z.object({ name: z.string(), type: z.literal('enum'), default: z.union([z.string(), z.number()]), options: z.array(z.union([z.string(), z.number()])), description: z.string() }),
]);
export type IndicatorParam = z.infer<typeof IndicatorParamSchema>;

export const IndicatorOutputSchema = z.object({
  name: z.string(),
  description: z.string(),
  /** Bars to shift the line when drawing (Ichimoku's spans); the value is computed from bars up to its own. */
  plotShift: z.number().int().optional(),
  /** The value can change after its bar closes (ZigZag's provisional leg). */
  repaints: z.boolean().optional(),
});

export const IndicatorMetaSchema = z.object({
  name: z.string(),
  title: z.string(),
  group: z.enum(['overlap', 'momentum', 'trend', 'volatility', 'volume', 'statistic', 'price']),
  /** 'overlay' draws on the price pane, 'pane' in its own pane below. */
  display: z.enum(['overlay', 'pane']),
  inputs: z.array(z.enum(['open', 'high', 'low', 'close', 'volume', 'ts', 'benchmark'])),
  params: z.array(IndicatorParamSchema),
  outputs: z.array(IndicatorOutputSchema),
  /** Fixed scale of an own-pane oscillator (RSI 0..100). */
  range: z.tuple([z.number(), z.number()]).optional(),
  talib: z.boolean(),
  formula: z.string(),
});
export type IndicatorMetaDto = z.infer<typeof IndicatorMetaSchema>;

const IndicatorNameSchema = z.string().regex(/^[A-Z0-9_]{1,32}$/, 'an indicator name is upper case, like SMA or BBANDS');

export const IndicatorComputeInputSchema = z
  .object({
    instrumentId: InstrumentIdSchema,
    timeframe: TimeframeSchema,
    from: z.number().optional(),
    to: z.number().optional(),
    limit: z.number().int().positive().max(MAX_BARS_PER_CALL).optional(),
    /** With `limit`: the last `limit` bars before `to`. */
    latest: z.boolean().optional(),
    name: IndicatorNameSchema,
    /** Missing params take the metadata's defaults; unknown or out-of-range ones are INVALID_INPUT. */
    params: z.record(z.string().max(64), z.union([z.number(), z.string().max(64)])).default({}),
    /** The second series of CORREL/BETA: another instrument's close, matched to these bars by ts. */
    benchmark: InstrumentIdSchema.optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to' });

export const IndicatorSeriesSchema = z.object({
  name: z.string(),
  /** One value per bar (index-aligned with `ts`); null during warm-up or where undefined (NaN). */
  values: z.array(z.number().nullable()),
  /** Bars to shift when drawing (Ichimoku: its kijun period, ahead or back); 0 for most. */
  plotShift: z.number().int(),
  repaints: z.boolean(),
});

export const IndicatorComputeResultSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  name: z.string(),
  /** The params used, defaults filled in. */
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  display: z.enum(['overlay', 'pane']),
  range: z.tuple([z.number(), z.number()]).optional(),
  /** Leading bars without a value (of the first output). */
  warmup: z.number().int(),
  ts: z.array(z.number()),
  outputs: z.array(IndicatorSeriesSchema),
});
export type IndicatorComputeResult = z.infer<typeof IndicatorComputeResultSchema>;

export const indicatorsMethods = {
  'indicators.list': call(z.object({}).strict(), z.array(IndicatorMetaSchema)),
  'indicators.compute': call(IndicatorComputeInputSchema, IndicatorComputeResultSchema),
};
