import type { CallMethodName, JobMethodName, JobResult, MethodOutput, ParsedInput } from '../../shared/contract';
import type { EngineServices } from './services';

/** The client connection a call came in on. */
export interface ConnectionScope {
  readonly id: number;
  /**
   * Runs `release` when this connection goes away (a closed window or socket), so what a client
   * holds — a live stream — does not outlive it. Returns a function that forgets the hook without
   * running it (for a client that releases the resource itself).
   */
  onClose(release: () => void): () => void;
}

export interface CallContext {
  services: EngineServices;
  /** Aborted when the caller sends a cancel envelope or disconnects. */
  signal: AbortSignal;
  connection: ConnectionScope;
}

export interface JobContext extends CallContext {
  jobId: string;
  /** Streams a `job.progress` event (throttled by the job runner). */
  progress(phase: string, done: number, total: number, message?: string): void;
}

export type CallHandler<K extends CallMethodName> = (input: ParsedInput<K>, ctx: CallContext) => Promise<MethodOutput<K>> | MethodOutput<K>;
export type JobHandler<K extends JobMethodName> = (input: ParsedInput<K>, ctx: JobContext) => Promise<JobResult<K>>;

/** One handler per contract method; the compiler checks that none is missing. */
export type Handlers = { [K in CallMethodName]: CallHandler<K> } & { [K in JobMethodName]: JobHandler<K> };
