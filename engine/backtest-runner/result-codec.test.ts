import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/engine';
import { sineWalk } from '../backtest/testing';
import smaCross from '../strategy/builtins/sma-cross';
import { decodeResult, encodeResult, isGzip } from './result-codec';

/** What a JSON round trip makes of a value: the reference for every format. */
const viaJson = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

const bars = (n: number) => sineWalk(n, 5, 1.7e12);

/** A result's shape with the values JSON changes: NaN, ±Infinity, −0, null, empty columns and a plot without values. */
function awkward() {
  return {
    resultVersion: 1,
    note: 'ünïcode ✓',
    curve: { stride: 3, ts: [1.7e12, 1.7e12 + 6e4, 1.7e12 + 1.2e5], equity: [100_000, NaN, -0], drawdown: [0, -Infinity, Infinity], benchmark: [] },
    metrics: { sharpe: null, maxDrawdown: 0.25 },
    plots: [
      { kind: 'line', name: 'a', values: [null, 1.5, null, 2.25e-300, -1e308], offset: 3 },
      { kind: 'level', name: 'b', values: null, value: 0 },
      { kind: 'line', name: 'c', values: [] },
    ],
    tail: [1, 2, 3],
  };
}

describe('result codec', () => {
  const result = runBacktest({ strategy: smaCross, feeds: [{ symbol: 'X@csv', timeframe: '1m', bars: bars(3000) }], config: { params: { fast: 5, slow: 20 }, maxCurvePoints: 700 } });

  it('gives a run back as its JSON round trip would, in fewer bytes than the JSON', () => {
    const blob = encodeResult(result);
    expect(isGzip(blob)).toBe(false);
    expect(blob.length).toBeLessThan(JSON.stringify(result).length / 2);
    const back = decodeResult(blob);
    expect(back).toEqual(viaJson(result));
    expect(JSON.stringify(back)).toBe(JSON.stringify(result)); // key order too
  });

  it('gives NaN and ±Infinity back as null and −0 as 0, like JSON', () => {
    const a = awkward();
    const back = decodeResult(encodeResult(a));
    expect(JSON.stringify(back)).toBe(JSON.stringify(a));
    expect(Object.is((back as { curve: { equity: number[] } }).curve.equity[2], 0)).toBe(true);
  });

  it('packs objects without curves as JSON', () => {
    for (const x of [{}, { curve: { ts: 'no' }, plots: [] }, { a: [1, null, -0] }]) expect(decodeResult(encodeResult(x))).toEqual(viaJson(x));
  });

  it('reads rows written before: gzip of the JSON and brotli of the JSON', () => {
    const json = JSON.stringify(result);
    for (const level of [1, 6, 9]) expect(decodeResult(gzipSync(json, { level }))).toEqual(viaJson(result));
    expect(decodeResult(brotliCompressSync(Buffer.from(json), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }))).toEqual(viaJson(result));
  });
});
