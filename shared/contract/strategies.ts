import { z } from 'zod';
import { call } from './define';

/** A strategy's declared parameter (the same shapes as the strategy API's `ParamSpec`). */
export const ParamSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('int'), default: z.number(), min: z.number().optional(), max: z.number().optional(), step: z.number().optional(), label: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('float'), default: z.number(), min: z.number().optional(), max: z.number().optional(), step: z.number().optional(), label: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('bool'), default: z.boolean(), label: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('enum'), default: z.string(), options: z.array(z.string()), label: z.string().optional(), description: z.string().optional() }),
]);
export type ParamSpecDto = z.infer<typeof ParamSpecSchema>;
export const ParamSpecsSchema = z.record(z.string(), ParamSpecSchema);
export type ParamSpecsDto = z.infer<typeof ParamSpecsSchema>;

/** What a strategy module declares about itself (read without running a backtest). */
export const StrategyInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  params: ParamSpecsSchema,
  timeframes: z.array(z.string()),
  symbols: z.array(z.string()),
});
export type StrategyInfo = z.infer<typeof StrategyInfoSchema>;

export const TemplateSchema = StrategyInfoSchema.extend({ source: z.string() });
export type Template = z.infer<typeof TemplateSchema>;

export const StrategyIdSchema = z.string().min(1).max(64);
const NameSchema = z.string().trim().min(1).max(120);
/** 1 MB of source is far more than any strategy needs and keeps one bad paste from filling the journal. */
const SourceSchema = z.string().max(1_000_000);

export const StrategySummarySchema = z.object({
  id: StrategyIdSchema,
  name: z.string(),
  description: z.string().nullable(),
  /** The built-in template it was made from, if any. */
  templateId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  latestVersion: z.number().int(),
});
export type StrategySummary = z.infer<typeof StrategySummarySchema>;

export const StrategyVersionInfoSchema = z.object({
  version: z.number().int(),
  message: z.string().nullable(),
  createdAt: z.number(),
  lines: z.number().int(),
});
export type StrategyVersionInfo = z.infer<typeof StrategyVersionInfoSchema>;

/** A strategy with the source of one version (the latest unless asked) and its history, newest first. */
export const StrategyDetailSchema = StrategySummarySchema.extend({
  version: z.number().int(),
  source: z.string(),
  versions: z.array(StrategyVersionInfoSchema),
});
export type StrategyDetail = z.infer<typeof StrategyDetailSchema>;

/** A compile problem; lines and columns are 1-based (Monaco's convention). */
export const DiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const CompileResultSchema = z.object({
  ok: z.boolean(),
  diagnostics: z.array(DiagnosticSchema),
  /** What the module declares, when it compiled and its default export is a strategy. */
  strategy: StrategyInfoSchema.nullable(),
});
export type CompileResult = z.infer<typeof CompileResultSchema>;

const SaveResultSchema = z.object({ strategy: StrategyDetailSchema, version: z.number().int(), created: z.boolean() });

export const strategiesMethods = {
  /** The built-in strategies as templates (source importing `quantdesk`, declared params). */
  'strategies.templates': call(z.object({}).strict(), z.array(TemplateSchema)),
  /** The user's strategies, most recently changed first (deleted ones are not listed). */
  'strategies.list': call(z.object({}).strict(), z.array(StrategySummarySchema)),
  'strategies.get': call(z.object({ id: StrategyIdSchema, version: z.number().int().min(1).optional() }).strict(), StrategyDetailSchema),
  /** A new strategy from a template (default `sma-cross`) or a given source; version 1 is that source. */
  'strategies.create': call(z.object({ name: NameSchema.optional(), templateId: z.string().max(64).optional(), source: SourceSchema.optional() }).strict(), StrategyDetailSchema),
  /** Appends a version (`created: false` when the source equals the latest version). */
  'strategies.save': call(z.object({ id: StrategyIdSchema, source: SourceSchema, message: z.string().max(500).optional() }).strict(), SaveResultSchema),
  /** Appends a copy of an old version as the newest; history is never rewritten. */
  'strategies.restore': call(z.object({ id: StrategyIdSchema, version: z.number().int().min(1) }).strict(), SaveResultSchema),
  'strategies.rename': call(z.object({ id: StrategyIdSchema, name: NameSchema }).strict(), StrategySummarySchema),
  'strategies.duplicate': call(z.object({ id: StrategyIdSchema }).strict(), StrategyDetailSchema),
  /** Hides the strategy; its versions stay for the runs that used them. */
  'strategies.delete': call(z.object({ id: StrategyIdSchema }).strict(), z.object({ deleted: z.literal(true) })),
  /** A `.ts` file of one version (latest by default) with a header naming it; `strategies.import` reads it back. */
  'strategies.export': call(z.object({ id: StrategyIdSchema, version: z.number().int().min(1).optional() }).strict(), z.object({ fileName: z.string(), content: z.string() })),
  'strategies.import': call(z.object({ fileName: z.string().max(255), content: SourceSchema }).strict(), StrategyDetailSchema),
  /** Compiles a source without running it: diagnostics for editor markers and what it declares. */
  'strategies.compile': call(z.object({ source: SourceSchema }).strict(), CompileResultSchema),
};
