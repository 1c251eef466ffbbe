import { Worker } from 'node:worker_threads';
import { workerFile } from '../../host/worker-files';
import { csvRowsKernel } from './csv-rows-kernel';
import type { MarketCsvOptions, ParsedMarketCsv } from './parse-market-csv';
import { parseMarketCsvPrefaulted } from './parse-prefaulted';
import { readRowsFast, type RawRows } from './parse-rows-fast';
import { parseMarketCsvSplit, type PartReader } from './parse-split';

/**
 * parseMarketCsv for a caller on its own (the CLI). With the WebAssembly rows kernel, one pass
 * here, its columns' page faults mostly taken by a pool thread (parseMarketCsvPrefaulted): a
 * second thread reading rows no longer pays for itself (2M rows: ~260 ms of CPU in one pass,
 * ~420 ms in two threads — the thread's start, the copy of its part, the columns copied together
 * — for at most ~30 ms less on an idle machine, and more under load). Without the kernel, a big
 * file's second half is read by a worker thread meanwhile. The app parses in its pool, one
 * thread per file.
 */
export async function parseMarketCsvThreaded(bytes: Uint8Array, opts: MarketCsvOptions = {}): Promise<ParsedMarketCsv> {
  if (csvRowsKernel()) return parseMarketCsvPrefaulted(bytes, opts);
  return parseMarketCsvSplit(bytes, opts, readPartInWorker);
}

/** Reads the part in a csv-rows-worker thread; without the bundle (code run from source), here. */
export const readPartInWorker: PartReader = (part, plan, signal) => {
  let file: string;
  try {
    file = workerFile('csv-rows-worker');
  } catch {
    return Promise.resolve(readRowsFast(part, 0, plan));
  }
  // Started before the copy below, so the thread boots while the bytes are copied.
  const worker = new Worker(file);
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
  worker.postMessage({ bytes, plan: { roleOf, need, delim, unit, direction, volumeScale } }, [bytes.buffer]);
  return result;
};
