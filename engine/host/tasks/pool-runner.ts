import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { EngineError } from '../../core/errors';
import type { ErrorCode } from '../../../shared/contract/errors';
import { TASK_ERROR, type TaskInput, type TaskName, type TaskOutput } from './registry';
import type { RunTaskOptions, TaskRunner } from './task-runner';

export interface PoolTaskMessage {
  name: TaskName;
  input: unknown;
  progressPort?: import('node:worker_threads').MessagePort;
}

/** Tasks on a piscina pool (a maintained pool library: queueing, abort, idle shutdown). */
export function createPoolTaskRunner(workerFile: string, threads: number): TaskRunner {
  const pool = new Piscina({ filename: workerFile, minThreads: 0, maxThreads: Math.max(1, threads), idleTimeout: 30_000 });
  return {
    threads: Math.max(1, threads),
    async run<K extends TaskName>(name: K, input: TaskInput<K>, opts?: RunTaskOptions): Promise<TaskOutput<K>> {
      const channel = opts?.onProgress ? new MessageChannel() : null;
      if (channel && opts?.onProgress) {
        const onProgress = opts.onProgress;
        channel.port1.on('message', (m: [number, number]) => onProgress(m[0], m[1]));
      }
      try {
        const message: PoolTaskMessage = { name, input, ...(channel ? { progressPort: channel.port2 } : {}) };
        const out = (await pool.run(message, {
          transferList: [...(opts?.transfer ?? []), ...(channel ? [channel.port2] : [])] as never,
          ...(opts?.signal ? { signal: opts.signal } : {}),
        })) as TaskOutput<K> | { [TASK_ERROR]: { code: ErrorCode; message: string; details?: unknown } };
        if (out && typeof out === 'object' && TASK_ERROR in out) {
          const err = out[TASK_ERROR];
          if (err.code === 'INTERNAL') throw new Error(err.message);
          throw new EngineError(err.code, err.message, err.details);
        }
        return out as TaskOutput<K>;
      } catch (e) {
        if (opts?.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled');
        throw e;
      } finally {
        channel?.port1.close();
      }
    },
    async close() {
      await pool.destroy();
    },
  };
}
