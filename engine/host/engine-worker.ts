// Entry of the engine worker thread (bundled to out/…/engine-worker.js): owns the databases,
// the pool and the dispatcher; the main thread only routes messages to it.
import { parentPort, workerData } from 'node:worker_threads';
import { toContractError } from '../core/errors';
import { createEngine } from './engine';
import type { MainToWorker, WorkerToMain } from './worker-protocol';

const port = parentPort!;
const post = (m: WorkerToMain) => port.postMessage(m);
const { dataDir, shell, poolThreads, sampleDir } = workerData as { dataDir: string; shell: 'electron' | 'server' | 'cli' | 'test'; poolThreads?: number; sampleDir?: string | null };

try {
  const engine = await createEngine({ dataDir, shell, mode: 'worker', poolThreads, sampleDir });
  engine.events.subscribe((topic, payload) => post({ t: 'push', topic, payload }));
  port.on('message', (m: MainToWorker) => {
    if (m.t === 'msg') engine.dispatcher.handle(m.conn, m.data, (reply) => post({ t: 'reply', conn: m.conn, data: reply }));
    else if (m.t === 'drop') engine.dispatcher.disconnect(m.conn);
    else if (m.t === 'shutdown') void engine.close().finally(() => port.close());
  });
  post({ t: 'ready' });
} catch (e) {
  post({ t: 'fatal', error: toContractError(e) });
  port.close();
}
