import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barsFromObjects } from '../../engine/model/bars';
import { openStores } from '../../engine/store/open-stores';
import { instrumentId } from '../../shared/ids';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIG = instrumentId('BIG', 'csv');
const T0 = Date.UTC(2023, 0, 1);
const ROWS = 200_000;

/**
 * The child imports a big file into a series that already has bars, and once the write is
 * half-way through its transaction it says so and stops, so the parent can kill -9 it there
 * (no timing guesses).
 */
const CHILD = `
import { openStores } from ${JSON.stringify(path.join(ROOT, 'engine/store/open-stores.ts'))};
import { importCsvFile } from ${JSON.stringify(path.join(ROOT, 'engine/data/import-csv.ts'))};
const [dataDir, file] = process.argv.slice(-2);
const stores = await openStores(dataDir, { lockPurpose: 'a test import' });
let said = false;
await importCsvFile(stores, file, {
  symbol: 'BIG',
  timeframe: '1m',
  onProgress(phase, done, total) {
    if (phase === 'write' && done >= total / 2 && !said) {
      said = true;
      process.stdout.write('MID-WRITE\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
    }
  },
});
process.stdout.write('DONE\\n');
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'qd-kill-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a process killed mid-import', () => {
  it('leaves the database as it was, openable, and its lock is taken over', async () => {
    const dataDir = path.join(dir, 'data');
    const before = await openStores(dataDir);
    // Bars the import would overwrite: close 1 here, 2 in the file.
    before.candles.write(BIG, '1m', barsFromObjects(Array.from({ length: 10_000 }, (_, i) => ({ ts: T0 + i * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }))));
    const seriesBefore = before.candles.listSeries();
    const barsBefore = before.candles.read(BIG, '1m');
    before.close();

    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < ROWS; i++) lines.push(`${T0 + i * 60_000},2,2.5,1.5,2,${i}`);
    const file = path.join(dir, 'big.csv');
    writeFileSync(file, lines.join('\n'));

    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, dataDir, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const said: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      said.push(line);
      if (line === 'MID-WRITE') {
        child.kill('SIGKILL');
        break;
      }
    }
    expect(said, stderr).toEqual(['MID-WRITE']);
    expect(await exited).toBe('SIGKILL');

    const after = await openStores(dataDir, { lockPurpose: 'the test, after the kill' });
    try {
      expect(after.candles.listSeries()).toEqual(seriesBefore);
      expect(after.candles.read(BIG, '1m')).toEqual(barsBefore);
      expect(after.marketDb.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(after.journalDb.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      after.close();
    }
    const raw = new Database(path.join(dataDir, 'market.db'), { readonly: true });
    expect(raw.prepare('select sum(n) from candle_chunk').pluck().get()).toBe(10_000);
    raw.close();
  });
});
