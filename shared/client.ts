import { methods } from './contract';
import type {
  CallMethodName,
  EventPayload,
  EventTopic,
  JobMethodName,
  JobResult,
  MethodInput,
  MethodName,
  MethodOutput,
} from './contract';
import type { ErrorCode } from './contract/errors';
import type { ClientMessage, PushEnvelope, ReplyEnvelope, RequestId, ServerMessage } from './contract/envelope';
import { isPush } from './contract/envelope';
import type { JobFinished, JobProgress } from './contract/jobs';
import type { Transport } from './transport';

/** A contract error on the caller's side: the same code, message and details the host sent. */
export class ContractCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ContractCallError';
  }
}

/** The part of AbortSignal we use (shared/ is compiled without the DOM and Node typings). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
}

export interface CallOptions {
  /** Aborting sends a cancel envelope; the call then rejects with CANCELLED. */
  signal?: AbortSignalLike;
}

export interface JobOptions extends CallOptions {
  onProgress?: (p: JobProgress) => void;
  /** Called with the job id as soon as the host accepted the job. */
  onStarted?: (jobId: string) => void;
}

type Domain<K> = K extends `${infer D}.${string}` ? D : never;
/** `client.api.data.bars(input)`: the same calls as `client.call`, shaped by domain. Job methods resolve with their result. */
export type Api = {
  [D in Domain<MethodName>]: {
    [K in MethodName as K extends `${D}.${infer V}` ? V : never]: K extends JobMethodName
      ? (input: MethodInput<K>, opts?: JobOptions) => Promise<JobResult<K>>
      : K extends CallMethodName
        ? (input: MethodInput<K>, opts?: CallOptions) => Promise<MethodOutput<K>>
        : never;
  };
};

export interface Client {
  call<K extends CallMethodName>(method: K, input: MethodInput<K>, opts?: CallOptions): Promise<MethodOutput<K>>;
  /** Starts a job and resolves with its result; progress arrives through `onProgress`. */
  job<K extends JobMethodName>(method: K, input: MethodInput<K>, opts?: JobOptions): Promise<JobResult<K>>;
  on<T extends EventTopic>(topic: T, handler: (payload: EventPayload<T>, seq: number) => void): () => void;
  readonly api: Api;
  close(): void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  /** Runs synchronously on the reply, before any later message is handled (job registration). */
  onValue?: (v: unknown) => void;
}

const JOB_METHODS = new Set(Object.entries(methods).filter(([, spec]) => spec.kind === 'job').map(([name]) => name));

export function createClient(transport: Transport): Client {
  let nextId = 1;
  let closedReason: string | null = null;
  const pending = new Map<RequestId, Pending>();
  const listeners = new Map<string, Set<(payload: unknown, seq: number) => void>>();
  const jobWaiters = new Map<string, { onFinished: (f: JobFinished) => void; onProgress?: (p: JobProgress) => void }>();
  // A job can finish before its caller registered (tiny jobs): keep the outcome until asked.
  const earlyFinishes = new Map<string, JobFinished>();

  const onReply = (m: ReplyEnvelope) => {
    if (m.id === null) return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) {
      p.onValue?.(m.value);
      p.resolve(m.value);
    }
    else p.reject(new ContractCallError(m.error.code, m.error.message, m.error.details));
  };

  const onPush = (m: PushEnvelope) => {
    if (m.topic === 'job.progress') {
      const p = m.payload as JobProgress;
      jobWaiters.get(p.jobId)?.onProgress?.(p);
    } else if (m.topic === 'job.finished') {
      const f = m.payload as JobFinished;
      const w = jobWaiters.get(f.jobId);
      if (w) {
        jobWaiters.delete(f.jobId);
        w.onFinished(f);
      } else {
        earlyFinishes.set(f.jobId, f);
        if (earlyFinishes.size > 1000) earlyFinishes.delete(earlyFinishes.keys().next().value as string);
      }
    }
    listeners.get(m.topic)?.forEach((h) => h(m.payload, m.seq));
  };

  const unsubscribe = transport.onMessage((m: ServerMessage) => (isPush(m) ? onPush(m) : onReply(m)));
  transport.onClose?.((reason) => failAll(reason));

  function failAll(reason: string) {
    closedReason = reason;
    const err = () => new ContractCallError('UNAVAILABLE', `connection to the engine closed: ${reason}`);
    pending.forEach((p) => p.reject(err()));
    pending.clear();
    jobWaiters.forEach((w, jobId) => w.onFinished({ jobId, method: '', ok: false, error: { code: 'UNAVAILABLE', message: err().message } } as JobFinished));
    jobWaiters.clear();
  }

  function request(method: string, input: unknown, opts?: CallOptions, onValue?: (v: unknown) => void): Promise<unknown> {
    if (closedReason !== null) return Promise.reject(new ContractCallError('UNAVAILABLE', `connection to the engine closed: ${closedReason}`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onValue });
      if (opts?.signal) {
        if (opts.signal.aborted) {
          pending.delete(id);
          reject(new ContractCallError('CANCELLED', 'cancelled before it was sent'));
          return;
        }
        opts.signal.addEventListener('abort', () => send({ id, cancel: true }), { once: true });
      }
      send({ id, method, input });
    });
  }

  function send(m: ClientMessage) {
    transport.send(m);
  }

  async function runJob(method: string, input: unknown, opts?: JobOptions): Promise<unknown> {
    // The waiter is registered the moment the reply arrives: a transport may hand over the job's
    // first events in the same tick as the reply, before any promise continuation runs.
    let finished!: Promise<JobFinished>;
    const register = (value: unknown) => {
      const { jobId } = value as { jobId: string };
      finished = new Promise<JobFinished>((resolve) => {
        const early = earlyFinishes.get(jobId);
        if (early) {
          earlyFinishes.delete(jobId);
          resolve(early);
          return;
        }
        jobWaiters.set(jobId, { onFinished: resolve, onProgress: opts?.onProgress });
      });
    };
    const { jobId } = (await request(method, input, { signal: opts?.signal }, register)) as { jobId: string };
    opts?.onStarted?.(jobId);
    const cancel = () => void request('jobs.cancel', { jobId }).catch(() => {});
    if (opts?.signal?.aborted) cancel();
    else opts?.signal?.addEventListener('abort', cancel, { once: true });
    const outcome = await finished;
    if (outcome.ok) return outcome.result;
    throw new ContractCallError(outcome.error.code, outcome.error.message, outcome.error.details);
  }

  const api = new Proxy({} as Api, {
    get: (_t, domain: string) =>
      new Proxy(
        {},
        {
          get: (_t2, verb: string) => {
            const method = `${domain}.${verb}`;
            return (input: unknown, opts?: JobOptions) => (JOB_METHODS.has(method) ? runJob(method, input, opts) : request(method, input, opts));
          },
        },
      ),
  });

  return {
    call: (method, input, opts) => request(method, input, opts) as never,
    job: (method, input, opts) => runJob(method, input, opts) as never,
    on(topic, handler) {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set);
      const h = handler as (payload: unknown, seq: number) => void;
      set.add(h);
      return () => set.delete(h);
    },
    api,
    close() {
      unsubscribe();
      failAll('client closed');
      transport.close?.();
    },
  };
}
