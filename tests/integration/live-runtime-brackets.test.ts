/**
 * A sandboxed user strategy's ctx.bracket() in a live deployment on a paper account: the entry and
 * its exits go through the account's submitBracket (all journaled before the entry is sent, the exits
 * linked to the entry's client order id as one OCO pair), the
 * take-profit rests at the paper venue once the entry filled (the stop-loss is watched here on spot),
 * and its fill drops the stop-loss.
 */
import { describe, expect, it } from 'vitest';
import { FakeFeed, openTrading as open, sineBars, useCleanup } from '../support/paper-live';
import { compileStrategySources } from '../../engine/compiler/compile-strategy';
import { strategyId } from '../../engine/trading/identifiers';

const T0 = Date.UTC(2026, 1, 2);
const recordedBars = (n: number) => sineBars(n, T0);
const { cleanup, tempDir } = useCleanup();


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
    const feed = new FakeFeed(bars.slice(0, H));
    const { journal, svc, close } = await open(tempDir(), feed);
    cleanup.push(close);
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
