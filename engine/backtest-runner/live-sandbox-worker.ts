// Entry of a persistent live strategy sandbox (bundled to out/…/live-sandbox-worker.js): one
// thread per deployment, alive while it runs. It hosts the strategy (`StrategyHost`: the backtest's
// context over growing feeds) and answers the deployment's calls — bars and order updates in,
// order intents out. No env, a memory ceiling and the parent's watchdog, as in backtests.
import { parentPort } from 'node:worker_threads';
import { EngineError, isEngineError, toContractError } from '../core/errors';
import { StrategyHost } from '../live/runtime/strategy-host';
import type { HostOrderUpdate, HostStart, HostStep } from '../live/runtime/protocol';
import { loadStrategy, type LoadedStrategy } from './load-compiled';
import type { LiveSandboxCall, LiveSandboxReply } from './live-sandbox-protocol';

const port = parentPort;
if (!port) throw new Error('live-sandbox-worker runs as a worker thread');
const reply = (m: LiveSandboxReply): void => port.postMessage(m);

let host: StrategyHost | null = null;
let loaded: LoadedStrategy | null = null;

port.on('message', (m: LiveSandboxCall) => {
  try {
    reply({ seq: m.seq, ok: true, value: call(m) });
  } catch (e) {
    const err = loaded ? loaded.withUserStack(e) : e;
    reply({ seq: m.seq, ok: false, error: isEngineError(err) ? toContractError(err) : { code: 'INTERNAL', message: String((err as Error)?.message ?? err) } });
  }
});

function call(m: LiveSandboxCall): unknown {
  if (m.method === 'start') {
    loaded = loadStrategy(m.strategy, m.budgetMs, m.heartbeat);
    host = new StrategyHost(loaded.strategy);
    return host.start(m.arg as HostStart);
  }
  if (!host) throw new EngineError('INTERNAL', 'the live sandbox has not started');
  if (m.method === 'step') return host.step(m.arg as HostStep);
  if (m.method === 'update') return host.update(m.arg as HostOrderUpdate);
  return host.stop();
}
