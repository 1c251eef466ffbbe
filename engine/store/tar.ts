import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { EngineError } from '../core/errors';

/**
 * Just enough of the ustar format to put a few regular files in one archive and take them out
 * again: a backup is one file the user can move around (and open with any `tar`).
 */
const BLOCK = 512;
const MAX_SIZE = 8 ** 11 - 1; // 11 octal digits: 8 GiB

function header(name: string, size: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  if (size > MAX_SIZE) throw new EngineError('INVALID_INPUT', `${name} is too large for a single-file backup (over 8 GiB): back up to a folder instead`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  h.write(Math.floor(mtime / 1000).toString(8).padStart(11, '0') + '\0', 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i];
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

async function write(out: WriteStream, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes `entries` (archive name → file on disk, with its size) into a tar file. */
export async function writeTar(file: string, entries: { name: string; path: string; size: number }[]): Promise<void> {
  const out = createWriteStream(file);
  const closed = once(out, 'close');
  try {
    for (const e of entries) {
      await write(out, header(e.name, e.size, Date.now()));
      await pipeline(createReadStream(e.path), out, { end: false });
      const pad = (BLOCK - (e.size % BLOCK)) % BLOCK;
      if (pad) await write(out, Buffer.alloc(pad));
    }
    await write(out, Buffer.alloc(BLOCK * 2));
  } finally {
    out.end();
    await closed;
  }
}

/** True when the file starts with a ustar header. */
export async function isTar(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(BLOCK);
    const { bytesRead } = await fh.read(b, 0, BLOCK, 0);
    return bytesRead === BLOCK && b.toString('ascii', 257, 262) === 'ustar';
  } finally {
    await fh.close();
  }
}

/** Copies the tar's regular files whose names `want` accepts to `dest(name)`; returns the names written. */
export async function extractTar(file: string, want: (name: string) => string | null): Promise<string[]> {
  const fh = await open(file, 'r');
  const written: string[] = [];
  try {
    const { size: total } = await fh.stat();
    let pos = 0;
    const h = Buffer.alloc(BLOCK);
    while (pos + BLOCK <= total) {
      await fh.read(h, 0, BLOCK, pos);
      if (h.every((x) => x === 0)) break;
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
      const type = h.toString('ascii', 156, 157);
      if (!Number.isFinite(size) || size < 0 || pos + BLOCK + size > total) {
        throw new EngineError('BAD_DATA', `${file} is not a complete backup archive (entry ${name} is cut off)`);
      }
      const dest = type === '0' || type === '\0' ? want(name) : null;
      if (dest && size === 0) {
        await writeFile(dest, '');
        written.push(name);
      } else if (dest) {
        await pipeline(createReadStream('', { fd: fh.fd, start: pos + BLOCK, end: pos + BLOCK + size - 1, autoClose: false }), createWriteStream(dest));
        written.push(name);
      }
      pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await fh.close();
  }
  return written;
}
