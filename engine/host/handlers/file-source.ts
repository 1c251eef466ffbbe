import { readFile } from 'node:fs/promises';
import type { FileSource } from '../../../shared/contract/data';
import { EngineError } from '../../core/errors';

/** The bytes of a file the caller named: read from disk, or the text it sent along. */
export async function readFileSource(source: FileSource): Promise<Uint8Array> {
  if (source.kind === 'content') return new TextEncoder().encode(source.content);
  try {
    const buf = await readFile(source.path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EngineError('NOT_FOUND', `file not found: ${source.path}`);
    if (code === 'EISDIR') throw new EngineError('BAD_DATA', `${source.path} is a folder, not a file`);
    if (code === 'EACCES' || code === 'EPERM') throw new EngineError('BAD_DATA', `no permission to read ${source.path}`);
    throw new EngineError('BAD_DATA', `cannot read ${source.path} (${code ?? 'unknown error'})`);
  }
}

/** The buffer to move to a worker, when the bytes own all of it (otherwise they are copied). */
export function ownedBuffer(bytes: Uint8Array): ArrayBuffer[] {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [];
}
