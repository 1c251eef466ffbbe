import type { ReplyEnvelope, RequestId } from '../../shared/contract/envelope';
import { CancelEnvelopeSchema, RequestEnvelopeSchema, salvageRequestId } from '../../shared/contract/envelope';
import { isMethodName, methods } from '../../shared/contract';
import type { ContractError } from '../../shared/contract/errors';
import { toContractError } from '../core/errors';
import type { CallContext, ConnectionScope, Handlers, JobContext } from './handler-types';
import type { JobRunner } from './job-runner';
import type { EngineServices } from './services';

export type ReplySink = (reply: ReplyEnvelope) => void;

/** zod's issues, trimmed to what helps a caller fix the request (path and message). */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { message: string; details: unknown } {
  const list = issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = list[0];
  return { message: first ? `invalid input${first.path ? ` at ${first.path}` : ''}: ${first.message}` : 'invalid input', details: { issues: list } };
}

/**
 * The host's front door: reads any value a transport hands it, validates the envelope and the
 * input against the contract, runs the handler, and answers with exactly one reply. Nothing a
 * client sends can make it throw.
 */
export class Dispatcher {
  private readonly inFlight = new Map<string, { controller: AbortController; jobId?: string }>();
  private readonly closeHooks = new Map<number, Set<() => void>>();

  constructor(
    private readonly handlers: Handlers,
    private readonly services: EngineServices,
    private readonly jobs: JobRunner,
  ) {}

  handle(connId: number, raw: unknown, reply: ReplySink): void {
    try {
      this.route(connId, raw, reply);
    } catch (e) {
      // A bug in routing itself: still one typed reply, never a crash.
      this.services.log.error('dispatcher failure', { error: String((e as Error)?.stack ?? e) });
      reply({ id: salvageRequestId(raw), ok: false, error: { code: 'INTERNAL', message: 'internal error (see the engine log)' } });
    }
  }

  /** A connection went away: abort its calls (its jobs run on; they belong to the app, not the socket). */
  disconnect(connId: number): void {
    const prefix = `${connId}:`;
    for (const [key, f] of this.inFlight) {
      if (key.startsWith(prefix) && !f.jobId) f.controller.abort();
    }
    const hooks = this.closeHooks.get(connId);
    this.closeHooks.delete(connId);
    for (const release of hooks ?? []) {
      try {
        release();
      } catch (e) {
        this.services.log.error('releasing a connection resource failed', { error: String((e as Error)?.stack ?? e) });
      }
    }
  }

  private scope(connId: number): ConnectionScope {
    return {
      id: connId,
      onClose: (release) => {
        let hooks = this.closeHooks.get(connId);
        if (!hooks) this.closeHooks.set(connId, (hooks = new Set()));
        // a fresh wrapper per registration, so the same function registered twice is released twice
        const entry = () => release();
        hooks.add(entry);
        return () => {
          hooks.delete(entry);
        };
      },
    };
  }

  private route(connId: number, raw: unknown, reply: ReplySink): void {
    const cancel = CancelEnvelopeSchema.safeParse(raw);
    if (cancel.success) {
      const f = this.inFlight.get(`${connId}:${cancel.data.id}`);
      if (f?.jobId) this.jobs.cancel(f.jobId);
      f?.controller.abort();
      return; // the cancelled call itself answers (CANCELLED); a cancel has no reply of its own
    }
    const env = RequestEnvelopeSchema.safeParse(raw);
    if (!env.success) {
      const { message, details } = describeIssues(env.error.issues);
      reply({ id: salvageRequestId(raw), ok: false, error: { code: 'INVALID_INPUT', message: `malformed request: ${message}`, details } });
      return;
    }
    const { id, method } = env.data;
    if (!isMethodName(method)) {
      reply({ id, ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method "${method.slice(0, 100)}"` } });
      return;
    }
    const spec = methods[method];
    const input = spec.input.safeParse(env.data.input ?? {});
    if (!input.success) {
      reply({ id, ok: false, error: { code: 'INVALID_INPUT', ...describeIssues(input.error.issues) } });
      return;
    }
    const key = `${connId}:${id}`;
    if (this.inFlight.has(key)) {
      reply({ id, ok: false, error: { code: 'CONFLICT', message: `request id ${String(id)} is already in use on this connection` } });
      return;
    }
    const controller = new AbortController();
    if (spec.kind === 'job') {
      const handler = this.handlers[method as keyof Handlers] as unknown as (i: unknown, c: JobContext) => Promise<unknown>;
      const jobId = this.jobs.start(method, (jctx) => handler(input.data, { services: this.services, signal: jctx.signal, connection: this.scope(connId), jobId: jctx.jobId, progress: jctx.progress }));
      // The request id stays cancellable until the job ends.
      this.inFlight.set(key, { controller, jobId });
      const forget = (topic: string, payload: unknown) => {
        if (topic === 'job.finished' && (payload as { jobId?: string }).jobId === jobId) {
          this.inFlight.delete(key);
          off();
        }
      };
      const off = this.services.events.subscribe(forget);
      reply({ id, ok: true, value: { jobId } });
      return;
    }
    this.inFlight.set(key, { controller });
    const handler = this.handlers[method as keyof Handlers] as unknown as (i: unknown, c: CallContext) => unknown;
    void this.runCall(id, () => handler(input.data, { services: this.services, signal: controller.signal, connection: this.scope(connId) }), controller.signal)
      .then((r) => reply(r))
      .finally(() => this.inFlight.delete(key));
  }

  private async runCall(id: RequestId, run: () => unknown, signal: AbortSignal): Promise<ReplyEnvelope> {
    const cancelled = new Promise<ContractError>((resolve) => signal.addEventListener('abort', () => resolve({ code: 'CANCELLED', message: 'cancelled by the caller' }), { once: true }));
    try {
      const result = await Promise.race([Promise.resolve().then(run).then((value) => ({ value })), cancelled.then((error) => ({ error }))]);
      if ('error' in result) return { id, ok: false, error: result.error };
      return { id, ok: true, value: result.value };
    } catch (e) {
      const error = toContractError(e);
      if (error.code === 'INTERNAL') this.services.log.error('handler failed', { error: String((e as Error)?.stack ?? e) });
      return { id, ok: false, error };
    }
  }
}
