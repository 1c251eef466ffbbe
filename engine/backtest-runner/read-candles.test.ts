import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocBarColumns, BAR_FIELDS } from '../model/bars';
import { openStores } from '../store/open-stores';
import { readCandlesLean, readCandlesOverlapped } from './read-candles';
import { hashBars } from './load-data';

describe('readCandlesLean', () => {
  it('reads exactly what CandleRepository.read reads, for whole series and cut ranges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qd-read-'));
    const stores = await openStores(dir);
    try {
      const n = 10_000; // a few chunks of 4096
      const c = allocBarColumns(n);
      for (let i = 0; i < n; i++) {
        c.ts[i] = Date.UTC(2024, 0, 1) + i * 60_000;
        c.open[i] = 100 + i;
        c.high[i] = 101 + i;
        c.low[i] = 99 + i;
        c.close[i] = 100.5 + i;
        c.volume[i] = i;
      }
      const id = 'X@csv' as never;
      stores.candles.write(id, '1m', c);
      const t = (i: number) => c.ts[0] + i * 60_000;
      for (const [from, to] of [[undefined, undefined], [t(10), t(20)], [t(4000), t(9000)], [t(5000) + 1, undefined], [undefined, t(1)], [t(20000), undefined]] as const) {
        const want = stores.candles.read(id, '1m', { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
        const got = readCandlesLean(stores.marketDb, id, '1m', from, to)!;
        expect(got.bars, `${from} ${to}`).toEqual(want);
        // The fingerprint from stored chunk digests equals the one of the same bars held in memory (a CSV's).
        expect(got.hash, `${from} ${to}`).toBe(hashBars(want, 3, '1m'));
        // Read in two parts around the pool thread's faulting (minBytes 0 forces that for a few chunks), and in one below the threshold.
        for (const minBytes of [0, undefined]) {
          const pre = (await readCandlesOverlapped(stores.marketDb, id, '1m', from, to, minBytes))!;
          expect(pre.bars, `${from} ${to} ${minBytes}`).toEqual(want);
          expect(pre.hash, `${from} ${to} ${minBytes}`).toBe(got.hash);
        }
      }
      // Bars written between the two parts (the call runs synchronously up to its first await,
      // the first part included): the range is read again, all of it as it is now.
      const pending = readCandlesOverlapped(stores.marketDb, id, '1m', -Infinity, Infinity, 0);
      const more = allocBarColumns(3);
      for (let i = 0; i < 3; i++) for (const f of BAR_FIELDS) more[f][i] = f === 'ts' ? t(n + i) : i + 1;
      stores.candles.write(id, '1m', more);
      const grown = (await pending)!;
      expect(grown.bars.ts.length).toBe(n + 3);
      expect(grown.bars).toEqual(stores.candles.read(id, '1m'));
      expect(grown.hash).toBe(readCandlesLean(stores.marketDb, id, '1m')!.hash);
      const whole = readCandlesLean(stores.marketDb, id, '1m')!.hash;
      // Chunks written before the digest column (null) are digested on the fly: same hash.
      stores.marketDb.prepare('update candle_chunk set digest = null').run();
      expect(readCandlesLean(stores.marketDb, id, '1m')!.hash).toBe(whole);
      expect((await readCandlesOverlapped(stores.marketDb, id, '1m', -Infinity, Infinity, 0))!.hash).toBe(whole);
      expect(readCandlesLean(stores.marketDb, 'Y@csv', '1m')).toBeNull();
      expect(await readCandlesOverlapped(stores.marketDb, 'Y@csv', '1m', -Infinity, Infinity, 0)).toBeNull();
    } finally {
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
