import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocBarColumns, BAR_FIELDS, type BarColumns } from '../model/bars';
import { openStores, type Stores } from '../store/open-stores';
import { loadData } from './load-data';
import { ReadAhead } from './read-ahead';
import { readCandlesLean } from './read-candles';

// The CLI's early start on stored bars: planned and faulted in before the engine loads, read
// afterwards. Same bars and fingerprint as a plain read; a commit in between means a plain read.

const N = 200_000; // 9.6 MB of bars: above the size worth starting early
const ID = 'RA@csv';
const T0 = Date.UTC(2024, 0, 1);

function bars(n: number, start: number, base: number): BarColumns {
  const c = allocBarColumns(n);
  for (let i = 0; i < n; i++) {
    c.ts[i] = start + i * 60_000;
    c.open[i] = base + Math.sin(i / 7);
    c.high[i] = c.open[i] + 1;
    c.low[i] = c.open[i] - 1;
    c.close[i] = base + Math.cos(i / 5);
    c.volume[i] = i % 977;
  }
  return c;
}

let dir: string;
let stores: Stores;
const spec = (from?: number, to?: number) => ({ marketFile: join(dir, 'market.db'), instrumentId: ID, timeframe: '1m', ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qd-read-ahead-'));
  stores = await openStores(dir);
  stores.candles.write(ID as never, '1m', bars(N, T0, 100));
});

afterAll(() => {
  stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ReadAhead', () => {
  it('reads the bars and hash a plain read gives, for the whole series and a cut range', async () => {
    for (const [from, to] of [[undefined, undefined], [T0 + 1_000 * 60_000 + 1, T0 + 190_000 * 60_000]] as const) {
      const ahead = ReadAhead.start(spec(from, to))!;
      expect(ahead).not.toBeNull();
      const got = (await ahead.read())!;
      const want = readCandlesLean(stores.marketDb, ID, '1m', from, to)!;
      expect(got.bars.ts.length).toBe(want.bars.ts.length);
      for (const f of BAR_FIELDS) expect(Buffer.from(got.bars[f].buffer).equals(Buffer.from(want.bars[f].buffer)), f).toBe(true);
      expect(got.hash).toBe(want.hash);
    }
  });

  it('after a commit between start and read: no bars from it, and loadData reads the series as it is now', async () => {
    // Bars replaced in place: the same chunks, so only the change mark can tell.
    const replaced = ReadAhead.start(spec())!;
    stores.candles.write(ID as never, '1m', bars(10, T0 + 100 * 60_000, 300));
    expect(await replaced.read()).toBeNull();
    const ahead = ReadAhead.start(spec())!;
    stores.candles.write(ID as never, '1m', bars(3, T0 + N * 60_000, 500));
    expect(await ahead.read()).toBeNull();
    const again = ReadAhead.start(spec())!;
    stores.candles.write(ID as never, '1m', bars(2, T0 + (N + 3) * 60_000, 600));
    const data = await loadData({ kind: 'store', instrumentId: ID, timeframe: '1m' }, stores, undefined, undefined, again);
    expect(data.bars.ts.length).toBe(N + 5);
    expect(data.bars.close[N + 4]).toBe(600 + Math.cos(1 / 5));
    expect(data.fingerprint.hash).toBe(readCandlesLean(stores.marketDb, ID, '1m')!.hash);
    // stored bars' times increase (the store refuses anything else): the run need not check them
    expect(data.timesIncrease).toBe(true);
  });

  it('after a commit between the head (read at once) and the tail (read once faulted in): null', async () => {
    const ahead = ReadAhead.start(spec())!;
    const pending = ahead.read(); // reads the head now, then waits for the pool thread
    stores.candles.write(ID as never, '1m', bars(10, T0 + 150_000 * 60_000, 700));
    expect(await pending).toBeNull();
    const after = (await ReadAhead.start(spec())!.read())!;
    expect(after.bars.close[150_000]).toBe(700 + Math.cos(0));
  });

  it('is used only for the series and range it covers; small or unknown series are read the usual way', async () => {
    const ahead = ReadAhead.start(spec(T0))!;
    const other = await loadData({ kind: 'store', instrumentId: ID, timeframe: '1m', from: T0 + 60_000 }, stores, undefined, undefined, ahead);
    expect(other.bars.ts[0]).toBe(T0 + 60_000);
    ahead.close();
    stores.candles.write('SMALL@csv' as never, '1m', bars(1_000, T0, 10));
    expect(ReadAhead.start({ ...spec(), instrumentId: 'SMALL@csv' })).toBeNull();
    expect(ReadAhead.start({ ...spec(), instrumentId: 'NONE@csv' })).toBeNull();
    expect(ReadAhead.start({ ...spec(), marketFile: join(dir, 'absent.db') })).toBeNull();
  });
});
