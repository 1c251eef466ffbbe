// Two venues side by side, CSV replay, the clock modes and the command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ccxt from 'ccxt';
import { afterAll, describe, expect, it } from 'vitest';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';

const MINUTE = 60_000;

describe('exchange-sim venues', () => {
  const sims: ExchangeSim[] = [];
  const tempDirs: string[] = [];
  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.close()));
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('two instances are two exchanges: their own prices, keys and accounts', async () => {
    const a = await startExchangeSim({ seed: 1, venueName: 'alpha', apiKey: 'key-a', secret: 'secret-a', symbols: ['BTC/USDT'] });
    const b = await startExchangeSim({ seed: 2, venueName: 'beta', apiKey: 'key-b', secret: 'secret-b', symbols: ['BTC/USDT'] });
    sims.push(a, b);
    expect(a.port).not.toBe(b.port);
    const exA = connectCcxt(ccxt.binance, a, { enableRateLimit: false });
    const exB = connectCcxt(ccxt.binance, b, { enableRateLimit: false });
    const [tickerA, tickerB] = await Promise.all([exA.fetchTicker('BTC/USDT'), exB.fetchTicker('BTC/USDT')]);
    expect(tickerA.last).not.toBe(tickerB.last);
    await exA.createOrder('BTC/USDT', 'market', 'buy', 0.01);
    expect(a.state().orders).toHaveLength(1);
    expect(b.state().orders).toHaveLength(0);
    expect(a.state().venue).toBe('alpha');
    // Each venue accepts only its own key pair.
    const crossed = connectCcxt(ccxt.binance, b, { apiKey: 'key-a', secret: 'secret-a', enableRateLimit: false });
    crossed.markets = exB.markets;
    crossed.markets_by_id = exB.markets_by_id;
    await expect(crossed.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
  });

  it('the same seed gives the same market', async () => {
    const start = Date.UTC(2026, 2, 1);
    const one = await startExchangeSim({ seed: 42, symbols: ['ETH/USDT'], historyBars: 300, startTime: start });
    const two = await startExchangeSim({ seed: 42, symbols: ['ETH/USDT'], historyBars: 300, startTime: start });
    sims.push(one, two);
    one.step(5);
    two.step(5);
    const [rowsOne, rowsTwo] = await Promise.all(
      [one, two].map((sim) => connectCcxt(ccxt.binance, sim, { enableRateLimit: false }).fetchOHLCV('ETH/USDT', '1m', start - 300 * MINUTE, 1000)),
    );
    expect(rowsOne.length).toBe(305);
    expect(rowsOne).toEqual(rowsTwo);
  });

  it('replays a CSV (ts in seconds): first half as history, the rest played bar by bar', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exchange-sim-'));
    tempDirs.push(dir);
    const t0 = Date.UTC(2024, 0, 1) / 1000;
    const lines = ['ts,open,high,low,close,volume'];
    for (let i = 0; i < 10; i++) {
      const open = 100 + i;
      lines.push(`${t0 + i * 300},${open}.00,${open + 2}.50,${open - 1}.25,${open + 1}.00,${10 + i}`);
    }
    const csv = join(dir, 'bars.csv');
    writeFileSync(csv, lines.join('\n'));
    const sim = await startExchangeSim({ symbols: [{ symbol: 'ABC/USDT', csv, tickSize: 0.01, stepSize: 0.01 }] });
    sims.push(sim);
    const ex = connectCcxt(ccxt.binance, sim, { enableRateLimit: false });
    const history = (await ex.fetchOHLCV('ABC/USDT', '5m', t0 * 1000, 100)) as number[][];
    expect(history).toEqual(
      [0, 1, 2, 3, 4].map((i) => [(t0 + i * 300) * 1000, 100 + i, 102.5 + i, 99.25 + i, 101 + i, 10 + i]),
    );
    sim.step(2);
    const played = (await ex.fetchOHLCV('ABC/USDT', '5m', (t0 + 5 * 300) * 1000, 100)) as number[][];
    expect(played).toEqual([5, 6].map((i) => [(t0 + i * 300) * 1000, 100 + i, 102.5 + i, 99.25 + i, 101 + i, 10 + i]));
    expect(sim.price('ABC/USDT')).toBe(107);
    // Coarser intervals aggregate the replayed bars.
    const quarter = (await ex.fetchOHLCV('ABC/USDT', '15m', t0 * 1000, 1)) as number[][];
    expect(quarter[0]).toEqual([t0 * 1000, 100, 104.5, 99.25, 103, 33]);
  });

  it('at N bars per second the market advances on its own', async () => {
    const sim = await startExchangeSim({ speed: 20, symbols: ['BTC/USDT'], historyBars: 60 });
    sims.push(sim);
    const ex = connectCcxt(ccxt.binance, sim, { enableRateLimit: false });
    const first = Number((await ex.fetchOHLCV('BTC/USDT', '1m', undefined, 1))[0][0]);
    const later = await pollUntil(async () => {
      const bar = Number((await ex.fetchOHLCV('BTC/USDT', '1m', undefined, 1))[0][0]);
      return bar >= first + 10 * MINUTE ? bar : undefined;
    });
    expect(later).toBeGreaterThanOrEqual(first + 10 * MINUTE);
  });

  it('runs from the command line and serves /admin/state', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/fixtures/exchange-sim/cli.ts', '--port', '0', '--seed', '5', '--speed', '0', '--symbols', 'BTC/USDT,SOL/USDT', '--api-key', 'cli-key', '--secret', 'cli-secret'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const restUrl = await pollUntil(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], undefined, { timeoutMs: 60_000 });
      const state = (await (await fetch(`${restUrl}/admin/state`)).json()) as { prices: Record<string, unknown>; venue: string };
      expect(Object.keys(state.prices).sort()).toEqual(['BTCUSDT', 'SOLUSDT']);
      const ex = new ccxt.binance({ apiKey: 'cli-key', secret: 'cli-secret', enableRateLimit: false });
      const { pointCcxtAt } = await import('../fixtures/exchange-sim');
      pointCcxtAt(ex, restUrl);
      const balance = await ex.fetchBalance();
      expect(balance.USDT.total).toBe(100_000);
      // Manual clock over HTTP.
      const before = Number((await ex.fetchOHLCV('SOL/USDT', '1m', undefined, 1))[0][0]);
      await fetch(`${restUrl}/admin/step`, { method: 'POST', body: JSON.stringify({ bars: 3 }) });
      const after = Number((await ex.fetchOHLCV('SOL/USDT', '1m', undefined, 1))[0][0]);
      expect(after - before).toBe(3 * MINUTE);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
