#!/usr/bin/env node
// Writes the bundled sample market data: synthetic, seeded, reproducible bars that let a fresh
// install chart and backtest something offline. They are NOT real prices; the engine marks them
// synthetic on import and the UI labels them so.
//
//   node resources/sample/generate.mjs        (re)writes the CSVs and manifest.json beside this file
//
// Model: a geometric random walk whose volatility drifts between calm and busy regimes, with a
// daily volume cycle for the 24/7 crypto series and weekday-only bars for the equity-like one.
// Same seed, same bytes: change a seed or a parameter only on purpose, then regenerate.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Date.UTC(2025, 0, 1); // exclusive: bars open before 2025-01-01 00:00 UTC

/** mulberry32: a tiny, well-known 32-bit PRNG, good enough for test data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller). */
function gaussian(rand) {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

function series({ seed, start, step, count, price, drift, vol, volume, priceDp, volumeDp, skip = () => false, volumeCycle = () => 1 }) {
  const rand = prng(seed);
  const normal = gaussian(rand);
  const rows = ['ts,open,high,low,close,volume'];
  let close = price;
  let regime = 1;
  let written = 0;
  for (let ts = start; written < count && ts < END; ts += step) {
    if (skip(ts)) continue;
    // The volatility regime wanders slowly so the chart shows quiet stretches and bursts.
    regime = Math.min(3, Math.max(0.4, regime * Math.exp(0.05 * normal())));
    const sigma = vol * regime;
    const open = close;
    const ret = drift - 0.5 * sigma * sigma + sigma * normal();
    close = open * Math.exp(ret);
    const wick = () => Math.abs(normal()) * sigma * 0.6;
    const high = Math.max(open, close) * (1 + wick());
    const low = Math.min(open, close) * (1 - wick());
    const vol_ = volume * regime * volumeCycle(ts) * Math.exp(0.35 * normal());
    rows.push([ts, open.toFixed(priceDp), high.toFixed(priceDp), low.toFixed(priceDp), close.toFixed(priceDp), vol_.toFixed(volumeDp)].join(','));
    written++;
  }
  return rows.join('\n') + '\n';
}

const hours2y = 2 * 365 * 24;
// Crypto trades around the clock; activity peaks in the European/US overlap.
const intraday = (ts) => 0.7 + 0.6 * Math.exp(-(((new Date(ts).getUTCHours() - 15) / 4) ** 2));
const weekend = (ts) => [0, 6].includes(new Date(ts).getUTCDay());

export const SAMPLES = [
  {
    file: 'btc-usdt-1h.csv',
    symbol: 'BTC/USDT',
    venue: 'sample',
    timeframe: '1h',
    synthetic: true,
    make: () => series({ seed: 20230101, start: END - hours2y * HOUR, step: HOUR, count: hours2y, price: 16500, drift: 0.00004, vol: 0.0065, volume: 850, priceDp: 2, volumeDp: 4, volumeCycle: intraday }),
  },
  {
    file: 'eth-usdt-1h.csv',
    symbol: 'ETH/USDT',
    venue: 'sample',
    timeframe: '1h',
    synthetic: true,
    make: () => series({ seed: 20230106, start: END - hours2y * HOUR, step: HOUR, count: hours2y, price: 1200, drift: 0.00004, vol: 0.006, volume: 9500, priceDp: 2, volumeDp: 3, volumeCycle: intraday }),
  },
  {
    file: 'demo-index-1d.csv',
    symbol: 'DEMO500',
    venue: 'sample',
    timeframe: '1d',
    synthetic: true,
    make: () => series({ seed: 20150105, start: Date.UTC(2015, 0, 1), step: DAY, count: 100_000, price: 2050, drift: 0.0003, vol: 0.009, volume: 3.2e9, priceDp: 2, volumeDp: 0, skip: weekend }),
  },
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const s of SAMPLES) {
    const text = s.make();
    writeFileSync(join(dir, s.file), text);
    console.log(`${s.file}: ${text.split('\n').length - 2} bars, ${(text.length / 1024).toFixed(0)} KiB`);
  }
  const manifest = SAMPLES.map(({ file, symbol, venue, timeframe, synthetic }) => ({ file, symbol, venue, timeframe, synthetic }));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log('manifest.json written');
}
