import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeResult, encodeResult, isGzip } from './result-codec';

describe('result codec', () => {
  const json = JSON.stringify({ curve: { ts: Array.from({ length: 5000 }, (_, i) => 1.7e12 + i * 6e4), equity: Array.from({ length: 5000 }, (_, i) => 1e5 + Math.sin(i) * 17.25) }, note: 'ünïcode ✓' });

  it('gives back the JSON it packed, smaller', () => {
    const blob = encodeResult(json);
    expect(blob.length).toBeLessThan(json.length / 2);
    expect(isGzip(blob)).toBe(false);
    expect(decodeResult(blob)).toBe(json);
  });

  it('reads the gzip of rows written before it', () => {
    for (const level of [1, 6, 9]) expect(decodeResult(gzipSync(json, { level }))).toBe(json);
  });

  it('packs empty and tiny results', () => {
    for (const s of ['', '{}', 'null', '[1]']) expect(decodeResult(encodeResult(s))).toBe(s);
  });
});
