import type { TaskInput, TaskName, TaskOutput, TaskProgress } from './registry';

export interface RunTaskOptions {
  signal?: AbortSignal;
  onProgress?: TaskProgress;
  /** Buffers in the input that may be moved to the worker instead of copied. */
  transfer?: ArrayBuffer[];
}

/** Runs registry tasks: on a worker pool in the app, inline in tests and one-shot CLI commands. */
export interface TaskRunner {
  readonly threads: number;
  run<K extends TaskName>(name: K, input: TaskInput<K>, opts?: RunTaskOptions): Promise<TaskOutput<K>>;
  close(): Promise<void>;
}
