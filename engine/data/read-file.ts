import { open } from 'node:fs/promises';
import { EngineError } from '../core/errors';

const CHUNK = 8 << 20;
/** Largest file read whole: the largest typed array Node allows. */
const MAX_BYTES = 4 * 2 ** 30 - 1;

/** Reads a whole file into one buffer, reporting bytes read; a missing file is NOT_FOUND. */
export async function readFileWithProgress(file: string, onProgress?: (done: number, total: number) => void): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EngineError('NOT_FOUND', `no such file: ${file}`);
    if (code === 'EISDIR') throw new EngineError('INVALID_INPUT', `${file} is a folder, not a file`);
    if (code === 'EACCES' || code === 'EPERM') throw new EngineError('INVALID_INPUT', `cannot read ${file}: permission denied`);
    throw e;
  }
  try {
    const { size } = await fh.stat();
    if (size > MAX_BYTES) {
      throw new EngineError('INVALID_INPUT', `${file} is ${(size / 2 ** 30).toFixed(1)} GiB; files up to ${MAX_BYTES / 2 ** 30} GiB can be imported at once: split it`);
    }
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await fh.read(out, done, Math.min(CHUNK, size - done), done);
      if (bytesRead === 0) break; // the file shrank while we read it
      done += bytesRead;
      onProgress?.(done, size);
    }
    return done === size ? out : out.subarray(0, done);
  } finally {
    await fh.close();
  }
}
