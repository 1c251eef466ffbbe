import { Worker } from 'node:worker_threads';
import type { ReplyEnvelope, ServerMessage } from '../../shared/contract/envelope';
import type { SystemInfo } from '../../shared/contract/system';
import { EngineError } from '../core/errors';
import { createEngine, type Engine } from './engine';
import type { MainToWorker, WorkerToMain } from './worker-protocol';
import { workerFile } from './worker-files';

export interface HostOptions {
  dataDir: string;
  shell: SystemInfo['shell'];
  /** `worker` (default): the engine runs in its own thread and this thread only routes messages. */
  engine?: 'worker' | 'inline';
  poolThreads?: number;
  /** Bundled sample data folder; default `resources/sample` of the install; null: none. */
  sampleDir?: string | null;
}

/** One client's link to the host. Messages are plain values (structured-clonable); replies and pushes come back through `onMessage`. */
export interface HostConnection {
  send(raw: unknown): void;
  onMessage(handler: (m: ServerMessage) => void): () => void;
  onClose(handler: (reason: string) => void): () => void;
  close(): void;
}

export interface Host {
  connect(): HostConnection;
  close(): Promise<void>;
}

interface Conn {
  id: number;
  seq: number;
  handlers: Set<(m: ServerMessage) => void>;
  closeHandlers: Set<(reason: string) => void>;
  open: boolean;
}

/**
 * Routes client messages to the engine and fans replies and events back out. Each connection
 * numbers its pushes (`seq`) so a client can see a gap.
 */
class Router {
  private nextId = 1;
  readonly conns = new Map<number, Conn>();

  constructor(
    private readonly forward: (connId: number, raw: unknown) => void,
    private readonly dropped: (connId: number) => void,
  ) {}

  connect(): HostConnection {
    const conn: Conn = { id: this.nextId++, seq: 0, handlers: new Set(), closeHandlers: new Set(), open: true };
    this.conns.set(conn.id, conn);
    return {
      send: (raw) => {
        if (conn.open) this.forward(conn.id, raw);
      },
      onMessage: (h) => {
        conn.handlers.add(h);
        return () => conn.handlers.delete(h);
      },
      onClose: (h) => {
        conn.closeHandlers.add(h);
        return () => conn.closeHandlers.delete(h);
      },
      close: () => this.drop(conn, 'closed by the client'),
    };
  }

  reply(connId: number, reply: ReplyEnvelope): void {
    const conn = this.conns.get(connId);
    if (conn?.open) this.deliver(conn, reply);
  }

  push(topic: string, payload: unknown): void {
    for (const conn of this.conns.values()) if (conn.open) this.deliver(conn, { topic, seq: conn.seq++, payload });
  }

  closeAll(reason: string): void {
    for (const conn of [...this.conns.values()]) this.drop(conn, reason);
  }

  private deliver(conn: Conn, m: ServerMessage): void {
    for (const h of conn.handlers) {
      try {
        h(m);
      } catch {
        // a client's handler bug stays the client's
      }
    }
  }

  private drop(conn: Conn, reason: string): void {
    if (!conn.open) return;
    conn.open = false;
    this.conns.delete(conn.id);
    this.dropped(conn.id);
    conn.closeHandlers.forEach((h) => h(reason));
  }
}

/** The engine in the calling thread: the same dispatcher, no worker (CLI one-shots, unit tests). */
async function startInlineHost(opts: HostOptions): Promise<Host> {
  const engine: Engine = await createEngine({ dataDir: opts.dataDir, shell: opts.shell, mode: 'inline', poolThreads: opts.poolThreads, sampleDir: opts.sampleDir });
  // Cloning keeps the in-process link honest: nothing is shared by reference that a worker or socket could not carry.
  const router: Router = new Router(
    (connId, raw) => {
      let msg: unknown;
      try {
        msg = structuredClone(raw);
      } catch {
        msg = { unclonable: true };
      }
      engine.dispatcher.handle(connId, msg, (reply) => router.reply(connId, reply));
    },
    (connId) => engine.dispatcher.disconnect(connId),
  );
  const unsubscribe = engine.events.subscribe((topic, payload) => router.push(topic, payload));
  return {
    connect: () => router.connect(),
    async close() {
      unsubscribe();
      router.closeAll('host stopped');
      await engine.close();
    },
  };
}

/** The engine in its own worker thread; this thread only routes (ARCHITECTURE: threads and processes). */
async function startWorkerHost(opts: HostOptions): Promise<Host> {
  const worker = new Worker(workerFile('engine-worker'), {
    workerData: { dataDir: opts.dataDir, shell: opts.shell, poolThreads: opts.poolThreads, sampleDir: opts.sampleDir },
  });
  let stopping = false;
  const router = new Router(
    (connId, raw) => {
      try {
        worker.postMessage({ t: 'msg', conn: connId, data: raw } satisfies MainToWorker);
      } catch {
        router.reply(connId, { id: null, ok: false, error: { code: 'INVALID_INPUT', message: 'message cannot be sent to the engine (not structured-clonable)' } });
      }
    },
    (connId) => worker.postMessage({ t: 'drop', conn: connId } satisfies MainToWorker),
  );
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: WorkerToMain) => {
      if (m.t === 'ready') resolve();
      else if (m.t === 'fatal') reject(new EngineError(m.error.code, m.error.message, m.error.details));
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new EngineError('UNAVAILABLE', `engine worker exited during start (code ${code})`)));
  });
  worker.removeAllListeners('error').removeAllListeners('exit');
  worker.on('message', (m: WorkerToMain) => {
    if (m.t === 'reply') router.reply(m.conn, m.data);
    else if (m.t === 'push') router.push(m.topic, m.payload);
  });
  worker.on('error', (e) => {
    process.stderr.write(`quantdesk: engine worker failed: ${e.message}\n`);
  });
  worker.on('exit', () => {
    if (!stopping) router.closeAll('the engine stopped unexpectedly');
  });
  return {
    connect: () => router.connect(),
    async close() {
      if (stopping) return;
      stopping = true;
      router.closeAll('host stopped');
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ t: 'shutdown' } satisfies MainToWorker);
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function startHost(opts: HostOptions): Promise<Host> {
  return (opts.engine ?? 'worker') === 'worker' ? startWorkerHost(opts) : startInlineHost(opts);
}
