// Entry of the thread that reads the second half of a big CSV (bundled to out/…/csv-rows-worker.js; see read-part-in-worker.ts).
import { parentPort } from 'node:worker_threads';
import { BAR_FIELDS } from '../../model/bars';
import { readRowsFast, type FastRowsPlan } from './parse-rows-fast';

parentPort!.once('message', ({ bytes, plan }: { bytes: Uint8Array; plan: FastRowsPlan }) => {
  const raw = readRowsFast(bytes, 0, plan);
  // The columns move back to the parent instead of being copied.
  parentPort!.postMessage(raw, raw ? BAR_FIELDS.map((f) => raw.out[f].buffer as ArrayBuffer) : []);
});
