/**
 * A sandboxed user strategy's ctx.bracket() in a live deployment on a paper account: the entry and
 * its exits go through the account's submitBracket (all journaled before the entry is sent, the exits
 * linked to the entry's client order id as one OCO pair), the
 * take-profit rests at the paper venue once the entry filled (the stop-loss is watched here on spot),
 * and its fill drops the stop-loss.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileStrategySources } from '../../engine/compiler/compile-strategy';
import type { RunnerBar } from '../../engine/live/deployment-runner';
import { TradingService, type MarketFeed } from '../../engine/live/trading-service';
import { CredentialService } from '../../engine/secrets/credentials';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { openStores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';
import { strategyId } from '../../engine/trading/identifiers';

const MIN = 60_000;
const T0 = Date.UTC(2026, 1, 2);

function recordedBars(n: number): RunnerBar[] {
  const out: RunnerBar[] = [];
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const close = Math.round((100 + 5 * Math.sin(i / 7) + 2 * Math.sin(i / 1.9)) * 100) / 100;
    out.push({ ts: T0 + i * MIN, open: prev, high: Math.max(prev, close) + 0.2, low: Math.min(prev, close) - 0.2, close, volume: 10 });
    prev = close;
  }
  return out;
}

class FakeFeed implements MarketFeed {
  listeners: Array<{ symbol: string; fn: (b: RunnerBar & { closed: boolean }) => void }> = [];
  constructor(private readonly historyBars: RunnerBar[]) {}
  async history(): Promise<RunnerBar[]> {
    return this.historyBars;
  }
  async subscribe(_ex: string, _b: string | null, symbol: string, _tf: string, fn: (b: RunnerBar & { closed: boolean }) => void) {
    const l = { symbol, fn };
    this.listeners.push(l);
    return () => void (this.listeners = this.listeners.filter((x) => x !== l));
  }
  /** Paper fills first (subscribed first), then the deployments, as in the app. */
  push(b: RunnerBar): void {
    for (const l of [...this.listeners]) l.fn({ ...b, closed: true });
  }
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function open(dir: string, feed: FakeFeed) {
  const stores = await openStores(dir);
  const journal = new TradingJournal(stores.journalDb, () => Date.now());
  const svc = new TradingService({ dataDir: dir, journal, credentials: new CredentialService(new MemorySecretStore()), clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {} }, publish: () => {}, feed });
  return { stores, journal, svc, close: async () => (await svc.close(), stores.close()) };
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qd-live-runtime-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}


const BRACKET = `import { defineStrategy } from 'quantdesk';
export default defineStrategy({
  id: 'bracketer',
  name: 'bracketer',
  params: { tp: { type: 'float', default: 0 }, sl: { type: 'float', default: 0 } },
  onBar(ctx) {
    const n = ((ctx.store.n as number) ?? 0) + 1;
    ctx.store.n = n;
    if (n === 2) ctx.bracket({ side: 'buy', size: 1, takeProfit: ctx.params.tp, stopLoss: ctx.params.sl, tag: 'b' });
  },
  onOrder(ctx, o) {
    ctx.log.info('order ' + o.id + ' ' + o.type + ' ' + o.status + (o.parentId ? ' exit of ' + o.parentId : ''));
  },
});
`;

async function compiled(name: string, source: string) {
  const c = await compileStrategySources('strategy.ts', { 'strategy.ts': source });
  return { kind: 'compiled' as const, entry: c.entry, code: c.code, map: c.map, version: c.hash, name };
}


describe('live deployment brackets', () => {
  it("ctx.bracket() goes out as one bracket: exits journaled before the entry, the take-profit fills and the stop-loss is dropped", async () => {
    const bars = recordedBars(60);
    const H = 30;
    // the entry fills at bar 3's open; the take-profit sits just under the highest high that follows
    const tp = Math.round((Math.max(...bars.slice(H + 3, H + 20).map((b) => b.high)) - 0.3) * 100) / 100;
    const dir = mkdtempSync(path.join(tmpdir(), 'qd-live-bracket-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const feed = new FakeFeed(bars.slice(0, H));
    const stores = await openStores(dir);
    const journal = new TradingJournal(stores.journalDb, () => Date.now());
    const svc = new TradingService({ dataDir: dir, journal, credentials: new CredentialService(new MemorySecretStore()), clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {} }, publish: () => {}, feed });
    cleanup.push(async () => (await svc.close(), stores.close()));
    await svc.addAccount({ id: 'paper-b', exchange: 'binance', paper: true, startingBalances: { USDT: '10000' } });
    const dep = await svc.startDeployment({ accountId: 'paper-b', strategy: await compiled('bracketer', BRACKET), symbols: ['BTC/USDT'], timeframe: '1m', params: { tp, sl: 1 } });
    const runner = svc.deploymentsOf('paper-b')[0].runner;
    const rt = await svc.runtime('paper-b');
    const mine = () => rt.oms.allOrders({ strategyId: strategyId(dep.id) });
    for (const b of bars.slice(H, H + 20)) {
      feed.push(b);
      await runner.onClosedBar('BTC/USDT', b);
      await rt.oms.idle();
      if (mine().some((o) => o.spec.kind === 'limit' && o.status === 'filled')) break;
    }
    const [entry, tpo, slo] = mine();
    expect([entry.spec.kind, entry.status]).toEqual(['market', 'filled']);
    expect([tpo.spec.kind, tpo.spec.parentId, tpo.status, tpo.spec.quantity.toPlainString()]).toEqual(['limit', entry.clientOrderId, 'filled', '1']);
    expect([slo.spec.kind, slo.spec.parentId, slo.status]).toEqual(['stop-market', entry.clientOrderId, 'canceled']);
    // one OCO pair, scoped to the entry by the order manager (its key includes the entry's client order id)
    expect([tpo.spec.ocoGroup, slo.spec.ocoGroup]).toEqual(['bracket', 'bracket']);
    // exits journaled (held) before the entry was submitted
    const events = journal.loadOrderEvents(rt.accountId).map((e) => `${e.clientOrderId === entry.clientOrderId ? 'E' : e.clientOrderId === tpo.clientOrderId ? 'TP' : e.clientOrderId === slo.clientOrderId ? 'SL' : '?'} ${e.type}`);
    expect(events.slice(0, 4)).toEqual(['E OrderInitialized', 'TP OrderInitialized', 'SL OrderInitialized', 'E OrderSubmitted']);
    expect(rt.portfolio.position(rt.accountId, strategyId(dep.id), runner.instrument('BTC/USDT')).quantity.isZero()).toBe(true);
  });
});
