// Market data figures: CSV import of a 1M-row Binance dump end to end (detect + parse + write),
// reading 1M bars raw and forward-adjusted, resampling and checking 1M bars, downloading from
// the simulator through ccxt with its rate limiter on, and the latency of a live bar from the
// venue to a client over the real server and WebSocket transport.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient } from '../shared/client';
import { websocketTransport, type WebSocketLike } from '../shared/transports/websocket';
import { instrumentId } from '../shared/ids';
import { adjustBars } from '../engine/data/adjust';
import { closeExchanges, openExchange } from '../engine/data/ccxt/open-exchange';
import { parseMarketCsv } from '../engine/data/csv/parse-market-csv';
import { downloadOhlcv } from '../engine/data/download/download-ohlcv';
import { qualityReport } from '../engine/data/quality/quality-report';
import { resampleBars } from '../engine/data/resample';
import { startHost } from '../engine/host';
import { startServer } from '../engine/server/server';
import { openStores } from '../engine/store/open-stores';
import { startExchangeSim } from '../tests/fixtures/exchange-sim';
import { bestOf, report } from './report';

const N = 1_000_000;
const T0 = Date.UTC(2020, 0, 1);
const MIN = 60_000;

/** A Binance spot kline dump (no header, 12 columns, ms open times) of n 1-minute bars. */
function binanceDump(n: number): string {
  const parts: string[] = [];
  let price = 30_000;
  let seed = 12345;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    const open = price;
    price = Math.max(1, price + (rnd() - 0.5) * 40);
    const high = Math.max(open, price) + rnd() * 10;
    const low = Math.min(open, price) - rnd() * 10;
    const v = rnd() * 100;
    const t = T0 + i * MIN;
    parts.push(`${t},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${price.toFixed(2)},${v.toFixed(5)},${t + MIN - 1},${(v * price).toFixed(2)},${Math.floor(rnd() * 900)},${(v / 2).toFixed(5)},${((v * price) / 2).toFixed(2)},0\n`);
  }
  return parts.join('');
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function csvAndReads(dir: string): Promise<void> {
  const file = path.join(dir, 'BTCUSDT-1m.csv');
  writeFileSync(file, binanceDump(N));
  const id = instrumentId('BTC/USDT', 'binance');
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const stores = await openStores(path.join(dir, `import-${round}`));
    try {
      const t0 = performance.now();
      const parsed = parseMarketCsv(new Uint8Array(readFileSync(file)), { timeframe: '1m' });
      const w = stores.candles.write(id, '1m', parsed.bars);
      best = Math.min(best, performance.now() - t0);
      if (parsed.format !== 'binance' || w.inserted !== N) throw new Error(`imported ${w.inserted} of ${N} rows as ${parsed.format}`);
    } finally {
      stores.close();
    }
  }
  report('market-data.csv.import.binance-dump', N / (best / 1000), 'rows/s', { ms: Math.round(best), rows: N });

  const stores = await openStores(path.join(dir, 'import-0'));
  try {
    let bars = stores.candles.read(id, '1m');
    report('market-data.read.1m-bars', bestOf(5, () => void (bars = stores.candles.read(id, '1m'))), 'ms', { bars: bars.ts.length });
    const factors = [{ ts: T0, factor: 1 }, { ts: T0 + 400_000 * MIN, factor: 1.02 }, { ts: T0 + 800_000 * MIN, factor: 1.05 }];
    report('market-data.read.1m-bars.forward-adjusted', bestOf(5, () => void adjustBars(stores.candles.read(id, '1m'), factors, 'forward')), 'ms', { bars: N });
    report('market-data.resample.1m-to-1h', N / (bestOf(5, () => void resampleBars(bars, '1m', '1h')) / 1000), 'bars/s', { bars: N });
    report('market-data.quality.1m', N / (bestOf(3, () => void qualityReport(bars, '1m')) / 1000), 'bars/s', { bars: N });
  } finally {
    stores.close();
  }
}

async function download(dir: string): Promise<void> {
  const HISTORY = 60_000;
  const start = Date.UTC(2024, 0, 1);
  const sim = await startExchangeSim({ seed: 1, symbols: ['BTC/USDT'], historyBars: HISTORY, startTime: start });
  const stores = await openStores(path.join(dir, 'download'));
  try {
    const ex = await openExchange({ exchange: 'binance', baseUrl: sim.restUrl });
    const id = instrumentId('BTC/USDT', 'binance');
    const t0 = performance.now();
    const r = await downloadOhlcv({
      exchange: ex,
      symbol: 'BTC/USDT',
      timeframe: '1m',
      from: start - HISTORY * MIN,
      to: start,
      now: Date.now(),
      sink: { storedTs: (from, to) => stores.candles.read(id, '1m', { from, to }).ts, write: (b) => stores.candles.write(id, '1m', b) },
    });
    const ms = performance.now() - t0;
    if (r.inserted !== HISTORY) throw new Error(`downloaded ${r.inserted} of ${HISTORY}`);
    report('market-data.download.sim.rate-limited', HISTORY / (ms / 1000), 'bars/s', { ms: Math.round(ms), requests: r.requests, rateLimitMs: ex.rateLimit });
  } finally {
    await closeExchanges();
    stores.close();
    await sim.close();
  }
}

async function liveLatency(dir: string): Promise<void> {
  const sim = await startExchangeSim({ seed: 2, symbols: ['BTC/USDT'], historyBars: 100 });
  const host = await startHost({ dataDir: path.join(dir, 'live'), shell: 'test', engine: 'worker', poolThreads: 1, sampleDir: null });
  const server = await startServer({ host, port: 0, rendererDir: null });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const client = createClient(websocketTransport(socket as unknown as WebSocketLike));
  try {
    let waiting: ((t: number) => void) | null = null;
    client.on('feed.bar', () => {
      const w = waiting;
      waiting = null;
      w?.(performance.now());
    });
    const ready = new Promise<void>((resolve) => client.on('feed.status', (s) => s.state === 'live' && resolve()));
    await client.call('feed.subscribeBars', { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', baseUrl: sim.restUrl });
    await ready;
    // Settle: the first updates after subscribing.
    for (let i = 0; i < 5; i++) {
      const got = new Promise<number>((resolve) => (waiting = resolve));
      sim.stepTicks(1);
      await Promise.race([got, new Promise((r) => setTimeout(r, 2000))]);
    }
    const samples: number[] = [];
    for (let i = 0; i < 400; i++) {
      const got = new Promise<number>((resolve) => (waiting = resolve));
      const t0 = performance.now();
      sim.stepTicks(1); // one trade at the venue → kline update on its WebSocket
      const t1 = await Promise.race([got, new Promise<number>((r) => setTimeout(() => r(NaN), 2000))]);
      if (t1 === t1) samples.push(t1 - t0);
      await new Promise((r) => setTimeout(r, 2));
    }
    report('market-data.live-bar.venue-to-client.p99', pct(samples, 99), 'ms', { p50: Number(pct(samples, 50).toFixed(3)), samples: samples.length, transport: 'websocket' });
  } finally {
    client.close();
    await server.close();
    await host.close();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qd-bench-market-'));
  try {
    await csvAndReads(dir);
    await download(dir);
    await liveLatency(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
