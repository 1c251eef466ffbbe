// History download through the real ccxt against the local exchange simulator (loopback only):
// paging, incremental fills, resume after cancel, backoff on rate limits, clear errors, the CLI.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractCallError } from '../../shared/client';
import { DataDownloadResultSchema, type JobProgress } from '../../shared/contract';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { makeTempDir, startTestEngine, type TestEngine } from '../support/test-engine';

const MIN = 60_000;
const HOUR = 60 * MIN;
// The first live bar; the simulator has 7 days of 1m history before it.
const START = Date.UTC(2024, 0, 8);
const HISTORY = 7 * 1440;
const FIRST = START - HISTORY * MIN;
const BTC = 'BTC/USDT@binance' as const;

async function failure(p: Promise<unknown>): Promise<ContractCallError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ContractCallError);
  return e as ContractCallError;
}

/** The simulator's own klines (its REST API, read directly): the reference the stored bars must equal. */
async function simKlines(sim: ExchangeSim, interval: string, startTime: number, endTime: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let t = startTime; t < endTime; ) {
    const r = await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=${interval}&startTime=${t}&endTime=${endTime - 1}&limit=1000`);
    const rows = (await r.json()) as (string | number)[][];
    if (rows.length === 0) break;
    for (const k of rows) out.push([Number(k[0]), Number(k[1]), Number(k[2]), Number(k[3]), Number(k[4]), Number(k[5])]);
    t = Number(rows[rows.length - 1][0]) + 1;
  }
  return out;
}

describe('data.download from a ccxt exchange (simulator on loopback)', () => {
  let sim: ExchangeSim;
  let t: TestEngine;

  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 11, symbols: ['BTC/USDT', 'ETH/USDT'], historyBars: HISTORY, startTime: START });
    t = await startTestEngine('in-process');
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('lists exchanges and the markets of one behind --base-url', async () => {
    const exchanges = await t.client.call('market.exchanges', {});
    expect(exchanges).toContainEqual({ id: 'binance', websocket: true });
    const symbols = await t.client.call('market.symbols', { exchange: 'binance', baseUrl: sim.restUrl });
    expect(symbols.map((s) => s.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(symbols[0]).toMatchObject({ base: 'BTC', quote: 'USDT', type: 'spot', active: true });
  });

  it('downloads a range in pages with progress; bars equal the venue klines exactly', async () => {
    const progress: JobProgress[] = [];
    const from = FIRST;
    const to = FIRST + 2500 * MIN;
    const r = DataDownloadResultSchema.parse(
      await t.client.job('data.download', { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', from, to, baseUrl: sim.restUrl }, { onProgress: (p) => progress.push(p) }),
    );
    expect(r).toMatchObject({ instrumentId: BTC, missing: [{ from, to }], fetched: 2500, inserted: 2500, replaced: 0, unavailable: 0 });
    expect(r.requests).toBe(3); // 1000 + 1000 + 500
    const last = progress.filter((p) => p.phase === 'download').at(-1)!;
    expect([last.done, last.total]).toEqual([2500, 2500]);

    const bars = await t.client.call('data.bars', { instrumentId: BTC, timeframe: '1m', from, to });
    const ref = await simKlines(sim, '1m', from, to);
    expect(bars.ts.length).toBe(2500);
    expect(bars.ts.map((ts, i) => [ts, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]])).toEqual(ref);
  });

  it('is incremental: fetches only the head and tail around what is stored, then nothing', async () => {
    const from = FIRST - 10 * MIN; // before the venue's history: reported as unavailable, not an error
    const to = FIRST + 4000 * MIN;
    const r = await t.client.job('data.download', { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', from, to, baseUrl: sim.restUrl });
    expect(r.missing).toEqual([
      { from, to: FIRST },
      { from: FIRST + 2500 * MIN, to },
    ]);
    expect(r).toMatchObject({ fetched: 1500, inserted: 1500, replaced: 0, unavailable: 10 });
    const again = await t.client.job('data.download', { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', from: FIRST, to, baseUrl: sim.restUrl });
    expect(again).toMatchObject({ missing: [], requests: 0, fetched: 0 });
    const series = (await t.client.call('data.instruments', {})).find((s) => s.instrumentId === BTC && s.timeframe === '1m')!;
    expect(series).toMatchObject({ count: 4000, firstTs: FIRST, lastTs: to - MIN, venue: 'binance' });
  });

  it('waits out rate limits and server errors mid-download and resumes: nothing duplicated, nothing missing', async () => {
    sim.faults.rateLimit(2, 0, { path: 'klines' });
    sim.faults.serverError(503, 1, { path: 'klines' });
    const progress: JobProgress[] = [];
    const r = await t.client.job(
      'data.download',
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: FIRST, to: START, baseUrl: sim.restUrl },
      { onProgress: (p) => progress.push(p) },
    );
    expect(r).toMatchObject({ fetched: 168, inserted: 168, retries: 3 });
    expect(progress.some((p) => p.message?.startsWith('retry'))).toBe(true);
    const bars = await t.client.call('data.bars', { instrumentId: BTC, timeframe: '1h' });
    expect(bars.ts).toEqual(Array.from({ length: 168 }, (_, i) => FIRST + i * HOUR));
    expect(bars.close).toEqual((await simKlines(sim, '1h', FIRST, START)).map((k) => k[4]));
  });

  it('with several pages in flight, faults on some of them still leave every bar exactly once', async () => {
    sim.faults.rateLimit(2, 0, { path: 'klines' });
    sim.faults.serverError(502, 2, { path: 'klines' });
    const r = await t.client.job('data.download', { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '5m', from: FIRST, to: START, baseUrl: sim.restUrl });
    expect(r).toMatchObject({ fetched: 2016, inserted: 2016, replaced: 0, retries: 4 });
    const bars = await t.client.call('data.bars', { instrumentId: 'ETH/USDT@binance' as never, timeframe: '5m' });
    expect(bars.ts).toEqual(Array.from({ length: 2016 }, (_, i) => FIRST + i * 5 * MIN));
  });

  it('a cancelled download keeps its pages; the next one resumes where it stopped', async () => {
    sim.faults.latency(150, { path: 'klines' });
    const client = t.client;
    let jobId = '';
    const cancelled = failure(
      client.job('data.download', { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1m', from: FIRST, to: START, baseUrl: sim.restUrl }, {
        onStarted: (id) => (jobId = id),
        onProgress: (p) => {
          if (p.phase === 'download' && p.done >= 2000 && jobId) void client.call('jobs.cancel', { jobId: jobId as never });
        },
      }),
    );
    expect((await cancelled).code).toBe('CANCELLED');
    sim.faults.latency(0);
    const kept = (await t.client.call('data.instruments', {})).find((s) => s.instrumentId === 'ETH/USDT@binance')!;
    expect(kept.count).toBeGreaterThanOrEqual(2000);
    expect(kept.count).toBeLessThan(HISTORY);
    const r = await t.client.job('data.download', { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1m', from: FIRST, to: START, baseUrl: sim.restUrl });
    expect(r.inserted).toBe(HISTORY - kept.count);
    expect(r.replaced).toBe(0);
    const bars = await t.client.call('data.bars', { instrumentId: 'ETH/USDT@binance' as never, timeframe: '1m' });
    expect(bars.ts.length).toBe(HISTORY);
    expect(bars.ts.every((ts, i) => ts === FIRST + i * MIN)).toBe(true);
  });

  it('unknown exchange or symbol: NOT_FOUND naming near matches', async () => {
    const ex = await failure(t.client.job('data.download', { exchange: 'binanse', symbol: 'BTC/USDT', timeframe: '1h', from: FIRST, to: START }));
    expect(ex.code).toBe('NOT_FOUND');
    expect(ex.message).toContain('binance');
    const sym = await failure(t.client.job('data.download', { exchange: 'binance', symbol: 'BTC/USTD', timeframe: '1h', from: FIRST, to: START, baseUrl: sim.restUrl }));
    expect(sym.code).toBe('NOT_FOUND');
    expect(sym.message).toContain('did you mean BTC/USDT');
    expect((sym.details as { nearMatches: string[] }).nearMatches).toContain('BTC/USDT');
  });
});

describe('quantdesk data download (the CLI against the simulator)', () => {
  const ROOT = resolve(__dirname, '../..');
  const temp = makeTempDir();
  let sim: ExchangeSim;
  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 3, symbols: ['BTC/USDT'], historyBars: HISTORY, startTime: START });
  });
  afterAll(async () => {
    await sim?.close();
    temp.cleanup();
  });

  // Asynchronous: the simulator runs in this process and must keep answering while the CLI runs.
  const cli = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'quantdesk.cjs'), ...args, '--data-dir', join(temp.dir, 'data')], { cwd: ROOT });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (err += d));
      child.on('close', (code) => done({ code, out, err }));
    });

  it('downloads, then finds nothing missing; exits with a clear error for a typo', async () => {
    const args = ['data', 'download', '--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--from', '2024-01-01', '--to', '2024-01-08', '--base-url', sim.restUrl];
    const first = await cli(args);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('BTC/USDT@binance 1h: 1 missing range; fetched 168 bars in 1 requests (168 new, 0 replaced)');
    const second = await cli(args);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain('nothing was missing; fetched 0 bars in 0 requests');
    const quality = await cli(['data', 'quality', '--instrument', 'BTC/USDT@binance', '--timeframe', '1h']);
    expect(quality.code, quality.err).toBe(0);
    expect(quality.out).toContain('BTC/USDT@binance 1h: 168 bars, 2024-01-01T00:00:00Z → 2024-01-07T23:00:00Z');
    expect(quality.out).toMatch(/gaps\s+0 \(0 bars missing\)/);
    const bad = await cli(['data', 'download', '--exchange', 'krakn', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--from', '2024-01-01']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown exchange "krakn"; did you mean .*kraken/);
  });
});
