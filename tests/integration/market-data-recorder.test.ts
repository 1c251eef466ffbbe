// Recording live candles, trades and book tops from the simulator into market.db, and playing the
// recording back through the live feed's interface.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFeed } from '../../engine/data/feed/replay-feed';
import type { FeedBar } from '../../engine/data/feed/types';
import { openStores } from '../../engine/store/open-stores';
import { RecordingRepository } from '../../engine/store/recordings';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';
import { makeTempDir, startTestEngine, type TestEngine } from '../support/test-engine';

const ID = 'BTC/USDT@binance' as never;

describe('recorder and replay', () => {
  let sim: ExchangeSim;
  let t: TestEngine;
  const temp = makeTempDir();

  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 21, symbols: ['BTC/USDT'], historyBars: 100 });
    t = await startTestEngine('in-process', { dataDir: temp.dir });
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    temp.cleanup();
  });

  it('records candles, trades and 3 book levels a side; each trade is one the venue printed', async () => {
    const rec = await t.client.call('recorder.start', { exchange: 'binance', symbols: ['BTC/USDT'], bars: '1m', trades: true, book: true, depth: 3, baseUrl: sim.restUrl });
    expect(rec.instrumentIds).toEqual(['BTC/USDT@binance']);
    await pollUntil(
      async () => {
        const r = (await t.client.call('recorder.list', {}))[0];
        return r.counts.trade >= 12 && r.counts.book >= 5 && r.counts.bar >= 6;
      },
      () => sim.stepTicks(1),
      { intervalMs: 40 },
    );
    const done = await t.client.call('recorder.stop', { recordingId: rec.recordingId });
    expect(await t.client.call('recorder.list', {})).toEqual([]);

    const stored = await t.client.call('recorder.stored', {});
    expect(stored.map((s) => s.kind).sort()).toEqual(['bar', 'book', 'trade']);
    expect(stored.find((s) => s.kind === 'trade')!.count).toBe(done.counts.trade);

    const trades = await t.client.call('recorder.events', { instrumentId: ID, kind: 'trade' });
    const venue = (await (await fetch(`${sim.restUrl}/api/v3/trades?symbol=BTCUSDT&limit=1000`)).json()) as { id: number; price: string; qty: string }[];
    const byId = new Map(venue.map((v) => [String(v.id), v]));
    for (const tr of trades) {
      const p = tr.payload as { id: string; price: number; amount: number };
      expect(byId.get(p.id), `trade ${p.id}`).toBeDefined();
      expect(p.price).toBe(Number(byId.get(p.id)!.price));
      expect(p.amount).toBe(Number(byId.get(p.id)!.qty));
    }
    const books = await t.client.call('recorder.events', { instrumentId: ID, kind: 'book' });
    for (const b of books) {
      const { bids, asks } = b.payload as { bids: number[][]; asks: number[][] };
      expect(bids).toHaveLength(3);
      expect(asks).toHaveLength(3);
      expect(bids[0][0]).toBeLessThan(asks[0][0]);
      expect(bids[0][0]).toBeGreaterThan(bids[1][0]);
    }
  });

  it('replays the recorded candles through the feed interface; closed ones equal the venue klines', async () => {
    await t.close();
    const stores = await openStores(temp.dir, { readonly: true });
    try {
      const repo = new RecordingRepository(stores.marketDb);
      const got: FeedBar[] = [];
      const states: string[] = [];
      const handle = replayFeed({ venue: 'binance', read: (q) => repo.read(q) }).bars('BTC/USDT', '1m', { bar: (b) => got.push(b), status: (s) => states.push(s) });
      await handle.done;
      expect(states).toEqual(['live', 'stopped']);
      const closed = got.filter((b) => b.closed);
      expect(closed.length).toBeGreaterThanOrEqual(1);
      for (const b of closed) {
        const k = (await (await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${b.ts}&limit=1`)).json()) as string[][];
        expect([b.ts, b.open, b.high, b.low, b.close, b.volume]).toEqual(k[0].slice(0, 6).map(Number));
      }
      expect(got.map((b) => b.ts)).toEqual([...got.map((b) => b.ts)].sort((a, b) => a - b));
    } finally {
      stores.close();
    }
  });
});
