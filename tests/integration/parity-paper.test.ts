/**
 * Parity: the same strategy over the same recorded bars sends the same orders in a backtest and
 * in paper mode (deployment runner → pre-trade check → order manager → paper broker with the
 * backtest's fill model, real journal.db). Also: a paper deployment resumes after a restart
 * without sending an order twice.
 */
import { describe, expect, it } from 'vitest';
import { FakeFeed, MIN, openTrading as open, useCleanup } from '../support/paper-live';
import { runBacktest } from '../../engine/backtest/engine';
import type { RunnerBar } from '../../engine/live/deployment-runner';
import smaCross from '../../engine/strategy/builtins/sma-cross';
import { accountId } from '../../engine/trading/identifiers';

const T0 = Date.UTC(2026, 0, 5);

/** A recorded-looking path: two waves and a drift, on a 0.01 grid. */
function recordedBars(n: number): RunnerBar[] {
  const out: RunnerBar[] = [];
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const close = Math.round((100 + 8 * Math.sin(i / 9) + 3 * Math.sin(i / 2.3) + i * 0.02) * 100) / 100;
    const open = prev;
    out.push({ ts: T0 + i * MIN, open, high: Math.max(open, close) + 0.25, low: Math.min(open, close) - 0.25, close, volume: 10 });
    prev = close;
  }
  return out;
}

const { cleanup, tempDir } = useCleanup('qd-parity-');

const PARAMS = { fast: 5, slow: 20, size: 2 };
const key = (o: { side: string; quantity: string | number; kind: string }) => `${o.side} ${Number(o.quantity)} ${o.kind}`;

describe('parity: backtest and paper send the same orders', () => {
  it('sma-cross over recorded bars', async () => {
    const dir = tempDir();
    const bars = recordedBars(400);
    const H = 60; // history bars before the deployment starts: they warm the indicators up in both modes

    const cols = {
      ts: Float64Array.from(bars.map((b) => b.ts)),
      open: Float64Array.from(bars.map((b) => b.open)),
      high: Float64Array.from(bars.map((b) => b.high)),
      low: Float64Array.from(bars.map((b) => b.low)),
      close: Float64Array.from(bars.map((b) => b.close)),
      volume: Float64Array.from(bars.map((b) => b.volume)),
    };
    const bt = runBacktest({ strategy: smaCross, feeds: [{ symbol: 'BTC/USDT', timeframe: '1m', bars: cols }], config: { params: PARAMS, initialCapital: 100_000, currency: 'USD', startupBars: H } });
    const btOrders = bt.orders.filter((o) => o.createdAt > bars[H - 1].ts + MIN).sort((a, b) => a.createdAt - b.createdAt);
    expect(btOrders.length).toBeGreaterThan(4);

    const feed = new FakeFeed(bars.slice(0, H));
    const w = await open(dir, feed);
    cleanup.push(w.close);
    await w.svc.addAccount({ id: 'paper-1', exchange: 'binance', paper: true, startingBalances: { USDT: '100000' } });
    const dep = await w.svc.startDeployment({ accountId: 'paper-1', strategy: { kind: 'builtin', id: 'sma-cross' }, symbols: ['BTC/USDT'], timeframe: '1m', params: PARAMS });
    const runner = w.svc.deploymentsOf('paper-1')[0].runner;
    for (const b of bars.slice(H)) {
      feed.push(b);
      await runner.onClosedBar('BTC/USDT', b); // waits for the queued evaluation of this bar
    }
    const sent = w.journal.orders(accountId('paper-1'));
    expect(sent.every((o) => o.strategy_id === dep.id)).toBe(true);
    expect(sent.map((o) => key({ side: o.side, quantity: o.quantity, kind: o.kind }))).toEqual(btOrders.map((o) => key({ side: o.side, quantity: o.size, kind: o.type })));
    // and the paper account filled them with the backtest's fill model: same fill prices
    const filled = sent.map((o, i) => ({ o, bt: btOrders[i] })).filter(({ o }) => o.status === 'filled');
    expect(filled.length).toBeGreaterThan(2);
    for (const { o, bt: b } of filled) expect(Number(o.filled_notional) / Number(o.filled_qty)).toBe(b.avgPrice);
    for (const o of sent) expect(['filled', 'accepted']).toContain(o.status);
  });

  it('a restarted paper deployment resumes after reconciliation and sends nothing twice', async () => {
    const dir = tempDir();
    const bars = recordedBars(260);
    const feed = new FakeFeed(bars.slice(0, 60));
    let w = await open(dir, feed);
    await w.svc.addAccount({ id: 'paper-2', exchange: 'binance', paper: true });
    const input = { accountId: 'paper-2', strategy: { kind: 'builtin' as const, id: 'sma-cross' }, symbols: ['BTC/USDT'], timeframe: '1m' as const, params: PARAMS };
    await w.svc.startDeployment(input);
    let runner = w.svc.deploymentsOf('paper-2')[0].runner;
    for (const b of bars.slice(60, 160)) {
      feed.push(b);
      await runner.onClosedBar('BTC/USDT', b);
    }
    const before = w.journal.orders(accountId('paper-2')).length;
    await w.close();

    // restart: history now includes bars the deployment already evaluated
    const feed2 = new FakeFeed(bars.slice(0, 160));
    w = await open(dir, feed2);
    cleanup.push(w.close);
    const rt = await w.svc.runtime('paper-2');
    expect(rt.status).toBe('ready');
    await w.svc.startDeployment(input);
    runner = w.svc.deploymentsOf('paper-2')[0].runner;
    for (const b of bars.slice(150, 160)) await runner.onClosedBar('BTC/USDT', b); // replayed bars: ignored
    expect(w.journal.orders(accountId('paper-2')).length).toBe(before);
    for (const b of bars.slice(160)) {
      feed2.push(b);
      await runner.onClosedBar('BTC/USDT', b);
    }
    expect(w.journal.orders(accountId('paper-2')).length).toBeGreaterThan(before);
    expect(w.journal.deployments(accountId('paper-2'))).toHaveLength(1);
  });
});
