import type { JobFinished, JobInfo, JobProgress } from '../../shared/contract/jobs';
import type { ContractError } from '../../shared/contract/errors';
import type { Clock } from '../core/clock';
import { EngineError, toContractError } from '../core/errors';

export type Publish = (topic: string, payload: unknown) => void;

interface RunningJob {
  info: JobInfo;
  controller: AbortController;
  lastProgressAt: number;
}

export interface JobRunContext {
  jobId: string;
  signal: AbortSignal;
  progress(phase: string, done: number, total: number, message?: string): void;
}

/** Progress events closer together than this are dropped (the last one of a phase always goes out). */
const PROGRESS_INTERVAL_MS = 50;
const KEEP_FINISHED = 200;

/**
 * Runs long work as jobs: an id at once, throttled `job.progress` events, cancellation through an
 * AbortSignal, and one `job.finished` event with the result or a contract error.
 */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private counter = 0;

  constructor(
    private readonly publish: Publish,
    private readonly clock: Clock,
    private readonly log: (msg: string, fields?: Record<string, unknown>) => void = () => {},
  ) {}

  start(method: string, run: (ctx: JobRunContext) => Promise<unknown>): string {
    const jobId = `job_${this.clock.now().toString(36)}${(this.counter++).toString(36)}`;
    const controller = new AbortController();
    const job: RunningJob = {
      info: { jobId: jobId as JobInfo['jobId'], method, status: 'running', startedAt: this.clock.now(), finishedAt: null, progress: null, error: null },
      controller,
      lastProgressAt: 0,
    };
    this.jobs.set(jobId, job);
    const ctx: JobRunContext = {
      jobId,
      signal: controller.signal,
      progress: (phase, done, total, message) => this.progress(job, { jobId: job.info.jobId, method, phase, done, total, ...(message ? { message } : {}) }),
    };
    // Deferred so the caller's reply (with the job id) leaves before any event of the job.
    setImmediate(() => {
      void this.execute(job, run, ctx);
    });
    return jobId;
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.info.status !== 'running') return false;
    job.controller.abort(new EngineError('CANCELLED', 'cancelled by the user'));
    return true;
  }

  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  list(status?: JobInfo['status']): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info).filter((i) => !status || i.status === status);
  }

  private progress(job: RunningJob, p: JobProgress): void {
    if (job.info.status !== 'running') return;
    const now = this.clock.now();
    const phaseChanged = job.info.progress?.phase !== p.phase;
    const last = p.done >= p.total;
    job.info.progress = { phase: p.phase, done: p.done, total: p.total };
    if (!phaseChanged && !last && now - job.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    job.lastProgressAt = now;
    this.publish('job.progress', p);
  }

  private async execute(job: RunningJob, run: (ctx: JobRunContext) => Promise<unknown>, ctx: JobRunContext): Promise<void> {
    let finished: JobFinished;
    try {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const result = await run(ctx);
      if (ctx.signal.aborted) throw ctx.signal.reason;
      finished = { jobId: job.info.jobId, method: job.info.method, ok: true, result };
      job.info.status = 'succeeded';
    } catch (e) {
      const error: ContractError = ctx.signal.aborted ? { code: 'CANCELLED', message: 'cancelled by the user' } : toContractError(e);
      if (error.code === 'INTERNAL') this.log('job failed', { jobId: job.info.jobId, method: job.info.method, error: String((e as Error)?.stack ?? e) });
      finished = { jobId: job.info.jobId, method: job.info.method, ok: false, error };
      job.info.status = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
      job.info.error = error;
    }
    job.info.finishedAt = this.clock.now();
    this.publish('job.finished', finished);
    this.prune();
  }

  private prune(): void {
    const done = [...this.jobs.values()].filter((j) => j.info.status !== 'running');
    for (const j of done.slice(0, Math.max(0, done.length - KEEP_FINISHED))) this.jobs.delete(j.info.jobId);
  }
}
