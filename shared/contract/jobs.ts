import { z } from 'zod';
import { JobIdSchema } from '../id-schemas';
import { call } from './define';
import { ContractErrorSchema } from './errors';

export const JobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

export const JobStartedSchema = z.object({ jobId: JobIdSchema });
export type JobStarted = z.infer<typeof JobStartedSchema>;

export const JobProgressSchema = z.object({
  jobId: JobIdSchema,
  method: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  message: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobFinishedSchema = z.union([
  z.object({ jobId: JobIdSchema, method: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ jobId: JobIdSchema, method: z.string(), ok: z.literal(false), error: ContractErrorSchema }),
]);
export type JobFinished = z.infer<typeof JobFinishedSchema>;

export const JobInfoSchema = z.object({
  jobId: JobIdSchema,
  method: z.string(),
  status: JobStatusSchema,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  progress: JobProgressSchema.pick({ phase: true, done: true, total: true }).nullable(),
  error: ContractErrorSchema.nullable(),
});
export type JobInfo = z.infer<typeof JobInfoSchema>;

export const jobsMethods = {
  'jobs.list': call(z.object({ status: JobStatusSchema.optional() }).strict(), z.array(JobInfoSchema)),
  'jobs.cancel': call(z.object({ jobId: JobIdSchema }).strict(), z.object({ cancelled: z.boolean() })),
};

export const jobsEvents = {
  'job.progress': JobProgressSchema,
  'job.finished': JobFinishedSchema,
};
