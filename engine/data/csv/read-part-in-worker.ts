import { Worker } from 'node:worker_threads';
import { workerFile } from '../../host/worker-files';
import type { MarketCsvOptions, ParsedMarketCsv } from './parse-market-csv';
import { readRowsFast, type RawRows } from './parse-rows-fast';
import { parseMarketCsvSplit, type PartReader } from './parse-split';

/** A csv-rows-worker thread started before it has a part to read (startCsvRowsThread). */
export interface CsvRowsThread {
  readonly worker: Worker;
  /** It ended (failed) before it was given a part: a part then goes to a new thread. */
  exited: boolean;
}

/**
 * Starts the thread that will read a big file's second half, before the file is read: its
 * start-up (~40 ms of Node's own bootstrap) then overlaps the read instead of following it. It
 * keeps the process alive only once it has a part; parseMarketCsvThreaded ends it, used or not.
 * Null without the bundle (code run from source).
 */
export function startCsvRowsThread(): CsvRowsThread | null {
  let worker: Worker;
  try {
    worker = new Worker(workerFile('csv-rows-worker'));
  } catch {
    return null;
  }
  worker.unref();
  const thread = { worker, exited: false };
  // A thread that fails before it has work is not used (its error is not thrown either).
  worker.on('error', () => {});
  worker.once('exit', () => (thread.exited = true));
  return thread;
}

/**
 * parseMarketCsv for a caller on its own (the CLI): a big file's second half is read by a worker
 * thread meanwhile (`thread` if the caller started one, else a new one). The app already parses
 * in its pool and keeps to one thread per file.
 */
export async function parseMarketCsvThreaded(bytes: Uint8Array, opts: MarketCsvOptions = {}, thread: CsvRowsThread | null = null): Promise<ParsedMarketCsv> {
  let spare = thread;
  const readPart: PartReader = (part, plan, signal) => {
    const t = spare;
    spare = null;
    return readPartInWorker(part, plan, signal, t);
  };
  try {
    return await parseMarketCsvSplit(bytes, opts, readPart);
  } finally {
    if (spare) void spare.worker.terminate();
  }
}

/** Reads the part in a csv-rows-worker thread (the one given, or a new one); without the bundle (code run from source), here. */
export function readPartInWorker(part: Uint8Array, plan: Parameters<PartReader>[1], signal: AbortSignal, thread: CsvRowsThread | null = null): Promise<RawRows | null> {
  let worker: Worker;
  if (thread && !thread.exited) worker = thread.worker;
  else {
    let file: string;
    try {
      file = workerFile('csv-rows-worker');
    } catch {
      return Promise.resolve(readRowsFast(part, 0, plan));
    }
    // Started before the copy below, so the thread boots while the bytes are copied.
    worker = new Worker(file);
  }
  worker.ref();
  const result = new Promise<RawRows | null>((resolve) => {
    // Any failure of the thread reads as "not taken": the caller then parses the whole file itself.
    worker.once('message', (raw: RawRows | null) => {
      resolve(raw);
      void worker.terminate();
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  signal.addEventListener('abort', () => void worker.terminate(), { once: true });
  // A copy the worker owns: the caller keeps reading its bytes.
  const bytes = part.slice();
  const { roleOf, need, delim, unit, direction, volumeScale } = plan;
  try {
    worker.postMessage({ bytes, plan: { roleOf, need, delim, unit, direction, volumeScale } }, [bytes.buffer]);
  } catch {
    // A thread that already ended.
    return Promise.resolve(null);
  }
  return result;
}
