// Entry of a strategy sandbox thread (bundled to out/…/sandbox-worker.js). It runs one whole
// backtest: the engine is pure, so strategy and engine share this thread; the thread has no env,
// a memory ceiling and a watchdog in the parent. User code is evaluated in a vm context without
// process, require or import() (defence in depth: the thread boundary is the main wall).
import { parentPort } from 'node:worker_threads';
import { runBacktest } from '../backtest/engine';
import { isEngineError, toContractError } from '../core/errors';
import { loadStrategy } from './load-compiled';
import type { SandboxReply, SandboxRequest } from './sandbox-protocol';

const port = parentPort;
if (!port) throw new Error('sandbox-worker runs as a worker thread');
const reply = (m: SandboxReply): void => port.postMessage(m);

port.once('message', (req: SandboxRequest) => {
  try {
    reply({ type: 'done', result: run(req) });
  } catch (e) {
    reply({ type: 'error', error: isEngineError(e) ? toContractError(e) : { code: 'INTERNAL', message: String((e as Error)?.message ?? e) } });
  }
});

function run(req: SandboxRequest) {
  // the same loading rules as the live sandbox: a built-in by id, or the user's bundle in a vm
  // context with every hook on the watchdog's heartbeat
  const loaded = loadStrategy(req.strategy, req.budgetMs, req.heartbeat);
  try {
    return runBacktest(
      { strategy: loaded.strategy, feeds: req.feeds, config: req.config },
      { onProgress: (progress) => reply({ type: 'progress', progress }), checkEvery: 1 << 18 },
    );
  } catch (e) {
    throw loaded.withUserStack(e);
  }
}
