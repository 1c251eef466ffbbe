import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractCallError } from '../../shared/client';
import { BarsSchema, DataImportResultSchema, JobInfoSchema, SeriesInfoSchema, SystemInfoSchema } from '../../shared/contract';
import type { JobProgress } from '../../shared/contract/jobs';
import { makeCsv, startTestEngine, type TestEngine, type TransportKind } from '../support/test-engine';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

async function expectCode(p: Promise<unknown>, code: string): Promise<ContractCallError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContractCallError);
  expect((e as ContractCallError).code).toBe(code);
  return e as ContractCallError;
}

describe.each<TransportKind>(['in-process', 'websocket'])('the host over the %s transport', (transport) => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine(transport);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers system.info with the data directory, migrations and worker layout', async () => {
    const info = SystemInfoSchema.parse(await t.client.call('system.info', {}));
    expect(info.dataDir).toBe(t.dataDir);
    expect(info.workers.engine).toBe('worker');
    expect(info.databases.journal.migrations.length).toBeGreaterThan(0);
    expect(info.databases.market.migrations.length).toBeGreaterThan(0);
  });

  it('imports a CSV as a job with progress, then lists and returns the bars exactly', async () => {
    const progress: JobProgress[] = [];
    const changed: unknown[] = [];
    const off = t.client.on('data.changed', (p) => changed.push(p));
    const result = DataImportResultSchema.parse(
      await t.client.job('data.import', { source: { kind: 'content', name: 'btc.csv', content: makeCsv(500) }, symbol: 'BTC/USDT', timeframe: '1m' }, { onProgress: (p) => progress.push(p) }),
    );
    off();
    expect(result).toMatchObject({ instrumentId: 'BTC/USDT@csv', timeframe: '1m', bars: 500, inserted: 500, replaced: 0, firstTs: T0, lastTs: T0 + 499 * MIN });
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['read', 'parse', 'write']));
    expect(changed).toEqual([{ instrumentId: 'BTC/USDT@csv', timeframe: '1m', reason: 'import' }]);

    const series = (await t.client.call('data.instruments', {})).map((s) => SeriesInfoSchema.parse(s));
    expect(series).toEqual([expect.objectContaining({ instrumentId: 'BTC/USDT@csv', symbol: 'BTC/USDT', venue: 'csv', count: 500, firstTs: T0, lastTs: T0 + 499 * MIN, synthetic: false })]);

    // [from, to) is half-open; values survive the round trip to the bit.
    const bars = BarsSchema.parse(await t.client.call('data.bars', { instrumentId: 'BTC/USDT@csv', timeframe: '1m', from: T0 + 10 * MIN, to: T0 + 20 * MIN }));
    expect(bars.ts).toHaveLength(10);
    expect(bars.ts[0]).toBe(T0 + 10 * MIN);
    expect(bars.ts[9]).toBe(T0 + 19 * MIN);
    const row11 = makeCsv(500).split('\n')[11].split(',').map(Number);
    expect([bars.ts[0], bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual(row11);

    const latest = await t.client.call('data.bars', { instrumentId: 'BTC/USDT@csv', timeframe: '1m', limit: 3, latest: true });
    expect(latest.ts).toEqual([T0 + 497 * MIN, T0 + 498 * MIN, T0 + 499 * MIN]);
  });

  it('the typed proxy reaches the same methods', async () => {
    const series = await t.client.api.data.instruments({});
    expect(series.map((s) => s.instrumentId)).toContain('BTC/USDT@csv');
  });

  it('rejects invalid input with INVALID_INPUT naming the field, and unknown methods with UNKNOWN_METHOD', async () => {
    const e = await expectCode(t.client.call('data.bars', { instrumentId: 'no-venue' as never, timeframe: '1m' }), 'INVALID_INPUT');
    expect(e.message).toContain('instrumentId');
    await expectCode(t.client.call('data.bars', { instrumentId: 'BTC/USDT@csv' as never, timeframe: '7m' as never }), 'INVALID_INPUT');
    await expectCode(t.client.call('data.bars', { instrumentId: 'BTC/USDT@csv' as never, timeframe: '1m', from: 10, to: 5 }), 'INVALID_INPUT');
    await expectCode(t.client.call('nope.nothing' as never, {} as never), 'UNKNOWN_METHOD');
  });

  it('fails a bad CSV import with BAD_DATA and line numbers, and commits nothing', async () => {
    const before = await t.client.call('data.instruments', {});
    const bad = 'ts,open,high,low,close,volume\n' + `${T0},1,2,0.5,1.5,10\n${T0 + MIN},1,0.5,2,1.5,10\n${T0 + 2 * MIN},1,2,0.5,1.5,10\n${T0 + 2 * MIN},1,2,0.5,1.5,10\n`;
    const e = await expectCode(t.client.job('data.import', { source: { kind: 'content', name: 'bad.csv', content: bad }, symbol: 'BAD', timeframe: '1m' }), 'BAD_DATA');
    const lines = (e.details as { problems: { line: number }[] }).problems.map((p) => p.line);
    expect(lines).toContain(3); // high < low
    expect(lines).toContain(5); // duplicate timestamp
    expect(await t.client.call('data.instruments', {})).toEqual(before);
  });

  it('imports the good rows of a bad file when asked to skip bad rows, listing what it skipped', async () => {
    const bad = 'ts,open,high,low,close,volume\n' + `${T0},1,2,0.5,1.5,10\n${T0 + MIN},1,0.5,2,1.5,10\n${T0 + 2 * MIN},1,2,0.5,1.5,10\n`;
    const r = await t.client.job('data.import', { source: { kind: 'content', name: 'bad.csv', content: bad }, symbol: 'SKIP', timeframe: '1m', skipBadRows: true });
    expect(r.bars).toBe(2);
    expect(r.problems.map((p) => p.line)).toEqual([3]);
  });

  it('reports a missing file as NOT_FOUND', async () => {
    await expectCode(t.client.job('data.import', { source: { kind: 'path', path: '/nonexistent/file.csv' }, symbol: 'X', timeframe: '1m' }), 'NOT_FOUND');
  });

  it('cancels a job: CANCELLED, listed as cancelled, nothing written', async () => {
    const controller = new AbortController();
    const p = t.client.job(
      'data.import',
      { source: { kind: 'content', name: 'big.csv', content: makeCsv(200_000) }, symbol: 'CANCEL', timeframe: '1m' },
      { signal: controller.signal, onStarted: () => controller.abort() },
    );
    await expectCode(p, 'CANCELLED');
    const jobs = (await t.client.call('jobs.list', {})).map((j) => JobInfoSchema.parse(j));
    expect(jobs.some((j) => j.status === 'cancelled' && j.method === 'data.import')).toBe(true);
    expect((await t.client.call('data.instruments', {})).some((s) => s.symbol === 'CANCEL')).toBe(false);
    expect(await t.client.call('jobs.cancel', { jobId: 'job_unknown' as never })).toEqual({ cancelled: false });
  });

  it('pushes events to every connected client with increasing sequence numbers', async () => {
    const other = await t.connect();
    const seen: number[] = [];
    const off = other.on('data.changed', (_p, seq) => seen.push(seq));
    await t.client.job('data.import', { source: { kind: 'content', name: 'e.csv', content: makeCsv(5) }, symbol: 'EVT', timeframe: '1m' });
    await t.client.call('data.delete', { instrumentId: 'EVT@csv' as never, timeframe: '1m' });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toBeGreaterThan(seen[0]);
    off();
    expect(await t.client.call('data.delete', { instrumentId: 'EVT@csv' as never, timeframe: '1m' })).toEqual({ deleted: false });
  });

  it('refuses a second engine on the same data directory', async () => {
    await expect(startTestEngine('in-process', { dataDir: t.dataDir })).rejects.toMatchObject({ code: 'LOCKED' });
  });
});
