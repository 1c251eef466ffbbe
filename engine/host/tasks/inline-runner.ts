import { EngineError } from '../../core/errors';
import { taskRegistry, type TaskInput, type TaskName, type TaskOutput } from './registry';
import type { RunTaskOptions, TaskRunner } from './task-runner';

/** Runs tasks on the calling thread: same code as the pool, no threads. */
export function createInlineTaskRunner(): TaskRunner {
  return {
    threads: 0,
    async run<K extends TaskName>(name: K, input: TaskInput<K>, opts?: RunTaskOptions): Promise<TaskOutput<K>> {
      if (opts?.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled');
      const fn = taskRegistry[name] as (i: TaskInput<K>, p: (d: number, t: number) => void) => TaskOutput<K>;
      return fn(input, opts?.onProgress ?? (() => {}));
    },
    async close() {},
  };
}
