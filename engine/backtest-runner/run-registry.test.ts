import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/engine';
import { sineWalk } from '../backtest/testing';
import smaCross from '../strategy/builtins/sma-cross';
import { up } from '../store/migrations/journal/20261121_1800_runs';
import { decimateCurve } from './compare';
import { hashBars, sliceRange } from './load-data';
import { RunRegistry, summarize, type NewRun } from './run-registry';

const walk = (n: number) => sineWalk(n, 7, 0);

async function registry(maxRows = Infinity) {
  const db = new Database(':memory:');
  await up(new Kysely<any>({ dialect: new SqliteDialect({ database: db }) }));
  let t = 1000;
  return new RunRegistry(db, () => t++, maxRows);
}

function newRun(result: ReturnType<typeof runBacktest>, params: Record<string, unknown>): NewRun {
  return {
    strategy: { id: 'sma-cross', name: 'SMA', kind: 'builtin', hash: 'h', entry: null },
    sources: null,
    params,
    config: {},
    data: { kind: 'file', path: '/x.csv' },
    fingerprint: { instrumentId: 'X@csv', timeframe: '1m', from: 0, to: 1, bars: result.bars, hash: 'f' },
    engineVersion: 'test',
    status: 'succeeded',
    error: null,
    summary: summarize(result),
    metrics: result.metrics,
    result,
    rerunOf: null,
    elapsedMs: 1,
  };
}

describe('run registry', () => {
  const bars = walk(2000);
  const result = runBacktest({ strategy: smaCross, feeds: [{ symbol: 'X@csv', timeframe: '1m', bars }], config: { params: { fast: 5, slow: 20 } } });

  it('saves, lists newest first and gives the result back unchanged', async () => {
    const r = await registry();
    const a = r.save(newRun(result, { fast: 5 }));
    const b = r.save(newRun(result, { fast: 6 }));
    expect(r.list().map((x) => x.id)).toEqual([b.id, a.id]);
    expect(r.get(a.id)).toMatchObject({ params: { fast: 5 }, summary: { fills: result.fills.length }, status: 'succeeded' });
    expect(r.result(a.id)).toEqual(JSON.parse(JSON.stringify(result)));
    expect(() => r.get('bt_nope')).toThrow(/no backtest run/);
  });

  it('reads results stored gzipped by earlier versions', async () => {
    const db = new Database(':memory:');
    await up(new Kysely<any>({ dialect: new SqliteDialect({ database: db }) }));
    const r = new RunRegistry(db);
    const a = r.save(newRun(result, {}));
    db.prepare('update backtest_runs set result = ? where id = ?').run(gzipSync(JSON.stringify(result), { level: 1 }), a.id);
    expect(r.result(a.id)).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('past maxRows keeps the curves and metrics and counts what it left out', async () => {
    const r = await registry(3);
    const a = r.save(newRun(result, {}));
    const stored = r.result(a.id) as typeof result & { omitted?: { fills: number } };
    expect(stored.fills).toEqual([]);
    expect(stored.omitted?.fills).toBe(result.fills.length);
    expect(stored.curve).toEqual(result.curve);
  });
});

describe('data fingerprint', () => {
  it('is deterministic and notices a change in any one value', () => {
    const a = walk(1001);
    const h = hashBars(a);
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(hashBars(walk(1001))).toBe(h);
    for (const field of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
      for (const i of [0, 1, 2, 3, 500, 1000]) {
        const b = walk(1001);
        b[field][i] += Math.max(1e-9, Math.abs(b[field][i]) * 1e-12);
        expect(b[field][i]).not.toBe(a[field][i]);
        expect(hashBars(b), `${field}[${i}]`).not.toBe(h);
      }
    }
    expect(hashBars(walk(1000))).not.toBe(h);
  });

  it('version 1 (runs recorded before version 2) still gives the digests it recorded, and notices changes too', () => {
    // Computed by the version 1 code before version 2 existed: a rerun of such a run must match it.
    expect(hashBars(walk(1001), 1)).toBe('a693b423a3b77cc8b642651b7e8778e0');
    expect(hashBars(walk(1001), 2)).not.toBe(hashBars(walk(1001), 1));
    const b = walk(1001);
    b.close[777] += 1e-9;
    expect(hashBars(b, 1)).not.toBe(hashBars(walk(1001), 1));
  });

  it('versions 2 and 3 notice two changes that cancel in a lane without the rotation (sign bits of words 8 apart)', () => {
    const a = walk(1001);
    const b = walk(1001);
    // ts[0] and ts[4] are words 1 and 9 of the ts column: the same lane.
    b.ts[0] = -b.ts[0] || -0;
    b.ts[4] = -b.ts[4];
    expect(hashBars(b, 2)).not.toBe(hashBars(a, 2));
    expect(hashBars(b, 3)).not.toBe(hashBars(a, 3));
  });

  it('version 3 digests by store chunk: bars spanning several chunks, a change in any chunk, chunks cut differently', () => {
    const a = walk(10_000); // one-minute bars: chunks of 4096 minutes
    const h = hashBars(a, 3, '1m');
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(hashBars(a, 2)).not.toBe(h);
    for (const i of [0, 4095, 4096, 9999]) {
      const b = walk(10_000);
      b.volume[i] += 1;
      expect(hashBars(b, 3, '1m'), `bar ${i}`).not.toBe(h);
    }
    // The same bars cut into other chunks (another timeframe's span) are another fingerprint.
    expect(hashBars(a, 3, '5m')).not.toBe(h);
  });

  it('sliceRange keeps bars whose open is in [from, to)', () => {
    const s = sliceRange(walk(10), 2 * 60_000, 5 * 60_000);
    expect(Array.from(s.ts)).toEqual([120_000, 180_000, 240_000]);
  });
});

describe('decimateCurve', () => {
  it('keeps at most about `points` points and always the last', () => {
    const ts = Array.from({ length: 1001 }, (_, i) => i);
    const d = decimateCurve(ts, ts, 100);
    expect(d.ts.length).toBeLessThanOrEqual(101);
    expect(d.ts[0]).toBe(0);
    expect(d.ts[d.ts.length - 1]).toBe(1000);
  });
});
