// Entry of a pool worker thread (bundled to out/…/pool-worker.js): runs one registry task per call.
import type { MessagePort } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { isEngineError } from '../core/errors';
import { TASK_ERROR, taskRegistry, transferablesOf } from './tasks/registry';
import type { PoolTaskMessage } from './tasks/pool-runner';

export default function runTask(message: PoolTaskMessage): unknown {
  const port = message.progressPort as MessagePort | undefined;
  const fn = taskRegistry[message.name] as (input: unknown, progress: (d: number, t: number) => void) => unknown;
  let result: unknown;
  try {
    result = fn(message.input, port ? (done, total) => port.postMessage([done, total]) : () => {});
  } catch (e) {
    // Errors lose their class and extra fields crossing threads: send the contract error as data.
    return { [TASK_ERROR]: isEngineError(e) ? { code: e.code, message: e.message, details: e.details } : { code: 'INTERNAL', message: String((e as Error)?.stack ?? e) } };
  } finally {
    port?.close();
  }
  const buffers = transferablesOf(result);
  if (buffers.length === 0) return result;
  // Move the column buffers back instead of copying megabytes of bars.
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return result;
    },
  } as never);
}
