import type { z } from 'zod';

/** A request that answers at once. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  kind: 'call';
  input: I;
  output: O;
}

/**
 * Long work: the call answers `{ jobId }` at once, `job.progress` events stream,
 * `jobs.cancel` stops it, and `job.finished` carries the result (validated by `result`) or a typed error.
 */
export interface JobSpec<I extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  kind: 'job';
  input: I;
  result: R;
}

export type AnySpec = MethodSpec | JobSpec;

export function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { kind: 'call', input, output };
}

export function job<I extends z.ZodType, R extends z.ZodType>(input: I, result: R): JobSpec<I, R> {
  return { kind: 'job', input, result };
}
