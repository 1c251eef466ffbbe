import type { z } from 'zod';
import { backtestMethods } from './backtest';
import { dataEvents, dataMethods } from './data';
import type { JobSpec, MethodSpec } from './define';
import { feedEvents, feedMethods } from './feed';
import { indicatorsMethods } from './indicators';
import { jobsEvents, jobsMethods } from './jobs';
import { marketMethods } from './market';
import { qualityMethods } from './quality';
import { recorderMethods } from './recorder';
import { strategiesMethods } from './strategies';
import { systemMethods } from './system';
import { tradingEvents, tradingMethods } from './trading';
import { watchlistMethods } from './watchlist';

/** Bumped when a method or event changes incompatibly; both sides report it in `system.info`. */
export const CONTRACT_VERSION = 1;

/** Every method the engine offers, by namespaced name (`domain.verb`). */
export const methods = {
  ...systemMethods,
  ...jobsMethods,
  ...dataMethods,
  ...marketMethods,
  ...qualityMethods,
  ...feedMethods,
  ...watchlistMethods,
  ...recorderMethods,
  ...strategiesMethods,
  ...backtestMethods,
  ...indicatorsMethods,
  ...tradingMethods,
};

/** Every event the engine pushes, by topic. */
export const events = {
  ...jobsEvents,
  ...dataEvents,
  ...feedEvents,
  ...tradingEvents,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventTopic = keyof typeof events;

export type CallMethodName = { [K in MethodName]: Methods[K] extends MethodSpec ? K : never }[MethodName];
export type JobMethodName = { [K in MethodName]: Methods[K] extends JobSpec ? K : never }[MethodName];

/** What the caller passes (defaults not yet applied). */
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
/** What the handler receives (validated, defaults applied). */
export type ParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = Methods[K] extends MethodSpec<z.ZodType, infer O>
  ? z.output<O>
  : Methods[K] extends JobSpec
    ? { jobId: string }
    : never;
export type JobResult<K extends JobMethodName> = Methods[K] extends JobSpec<z.ZodType, infer R> ? z.output<R> : never;
export type EventPayload<T extends EventTopic> = z.output<(typeof events)[T]>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

export * from './envelope';
export * from './errors';
export * from './define';
export * from './jobs';
export * from './system';
export * from './data';
export * from './market';
export * from './quality';
export * from './feed';
export * from './watchlist';
export * from './recorder';
export * from './strategies';
export * from './trading';
export * from './backtest';
export * from './indicators';
