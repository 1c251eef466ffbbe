/**
 * The persistent live runtime with real parts: TradingService, a paper account (backtest fill
 * model), the order manager and journal.db in a temp dir, and user strategies compiled with esbuild
 * running in their own sandbox worker (out/engine/live-sandbox-worker.js).
 * - the strategy's position is the account's position attributed to it: after a trade on the
 *   account, its exit sells what the account holds, where a simulation would sell its own number;
 * - a restart restores ctx.store, evaluates no bar twice and sends no order twice;
 * - a throw or a hung onBar fails that deployment only (log and state), never the engine.
 */
import { describe, expect, it } from 'vitest';
import type { RunnerBar } from '../../engine/live/deployment-runner';
import { FakeFeed, MIN, openTrading as open, sineBars, useCleanup } from '../support/paper-live';
import { runSandboxed } from '../../engine/backtest-runner/run-sandboxed';
import { compileStrategySources } from '../../engine/compiler/compile-strategy';
import { Decimal } from '../../engine/trading/decimal';
import { accountId, strategyId } from '../../engine/trading/identifiers';

const T0 = Date.UTC(2026, 1, 2);
const recordedBars = (n: number) => sineBars(n, T0);
const { cleanup, tempDir } = useCleanup();

/** Counts its bars in ctx.store, logs what it sees, buys on bar `buyAt`, closes on bar `exitAt`. */
const PROBE = `import { defineStrategy } from 'quantdesk';
export default defineStrategy({
  id: 'probe',
  name: 'probe',
  params: { buyAt: { type: 'int', default: 3 }, exitAt: { type: 'int', default: 8 }, size: { type: 'float', default: 2 } },
  onBar(ctx) {
    const n = ((ctx.store.n as number) ?? 0) + 1;
    ctx.store.n = n;
    ctx.log.info('bar ' + n + ' at ' + ctx.ts(0) + ' pos ' + ctx.position().size);
    if (n === ctx.params.buyAt) ctx.buy(ctx.params.size, { tag: 'entry' });
    if (n === ctx.params.exitAt) ctx.closePosition(undefined, 'exit');
  },
  onFill(ctx, _s, f) {
    ctx.log.info('fill ' + f.orderId + ' ' + f.side + ' ' + f.size + ' @ ' + f.price);
  },
});
`;

const FAULTY = `import { defineStrategy } from 'quantdesk';
export default defineStrategy({
  id: 'faulty',
  name: 'faulty',
  params: { hang: { type: 'bool', default: false } },
  onBar(ctx) {
    ctx.store.n = ((ctx.store.n as number) ?? 0) + 1;
    if (ctx.store.n === 2) {
      if (ctx.params.hang) for (;;) {}
      throw new Error('boom');
    }
  },
});
`;

async function compiled(name: string, source: string) {
  const c = await compileStrategySources('strategy.ts', { 'strategy.ts': source });
  return { kind: 'compiled' as const, entry: c.entry, code: c.code, map: c.map, version: c.hash, name };
}

const columns = (bars: RunnerBar[]) => ({
  ts: Float64Array.from(bars.map((b) => b.ts)),
  open: Float64Array.from(bars.map((b) => b.open)),
  high: Float64Array.from(bars.map((b) => b.high)),
  low: Float64Array.from(bars.map((b) => b.low)),
  close: Float64Array.from(bars.map((b) => b.close)),
  volume: Float64Array.from(bars.map((b) => b.volume)),
});

describe('live runtime (paper account, sandboxed user strategies)', () => {
  it("the strategy's position is the account's attributed position, not a simulation's", async () => {
    const bars = recordedBars(50);
    const H = 30;
    const probe = await compiled('probe', PROBE);
    const params = { buyAt: 3, exitAt: 8, size: 2 };

    // what a simulation of the same bars does: buy 2, sell 2
    const bt = await runSandboxed({ kind: 'compiled', entry: probe.entry, code: probe.code, map: probe.map }, [{ symbol: 'BTC/USDT', timeframe: '1m', bars: columns(bars.slice(0, H + 10)) }], { params, startupBars: H });
    expect(bt.orders.map((o) => `${o.side} ${o.size}`)).toEqual(['buy 2', 'sell 2']);

    const feed = new FakeFeed(bars.slice(0, H));
    const w = await open(tempDir(), feed);
    cleanup.push(w.close);
    await w.svc.addAccount({ id: 'paper-a', exchange: 'binance', paper: true, startingBalances: { USDT: '10000' } });
    const dep = await w.svc.startDeployment({ accountId: 'paper-a', strategy: probe, symbols: ['BTC/USDT'], timeframe: '1m', params });
    const runner = w.svc.deploymentsOf('paper-a')[0].runner;
    const rt = await w.svc.runtime('paper-a');
    const step = async (b: RunnerBar) => {
      feed.push(b);
      await runner.onClosedBar('BTC/USDT', b);
    };
    for (const b of bars.slice(H, H + 5)) await step(b); // bars 1..5: bought 2 on bar 3, filled at bar 4's open
    // a trade on the account, booked to this deployment (someone trims its position by hand)
    const manual = await rt.submit(strategyId(dep.id), { instrumentId: runner.instrument('BTC/USDT'), side: 'sell', kind: 'market', quantity: Decimal.parse('0.5'), timeInForce: 'GTC', reduceOnly: false }, { referencePrice: Decimal.fromNumber(bars[H + 4].close) });
    expect(manual.status).toBe('accepted');
    for (const b of bars.slice(H + 5, H + 10)) await step(b); // bar 8 closes the position; filled at bar 9's open

    const lines = runner.log.map((e) => e.message);
    const seen = (n: number) => lines.find((m) => m.startsWith(`strategy: bar ${n} `))?.replace(/ at \d+/, '');
    expect([1, 3, 4, 5, 6, 8, 9, 10].map(seen)).toEqual(['strategy: bar 1 pos 0', 'strategy: bar 3 pos 0', 'strategy: bar 4 pos 2', 'strategy: bar 5 pos 2', 'strategy: bar 6 pos 1.5', 'strategy: bar 8 pos 1.5', 'strategy: bar 9 pos 0', 'strategy: bar 10 pos 0']);
    // onFill for the strategy's own orders (by the ids it knows them by), not for the hand trade
    expect(lines.filter((m) => m.startsWith('strategy: fill'))).toEqual([`strategy: fill s1 buy 2 @ ${bars[H + 3].open}`, `strategy: fill s2 sell 1.5 @ ${bars[H + 8].open}`]);

    const orders = w.journal.orders(accountId('paper-a'));
    expect(orders.map((o) => `${o.side} ${Number(o.quantity)} ${o.status}`)).toEqual(['buy 2 filled', 'sell 0.5 filled', 'sell 1.5 filled']);
    expect(rt.portfolio.position(rt.accountId, strategyId(dep.id), runner.instrument('BTC/USDT')).quantity.isZero()).toBe(true);
    expect(runner.state.ordersSent).toBe(2);
  });

  it('a restart restores ctx.store and the positions, evaluates no bar twice and sends no order twice', async () => {
    const bars = recordedBars(60);
    const dir = tempDir();
    const probe = await compiled('probe', PROBE);
    const input = { accountId: 'paper-r', strategy: probe, symbols: ['BTC/USDT'], timeframe: '1m' as const, params: { buyAt: 3, exitAt: 9, size: 1 } };
    const feed = new FakeFeed(bars.slice(0, 30));
    let w = await open(dir, feed);
    await w.svc.addAccount({ id: 'paper-r', exchange: 'binance', paper: true });
    await w.svc.startDeployment(input);
    let runner = w.svc.deploymentsOf('paper-r')[0].runner;
    for (const b of bars.slice(30, 35)) {
      feed.push(b);
      await runner.onClosedBar('BTC/USDT', b);
    }
    expect(runner.state.store).toEqual({ n: 5 });
    await w.close();

    // the history now holds the five evaluated bars and two that closed while the engine was down
    const feed2 = new FakeFeed(bars.slice(0, 37));
    w = await open(dir, feed2);
    cleanup.push(w.close);
    await w.svc.startDeployment(input);
    runner = w.svc.deploymentsOf('paper-r')[0].runner;
    expect(runner.log.some((e) => /warmed up on 37 bars \(2 closed while it was stopped/.test(e.message))).toBe(true);
    for (const b of bars.slice(32, 37)) await runner.onClosedBar('BTC/USDT', b); // the feed repeating itself: ignored
    for (const b of bars.slice(37, 42)) {
      feed2.push(b);
      await runner.onClosedBar('BTC/USDT', b);
    }
    const lines = runner.log.map((e) => e.message).filter((m) => m.startsWith('strategy: bar'));
    // the count went on from the store; the first bar after the restart is the first live one
    expect(lines.map((m) => m.replace(/ at \d+/, ''))).toEqual(['strategy: bar 6 pos 1', 'strategy: bar 7 pos 1', 'strategy: bar 8 pos 1', 'strategy: bar 9 pos 1', 'strategy: bar 10 pos 0']);
    expect(lines[0]).toContain(` at ${bars[37].ts} `);
    const orders = w.journal.orders(accountId('paper-r'));
    expect(orders.map((o) => `${o.side} ${Number(o.quantity)} ${o.status}`)).toEqual(['buy 1 filled', 'sell 1 filled']);
  });

  it('a throw or a hung onBar fails that deployment only; another keeps trading on the same account', async () => {
    const bars = recordedBars(80);
    const feed = new FakeFeed(bars.slice(0, 30));
    const w = await open(tempDir(), feed);
    cleanup.push(w.close);
    await w.svc.addAccount({ id: 'paper-f', exchange: 'binance', paper: true });
    const faulty = await compiled('faulty', FAULTY);
    const thrower = await w.svc.startDeployment({ accountId: 'paper-f', strategy: faulty, symbols: ['BTC/USDT'], timeframe: '1m', params: {} });
    const hanger = await w.svc.startDeployment({ accountId: 'paper-f', strategy: faulty, symbols: ['BTC/USDT'], timeframe: '1m', params: { hang: true } });
    const healthy = await w.svc.startDeployment({ accountId: 'paper-f', strategy: { kind: 'builtin', id: 'sma-cross' }, symbols: ['BTC/USDT'], timeframe: '1m', params: { fast: 3, slow: 8, size: 1 } });
    const runners = w.svc.deploymentsOf('paper-f').map((d) => d.runner);
    expect(runners).toHaveLength(3);
    for (const b of bars.slice(30, 80)) {
      feed.push(b);
      for (const r of runners) await r.onClosedBar('BTC/USDT', b);
    }
    const row = (id: string) => w.journal.deployments(accountId('paper-f')).find((d) => d.id === id)!;
    const state = (id: string) => row(id).state as { lastError: string | null; lastBarTs: number | null };
    expect(row(thrower.id).status).toBe('failed');
    expect(state(thrower.id).lastError).toMatch(/strategy faulty failed in onBar: boom \(strategy\.ts:\d+:\d+\)/);
    expect(row(hanger.id).status).toBe('failed');
    expect(state(hanger.id).lastError).toMatch(/onBar did not return within 1000 ms .*; the strategy was stopped/);
    expect(runners.find((r) => r.deployment.id === hanger.id)!.log.some((e) => e.level === 'error' && /did not return/.test(e.message))).toBe(true);
    // the engine went on: the built-in saw every bar and traded
    expect(row(healthy.id).status).toBe('running');
    expect(state(healthy.id).lastBarTs).toBe(bars[79].ts);
    expect(w.journal.orders(accountId('paper-f')).filter((o) => o.strategy_id === healthy.id).length).toBeGreaterThan(1);
    expect(w.svc.listDeployments('paper-f').map((d) => [d.id, d.running])).toEqual([
      [thrower.id, false],
      [hanger.id, false],
      [healthy.id, true],
    ]);
  });
});
