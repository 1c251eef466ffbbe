import { describe, expect, it } from 'vitest';
import type { Bars } from '../../../../shared/contract/data';
import type { InstrumentId } from '../../../../shared/ids';
import { BarHistory, needsOlder, prependBars, type BarsRequest } from './bar-history';

const id = 'BTC/USDT@sample' as InstrumentId;
const HOUR = 3_600_000;

function bars(ts: number[]): Bars {
  return { instrumentId: id, timeframe: '1h', ts, open: ts.map((t) => t / HOUR), high: ts.map((t) => t / HOUR + 1), low: ts.map((t) => t / HOUR - 1), close: ts.map((t) => t / HOUR + 0.5), volume: ts.map(() => 1) };
}

/** An in-memory store that answers `data.bars` the way the contract describes it (last `limit` before `to`). */
function fakeStore(count: number) {
  const all = Array.from({ length: count }, (_, i) => i * HOUR);
  const requests: BarsRequest[] = [];
  const fetch = async (req: BarsRequest) => {
    requests.push(req);
    const before = all.filter((t) => req.to === undefined || t < req.to);
    return bars(before.slice(Math.max(0, before.length - req.limit)));
  };
  return { all, requests, fetch };
}

describe('prependBars', () => {
  it('joins pages in time order', () => {
    const out = prependBars(bars([0, HOUR]), bars([2 * HOUR, 3 * HOUR]));
    expect(out.ts).toEqual([0, HOUR, 2 * HOUR, 3 * HOUR]);
    expect(out.close).toEqual([0.5, 1.5, 2.5, 3.5]);
  });
  it('drops older bars that overlap the newer page', () => {
    expect(prependBars(bars([0, HOUR, 2 * HOUR]), bars([2 * HOUR, 3 * HOUR])).ts).toEqual([0, HOUR, 2 * HOUR, 3 * HOUR]);
  });
});

describe('needsOlder', () => {
  const idle = { loading: false, exhausted: false, loaded: 500 };
  it('asks when the view nears the oldest loaded bar', () => {
    expect(needsOlder(10, idle, 50)).toBe(true);
    expect(needsOlder(-5, idle, 50)).toBe(true);
    expect(needsOlder(300, idle, 50)).toBe(false);
  });
  it('does not ask while loading, at the start of the data, or before anything loaded', () => {
    expect(needsOlder(10, { ...idle, loading: true }, 50)).toBe(false);
    expect(needsOlder(10, { ...idle, exhausted: true }, 50)).toBe(false);
    expect(needsOlder(10, { ...idle, loaded: 0 }, 50)).toBe(false);
    expect(needsOlder(null, idle, 50)).toBe(false);
  });
});

describe('BarHistory', () => {
  it('loads the latest page, then older pages back to the first bar', async () => {
    const store = fakeStore(25);
    const h = new BarHistory({ instrumentId: id, timeframe: '1h' }, store.fetch, 10, 10);
    await h.loadLatest();
    expect(h.bars!.ts).toEqual(store.all.slice(15));
    expect(h.exhausted).toBe(false);
    expect(await h.loadOlder()).toBe(10);
    expect(store.requests[1]).toEqual({ instrumentId: id, timeframe: '1h', limit: 10, latest: true, to: 15 * HOUR });
    expect(await h.loadOlder()).toBe(5);
    expect(h.exhausted).toBe(true);
    expect(h.bars!.ts).toEqual(store.all);
    expect(await h.loadOlder()).toBe(0);
    expect(store.requests).toHaveLength(3);
  });

  it('knows a short series is complete after the first page', async () => {
    const store = fakeStore(4);
    const h = new BarHistory({ instrumentId: id, timeframe: '1h' }, store.fetch, 10, 10);
    await h.loadLatest();
    expect(h.exhausted).toBe(true);
    expect(h.loaded).toBe(4);
  });

  it('handles an empty series', async () => {
    const store = fakeStore(0);
    const h = new BarHistory({ instrumentId: id, timeframe: '1h' }, store.fetch, 10, 10);
    await h.loadLatest();
    expect(h.loaded).toBe(0);
    expect(await h.loadOlder()).toBe(0);
  });
});
