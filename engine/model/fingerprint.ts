import type { BarColumns } from './bars';
import { BAR_FIELDS } from './bars';

// FNV-1a, 32-bit, run twice with different offset bases so the digest is 64 bits wide.
// Pure JS and deterministic across platforms: the bytes hashed are the IEEE-754 doubles in
// little-endian order, whatever the host's byte order.
const FNV_PRIME = 0x01000193;
const BASIS_A = 0x811c9dc5;
const BASIS_B = 0x050c5d1f;
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

export interface Fingerprinter {
  addNumber(x: number): Fingerprinter;
  addString(s: string): Fingerprinter;
  addColumn(values: Float64Array): Fingerprinter;
  /** 16 hex digits. */
  digest(): string;
}

export function fingerprinter(): Fingerprinter {
  let a = BASIS_A;
  let b = BASIS_B;
  const buf = new DataView(new ArrayBuffer(8));
  const addByte = (x: number): void => {
    a = Math.imul(a ^ x, FNV_PRIME);
    b = Math.imul(b ^ x, FNV_PRIME);
  };
  const addDouble = (x: number): void => {
    buf.setFloat64(0, x, true);
    for (let k = 0; k < 8; k++) addByte(buf.getUint8(k));
  };
  const self: Fingerprinter = {
    addNumber(x) {
      addDouble(x);
      return self;
    },
    addString(s) {
      addDouble(s.length);
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        addByte(c & 0xff);
        addByte(c >>> 8);
      }
      return self;
    },
    addColumn(values) {
      addDouble(values.length);
      let le: Uint8Array;
      if (LITTLE_ENDIAN) le = new Uint8Array(values.buffer, values.byteOffset, values.byteLength); // no copy
      else {
        le = new Uint8Array(values.length * 8);
        const view = new DataView(le.buffer);
        for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
      }
      let ha = a;
      let hb = b;
      for (let k = 0; k < le.length; k++) {
        const x = le[k];
        ha = Math.imul(ha ^ x, FNV_PRIME);
        hb = Math.imul(hb ^ x, FNV_PRIME);
      }
      a = ha;
      b = hb;
      return self;
    },
    digest() {
      return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
    },
  };
  return self;
}

/** Deterministic hash of bar columns (all six fields, in order), for the run registry. */
export function fingerprintBars(c: BarColumns): string {
  const f = fingerprinter();
  for (const field of BAR_FIELDS) f.addString(field).addColumn(c[field]);
  return f.digest();
}
