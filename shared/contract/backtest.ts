import { z } from 'zod';
import { TimeframeSchema } from '../id-schemas';
import { call, job } from './define';

/** What to run: a shipped strategy by id, a TypeScript file on the engine's machine, or sources sent along (editor). */
export const StrategyRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), id: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      kind: z.literal('source'),
      /** Relative path of the entry file among `sources`. */
      entry: z.string().min(1).max(255),
      /** Relative path → TypeScript text; imports may name only "quantdesk" and these files. */
      sources: z.record(z.string().min(1).max(255), z.string().max(4 * 1024 * 1024)),
    })
    .strict(),
]);
export type StrategyRefDto = z.infer<typeof StrategyRefSchema>;

/** Where the bars come from (UTC ms; ranges half-open [from, to)). */
export const BacktestDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096), symbol: z.string().max(64).optional(), timeframe: TimeframeSchema.optional(), from: z.number().optional(), to: z.number().optional() }).strict(),
  z.object({ kind: z.literal('store'), instrumentId: z.string().min(3).max(100), timeframe: TimeframeSchema, from: z.number().optional(), to: z.number().optional() }).strict(),
]);
export type BacktestData = z.infer<typeof BacktestDataSchema>;

export const BacktestRunInputSchema = z
  .object({
    strategy: StrategyRefSchema,
    data: BacktestDataSchema,
    /** Strategy params (checked against its declaration). */
    params: z.record(z.string(), z.unknown()).default({}),
    /** Backtest settings: initialCapital, commission {percent|maker|taker|…}, slippage {bps|…}, profile, leverage, … (engine/backtest/config.ts). */
    config: z.record(z.string(), z.unknown()).default({}),
    /** Longest one strategy callback may run before the run is stopped (ms). */
    callbackBudgetMs: z.number().int().min(10).max(60_000).default(1000),
  })
  .strict();

export const DataFingerprintSchema = z.object({
  instrumentId: z.string(),
  timeframe: TimeframeSchema,
  from: z.number().nullable(),
  to: z.number().nullable(),
  bars: z.number().int(),
  /** 128-bit digest of the bar columns (32 hex digits). */
  hash: z.string(),
});

const nullableNumber = z.number().nullable();
/** Every metric of a run (docs/metrics.md); null where undefined. */
export const MetricsSchema = z.record(z.string(), nullableNumber);

export const RunSummarySchema = z.object({
  finalEquity: z.number(),
  totalReturn: nullableNumber,
  fills: z.number().int(),
  /** Closed round trips. */
  trades: z.number().int(),
  openTrades: z.number().int(),
  totalCommission: z.number(),
  bars: z.number().int(),
  steps: z.number().int(),
});

export const RunRecordSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  strategy: z.object({ id: z.string(), name: z.string(), kind: z.enum(['builtin', 'file', 'source']), hash: z.string(), entry: z.string().nullable() }),
  params: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()),
  data: BacktestDataSchema,
  fingerprint: DataFingerprintSchema,
  engineVersion: z.string(),
  status: z.enum(['succeeded', 'failed']),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
  summary: RunSummarySchema.nullable(),
  metrics: MetricsSchema.nullable(),
  rerunOf: z.string().nullable(),
  elapsedMs: z.number(),
});
export type RunRecordDto = z.infer<typeof RunRecordSchema>;

export const TradeSchema = z.object({
  id: z.number(),
  symbol: z.string(),
  direction: z.enum(['long', 'short']),
  size: z.number(),
  entryTs: z.number(),
  entryBar: z.number(),
  entryPrice: z.number(),
  exitTs: nullableNumber,
  exitBar: nullableNumber,
  exitPrice: nullableNumber,
  grossPnl: z.number(),
  fees: z.number(),
  netPnl: z.number(),
  returnPct: z.number(),
  mae: z.number(),
  mfe: z.number(),
  barsHeld: z.number(),
  open: z.boolean(),
});

/** A run's full result (engine/backtest/results.ts `BacktestResult`): JSON as is, curves decimated by `curve.stride`. */
export const BacktestResultSchema = z.looseObject({
  resultVersion: z.number(),
  strategy: z.object({ id: z.string(), name: z.string(), apiVersion: z.number(), params: z.record(z.string(), z.unknown()) }),
  config: z.record(z.string(), z.unknown()),
  profile: z.string(),
  symbols: z.array(z.string()),
  timeframe: TimeframeSchema,
  from: z.number(),
  to: z.number(),
  bars: z.number(),
  steps: z.number(),
  curve: z.object({ stride: z.number(), ts: z.array(z.number()), equity: z.array(z.number()), drawdown: z.array(z.number()), benchmark: z.array(z.number()) }),
  benchmark: z.string(),
  orders: z.array(z.looseObject({})),
  fills: z.array(z.looseObject({ ts: z.number(), side: z.string(), size: z.number(), price: z.number() })),
  trades: z.array(TradeSchema),
  metrics: MetricsSchema,
  monthlyReturns: z.array(z.object({ month: z.string(), return: z.number() })),
  final: z.object({ equity: z.number(), cash: z.number(), totalCommission: z.number(), positions: z.array(z.object({ symbol: z.string(), size: z.number(), avgPrice: nullableNumber })) }),
  /** Indicator lines and levels the strategy declared (values per bar from `offset`, every `stride`-th). */
  plots: z.array(z.looseObject({ kind: z.string(), name: z.string(), pane: z.string() })),
  /** Chart markers the strategy placed. */
  markers: z.array(z.looseObject({})),
  logs: z.array(z.looseObject({ ts: z.number(), level: z.string(), message: z.string() })),
  droppedLogs: z.number(),
  /** Set on a stored result whose orders, fills and trades were left out (their counts); `backtest.rerun` reproduces them. */
  omitted: z.object({ orders: z.number(), fills: z.number(), trades: z.number() }).optional(),
});

export const BacktestRunResultSchema = z.object({ run: RunRecordSchema, result: BacktestResultSchema });

export const BacktestRerunResultSchema = BacktestRunResultSchema.extend({
  rerunOf: z.string(),
  /** The bars still have the original run's fingerprint. */
  dataMatches: z.boolean(),
  /** Same summary and metrics as the original (null when the original failed). */
  identical: z.boolean().nullable(),
  warnings: z.array(z.string()),
});

export const BacktestComparisonSchema = z.object({
  runs: z.tuple([RunRecordSchema, RunRecordSchema]),
  params: z.array(z.object({ name: z.string(), a: z.unknown(), b: z.unknown(), same: z.boolean() })),
  metrics: z.array(z.object({ name: z.string(), a: nullableNumber, b: nullableNumber, diff: nullableNumber })),
  equity: z.object({ a: z.object({ ts: z.array(z.number()), equity: z.array(z.number()) }), b: z.object({ ts: z.array(z.number()), equity: z.array(z.number()) }) }),
  sameData: z.boolean(),
  sameStrategy: z.boolean(),
});

const RunIdSchema = z.string().regex(/^bt_[0-9a-z_]{1,40}$/);

export const backtestMethods = {
  'backtest.run': job(BacktestRunInputSchema, BacktestRunResultSchema),
  /** Runs a recorded run again; refuses (CONFLICT) when its bars no longer match the fingerprint, unless `force`. */
  'backtest.rerun': job(z.object({ id: RunIdSchema, force: z.boolean().default(false) }).strict(), BacktestRerunResultSchema),
  'backtest.list': call(z.object({ strategyId: z.string().max(64).optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict(), z.array(RunRecordSchema)),
  'backtest.get': call(z.object({ id: RunIdSchema, result: z.boolean().default(true) }).strict(), z.object({ run: RunRecordSchema, result: BacktestResultSchema.nullable() })),
  'backtest.compare': call(z.object({ a: RunIdSchema, b: RunIdSchema, points: z.number().int().min(2).max(100_000).default(500) }).strict(), BacktestComparisonSchema),
};
