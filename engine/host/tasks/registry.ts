import type { Timeframe } from '../../../shared/timeframe';
import { parseMarketCsv, type ParsedMarketCsv } from '../../data/csv/parse-market-csv';
import { computeIndicator, type InputColumns, type Params } from '../../indicators';

/** Key of the envelope a pool worker returns instead of throwing (errors lose their fields between threads). */
export const TASK_ERROR = '__quantdeskTaskError';

/** Reports task progress back to whoever started the task (across the thread boundary in the pool). */
export type TaskProgress = (done: number, total: number) => void;

/**
 * CPU-heavy, stateless work that the pool runs off the engine thread. Each task is a plain
 * function of its input, so the inline runner (tests, CLI) and the pool run the same code.
 */
export const taskRegistry = {
  parseCsv(input: { bytes: Uint8Array; skipBadRows: boolean; timeframe?: Timeframe }, progress: TaskProgress): ParsedMarketCsv {
    return parseMarketCsv(input.bytes, { skipBadRows: input.skipBadRows, onProgress: progress, ...(input.timeframe ? { timeframe: input.timeframe } : {}) });
  },
  /** One indicator over bar columns (moved in); its output columns are moved back. */
  computeIndicator(input: { name: string; params: Params; columns: InputColumns }): { outputs: Record<string, Float64Array> } {
    return { outputs: computeIndicator(input.name, input.columns, input.params) };
  },
};

export type TaskName = keyof typeof taskRegistry;
export type TaskInput<K extends TaskName> = Parameters<(typeof taskRegistry)[K]>[0];
export type TaskOutput<K extends TaskName> = ReturnType<(typeof taskRegistry)[K]>;

/** The buffers of typed arrays found (shallowly, one level into objects) in a task's output, to move rather than copy. */
export function transferablesOf(value: unknown, depth = 2): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown, d: number) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
    } else if (d > 0 && v && typeof v === 'object') {
      for (const x of Object.values(v)) visit(x, d - 1);
    }
  };
  visit(value, depth);
  return [...out];
}
