import { describe, expect, it } from 'vitest';
import { ArraySeries, Cursor, interleave, separate } from './series';

describe('interleaved series', () => {
  it('read the same values through the cursor, never past it, and separate again', () => {
    const a = new Cursor();
    const b = new Cursor();
    const cols = [new Float64Array([1, 2, 3, 4]), new Float64Array([10, 20, 30, 40]), new Float64Array([100, 200, 300, 400])];
    const series = [new ArraySeries(cols[0], a), new ArraySeries(cols[1], b), new ArraySeries(cols[2], a)];
    const out = new Float64Array(12).fill(-1);
    interleave(series, out);
    expect([...out]).toEqual([1, 10, 100, 2, 20, 200, 3, 30, 300, 4, 40, 400]);
    a.i = 2;
    b.i = 0;
    expect([series[0].at(0), series[0].at(2), series[0].at(3)]).toEqual([3, 1, NaN]);
    expect([series[1].at(0), series[1].at(1)]).toEqual([10, NaN]);
    expect(series[2].at(1)).toBe(200);
    expect(() => series[2].at(-1)).toThrow(/no future values/);
    separate(series);
    out.fill(0);
    expect([series[0].at(0), series[1].at(0), series[2].at(0)]).toEqual([3, 10, 300]);
  });
});
