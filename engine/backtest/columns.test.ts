import { describe, expect, it } from 'vitest';
import { Interner, RecordLog } from './columns';

describe('RecordLog', () => {
  it('keeps every field of every record across segment boundaries (16, 48, 112, … records)', () => {
    const stride = 3;
    const log = new RecordLog(stride);
    const n = 5000;
    for (let r = 0; r < n; r++) {
      const i = log.add();
      for (let f = 0; f < stride; f++) log.data[i + f] = r * 10 + f;
    }
    expect(log.length).toBe(n);
    for (const r of [0, 15, 16, 47, 48, 111, 112, 239, 240, 4079, 4080, n - 1]) {
      const i = log.at(r);
      expect(i % stride).toBe(0);
      expect([log.data[i], log.data[i + 1], log.data[i + 2]]).toEqual([r * 10, r * 10 + 1, r * 10 + 2]);
    }
    // Every record has its own slot: no two records share memory.
    const seen = new Set<string>();
    const ids = new Map<Float64Array, number>();
    for (let r = 0; r < n; r++) {
      const i = log.at(r);
      if (!ids.has(log.data)) ids.set(log.data, ids.size);
      seen.add(`${ids.get(log.data)}:${i}`);
    }
    expect(seen.size).toBe(n);
    log.release();
    expect(log.length).toBe(0);
  });

  it('extends the log when a record past the end is written (orders are written at their sequence number)', () => {
    const log = new RecordLog(2);
    const i = log.at(100);
    log.data[i] = 7;
    expect(log.length).toBe(101);
    log.at(3);
    const j = log.at(100);
    expect(log.data[j]).toBe(7);
    expect(log.length).toBe(101);
  });
});

describe('Interner', () => {
  it('gives each string one id, and null −1', () => {
    const s = new Interner();
    expect(s.id(null)).toBe(-1);
    expect(s.id(undefined)).toBe(-1);
    const a = s.id('a');
    expect(s.id('b')).not.toBe(a);
    expect(s.id('a')).toBe(a);
    expect(s.value(a)).toBe('a');
    expect(s.value(-1)).toBeNull();
  });

  it('keeps ids stable while strings alternate and new ones come (the last two are cached)', () => {
    const s = new Interner();
    const seq = ['entry', 'exit', 'entry', 'exit', 'stop', 'entry', 'stop', 'exit', 'exit', 'new'].map((x) => s.id(x));
    expect(seq).toEqual([0, 1, 0, 1, 2, 0, 2, 1, 1, 3]);
    expect([0, 1, 2, 3].map((i) => s.value(i))).toEqual(['entry', 'exit', 'stop', 'new']);
  });
});
