import type { AccountDto, OrderTicket, ReconciliationDto } from '../../../shared/contract/trading';
import type { InstrumentId } from '../../../shared/ids';
import type { Timeframe } from '../../../shared/timeframe';
import { compileStrategySources } from '../../compiler/compile-strategy';
import { EngineError } from '../../core/errors';
import { openExchange } from '../../data/ccxt/open-exchange';
import { TradingService, deploymentDto, fillDto, orderDto, type MarketFeed } from '../../live/trading-service';
import { pair, type AccountRuntime } from '../../live/account-runtime';
import { CredentialService } from '../../secrets/credentials';
import { openSecretStore } from '../../secrets/open-secret-store';
import { strategyRepository } from '../../store/strategy-repository';
import { TradingJournal } from '../../store/trading-journal';
import { Decimal } from '../../trading/decimal';
import { accountId, MANUAL_STRATEGY } from '../../trading/identifiers';
import type { OrderSpec } from '../../trading/order';
import { CRASH_POINTS } from '../../trading/order-manager';
import { positionSide } from '../../trading/position';
import type { ReconItem } from '../../trading/reconciliation';
import type { Handlers } from '../handler-types';
import type { EngineServices } from '../services';
import { feedManagerOf } from './live-services';

const services = new WeakMap<EngineServices, TradingService>();

/** The engine's trading service, created on first use (one per engine: the only writer of journal.db). */
export function tradingOf(s: EngineServices): TradingService {
  let t = services.get(s);
  if (!t) {
    const crash = process.env.QUANTDESK_CRASH_AT;
    t = new TradingService({
      dataDir: s.stores.dataDir,
      journal: new TradingJournal(s.stores.journalDb, () => s.clock.now()),
      credentials: new CredentialService(openSecretStore()),
      clock: s.clock,
      log: s.log,
      publish: (topic, payload) => s.events.publish(topic, payload),
      feed: hostFeed(s),
      ...(crash && (CRASH_POINTS as readonly string[]).includes(crash) ? { crashAt: (p) => (p === crash ? process.kill(process.pid, 'SIGKILL') : undefined) } : {}),
    });
    services.set(s, t);
  }
  return t;
}

/** Closes brokers and deployments (engine shutdown). */
export async function closeTrading(s: EngineServices): Promise<void> {
  const t = services.get(s);
  services.delete(s);
  await t?.close();
}

/** Bars for deployments and paper fills: history over REST, live bars from the engine's shared feed. */
function hostFeed(s: EngineServices): MarketFeed {
  return {
    async history(exchange, baseUrl, symbol, timeframe, limit) {
      const ex = await openExchange({ exchange, ...(baseUrl ? { baseUrl } : {}) });
      const rows = await ex.fetchOHLCV(symbol, timeframe, undefined, limit + 1);
      // the last row is the forming bar
      return rows.slice(0, -1).map((r) => ({ ts: r[0], open: r[1], high: r[2], low: r[3], close: r[4], volume: r[5] ?? 0 }));
    },
    async subscribe(exchange, baseUrl, symbol, timeframe, onBar) {
      const info = await feedManagerOf(s).subscribeBars({ exchange, symbol, ...(baseUrl ? { baseUrl } : {}) }, timeframe);
      const unsub = s.events.subscribe((topic, payload) => {
        if (topic !== 'feed.bar') return;
        const b = payload as { instrumentId: string; timeframe: string; ts: number; open: number; high: number; low: number; close: number; volume: number; closed: boolean };
        if (b.instrumentId === info.instrumentId && b.timeframe === timeframe) onBar(b);
      });
      return () => {
        unsub();
        void feedManagerOf(s).unsubscribe(info.streamId);
      };
    },
  };
}

function accountDto(t: TradingService, a: ReturnType<TradingService['account']>, rt: AccountRuntime | undefined): AccountDto {
  return {
    id: a.id,
    kind: a.kind,
    venue: a.venue,
    label: a.label,
    sandbox: a.sandbox,
    baseUrl: a.baseUrl,
    maxOrderNotional: a.maxOrderNotional?.toPlainString() ?? null,
    status: rt?.status ?? 'closed',
    killSwitch: t.killSwitch.modeFor(a.id),
  };
}

async function runtimeIfOpen(t: TradingService, id: string): Promise<AccountRuntime | undefined> {
  const all = await t.openRuntimes().catch(() => []);
  return all.find((r) => r.accountId === id);
}

function toSpec(i: OrderTicket): OrderSpec {
  const d = (v: string | undefined) => (v === undefined ? undefined : Decimal.parse(v));
  return { instrumentId: i.instrumentId, side: i.side, kind: i.kind, quantity: Decimal.parse(i.quantity), price: d(i.price), triggerPrice: d(i.triggerPrice), timeInForce: i.timeInForce, reduceOnly: i.reduceOnly };
}

function previewDto(p: Awaited<ReturnType<AccountRuntime['preview']>>) {
  return {
    notional: p.notional?.normalize().toPlainString() ?? null,
    feeEstimate: p.feeEstimate?.normalize().toPlainString() ?? null,
    feeCurrency: p.feeCurrency,
    check: p.check.ok ? { ok: true } : { ok: false, rule: p.check.rule, reason: p.check.reason },
  };
}

function reconDto(rt: AccountRuntime): ReconciliationDto {
  const diff = rt.diff;
  const outcome = rt.outcome;
  return {
    accountId: rt.accountId,
    status: rt.status,
    outcome: outcome?.status ?? null,
    reasons: outcome?.status === 'halted' ? outcome.reasons : [],
    items: (diff?.items ?? []).map((it, index) => {
      const instrumentId = instrumentOf(it) ?? (it.kind === 'balance-mismatch' ? tradedWithBase(rt, it.currency) : null);
      // a balance can only be flattened on an instrument whose base it is (not the quote: USDT has nothing to sell it for here)
      const choices = it.kind === 'balance-mismatch' && !instrumentId ? it.choices.filter((c) => c !== 'flatten') : [...it.choices];
      return { index, kind: it.kind, summary: summarize(it), choices, instrumentId };
    }),
    tsEvent: diff?.tsEvent ?? null,
  };
}

/** An instrument the account has traded whose base is `currency` (what a balance is flattened on). */
function tradedWithBase(rt: AccountRuntime, currency: string): InstrumentId | null {
  return rt.oms.allOrders().map((o) => o.spec.instrumentId).find((id) => pair(id).base === currency) ?? null;
}

function instrumentOf(it: ReconItem): InstrumentId | null {
  if ('venue' in it && typeof it.venue === 'object' && it.venue && 'instrumentId' in it.venue) return it.venue.instrumentId;
  if (it.kind === 'fill-missing-locally') return it.fill.instrumentId;
  return null;
}

function summarize(it: ReconItem): string {
  switch (it.kind) {
    case 'balance-mismatch':
      return `${it.currency}: journal ${it.local.toPlainString()}, venue ${it.venue.toPlainString()}`;
    case 'balance-unreported':
      return `${it.currency}: journal ${it.local.toPlainString()}, not reported by the venue`;
    case 'fill-missing-locally':
      return `fill ${it.fill.tradeId}: ${it.fill.side} ${it.fill.quantity.toPlainString()} ${it.fill.instrumentId} @ ${it.fill.price.toPlainString()} is not in the journal`;
    case 'order-unknown-locally':
      return `venue order ${it.venue.venueOrderId}${it.venue.clientOrderId ? ` (${it.venue.clientOrderId})` : ''}: ${it.venue.side} ${it.venue.quantity.toPlainString()} ${it.venue.instrumentId}${it.venue.price ? ` @ ${it.venue.price.toPlainString()}` : ''}, filled ${it.venue.filledQty.toPlainString()} — open at the venue, not in the journal`;
    case 'order-closed-at-venue':
      return `order ${it.clientOrderId} is ${it.localStatus} here, ${it.venue.status} at the venue`;
    case 'order-missing-at-venue':
      return `order ${it.clientOrderId} (${it.localStatus}) is not known at the venue`;
    case 'order-fill-mismatch':
      return `order ${it.clientOrderId}: journal filled ${it.localFilled.toPlainString()}, venue ${it.venue.filledQty.toPlainString()}`;
    case 'order-not-checked':
      return `order ${it.clientOrderId} (${it.localStatus}) could not be looked up at the venue`;
  }
}

export const tradingHandlers: Pick<
  Handlers,
  | 'accounts.list'
  | 'accounts.add'
  | 'accounts.remove'
  | 'accounts.keyStatus'
  | 'accounts.setKeys'
  | 'accounts.testKeys'
  | 'accounts.removeKeys'
  | 'orders.preview'
  | 'orders.submit'
  | 'orders.submitBatch'
  | 'orders.cancel'
  | 'orders.cancelAll'
  | 'orders.modify'
  | 'orders.list'
  | 'trading.positions'
  | 'trading.balances'
  | 'trading.fills'
  | 'deployments.start'
  | 'deployments.stop'
  | 'deployments.list'
  | 'deployments.logs'
  | 'reconcile.run'
  | 'reconcile.get'
  | 'reconcile.resolve'
  | 'kill.engage'
  | 'kill.release'
  | 'kill.status'
> = {
  'accounts.list': async (_i, { services: s }) => {
    const t = tradingOf(s);
    const open = await t.openRuntimes().catch(() => []);
    return t.accounts().map((a) => accountDto(t, a, open.find((r) => r.accountId === a.id)));
  },
  'accounts.add': async (i, { services: s }) => {
    const t = tradingOf(s);
    if (t.accounts().some((a) => a.id === i.id)) throw new EngineError('CONFLICT', `account ${i.id} exists`);
    const a = await t.addAccount({ id: i.id, exchange: i.exchange, paper: i.paper, label: i.label, baseUrl: i.baseUrl ?? null, sandbox: i.sandbox, maxOrderNotional: i.maxOrderNotional ?? null, startingBalances: i.startingBalances });
    return accountDto(t, a, undefined);
  },
  'accounts.remove': async (i, { services: s }) => {
    await tradingOf(s).removeAccount(i.accountId);
    return { removed: true };
  },
  'accounts.keyStatus': async (i, { services: s }) => {
    const a = tradingOf(s).account(i.accountId);
    return a.kind === 'paper' ? [] : new CredentialService(openSecretStore()).status(a.id, a.venue);
  },
  'accounts.setKeys': async (i, { services: s }) => {
    const a = tradingOf(s).account(i.accountId);
    if (a.kind === 'paper') throw new EngineError('INVALID_INPUT', 'a paper account has no keys');
    return new CredentialService(openSecretStore()).save(a.id, a.venue, i.values);
  },
  'accounts.testKeys': async (i, { services: s }) => {
    const t = tradingOf(s);
    const a = t.account(i.accountId);
    if (a.kind === 'paper') return { ok: true, currencies: 0 };
    const r = await new CredentialService(openSecretStore()).test(a.id, a.venue, { sandbox: a.sandbox, factory: t.exchangeFactory(a) });
    return { ok: r.ok, currencies: r.currencies };
  },
  'accounts.removeKeys': async (i, { services: s }) => {
    const a = tradingOf(s).account(i.accountId);
    const c = new CredentialService(openSecretStore());
    await c.remove(a.id);
    return a.kind === 'paper' ? [] : c.status(a.id, a.venue);
  },

  'orders.preview': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    return previewDto(await rt.preview(MANUAL_STRATEGY, toSpec(i), i.referencePrice ? Decimal.parse(i.referencePrice) : undefined));
  },
  'orders.submit': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    const spec = toSpec(i);
    const ref = i.referencePrice ? Decimal.parse(i.referencePrice) : undefined;
    const preview = previewDto(await rt.preview(MANUAL_STRATEGY, spec, ref));
    if (i.takeProfit || i.stopLoss) {
      const exits = { ...(i.takeProfit ? { takeProfit: Decimal.parse(i.takeProfit) } : {}), ...(i.stopLoss ? { stopLoss: Decimal.parse(i.stopLoss) } : {}) };
      const r = await rt.submitBracket(MANUAL_STRATEGY, spec, exits, { referencePrice: ref });
      return { order: orderDto(r.entry), preview, exits: r.exits.map(orderDto) };
    }
    const order = await rt.submit(MANUAL_STRATEGY, spec, { referencePrice: ref });
    return { order: orderDto(order), preview, exits: [] };
  },
  'orders.submitBatch': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    // the group is named after the batch's time: OCO ids must not repeat within the manual strategy
    const group = i.oco ? `batch-${s.clock.now().toString(36)}` : undefined;
    const specs = i.orders.map((o) => ({ ...toSpec({ ...o, accountId: i.accountId }), ...(group ? { ocoGroup: group } : {}) }));
    const previews = await Promise.all(specs.map((spec, k) => rt.preview(MANUAL_STRATEGY, spec, i.orders[k].referencePrice ? Decimal.parse(i.orders[k].referencePrice!) : undefined)));
    const ref = i.orders.find((o) => o.referencePrice)?.referencePrice;
    const orders = await rt.submitBatch(MANUAL_STRATEGY, specs, ref ? { referencePrice: Decimal.parse(ref) } : {});
    return orders.map((o, k) => ({ order: orderDto(o), preview: previewDto(previews[k]) }));
  },
  'orders.cancel': async (i, { services: s }) => orderDto(await (await tradingOf(s).runtime(i.accountId)).oms.cancel(i.clientOrderId, 'canceled from the order ticket')),
  'orders.cancelAll': async (i, { services: s }) => (await (await tradingOf(s).runtime(i.accountId)).oms.cancelAll(i.instrumentId ? { instrumentId: i.instrumentId } : {})).map(orderDto),
  'orders.modify': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    const d = (v: string | undefined) => (v === undefined ? undefined : Decimal.parse(v));
    return orderDto(await rt.oms.modify(i.clientOrderId, { quantity: d(i.quantity), price: d(i.price), triggerPrice: d(i.triggerPrice) }));
  },
  'orders.list': async (i, { services: s }) => {
    const rt = await runtimeIfOpen(tradingOf(s), i.accountId);
    if (rt) {
      const all = i.open ? rt.oms.openOrders() : rt.oms.allOrders();
      return all.slice(-i.limit).reverse().map(orderDto);
    }
    // not opened yet: the journal's rows (no venue call)
    const j = new TradingJournal(s.stores.journalDb, () => s.clock.now());
    const rows = j.orders(accountId(i.accountId), i.open ? { statuses: ['accepted', 'partially-filled', 'pending-cancel', 'pending-modify'] } : {});
    return rows
      .slice(-i.limit)
      .reverse()
      .map((r) => ({
        clientOrderId: r.client_order_id,
        accountId: r.account_id,
        strategyId: r.strategy_id,
        instrumentId: r.instrument_id,
        side: r.side as 'buy' | 'sell',
        kind: r.kind as OrderSpec['kind'],
        quantity: Decimal.parse(r.quantity).toPlainString(),
        price: r.price === null ? null : Decimal.parse(r.price).toPlainString(),
        triggerPrice: r.trigger_price === null ? null : Decimal.parse(r.trigger_price).toPlainString(),
        timeInForce: r.time_in_force as OrderSpec['timeInForce'],
        reduceOnly: Boolean(r.reduce_only),
        status: r.status,
        venueOrderId: r.venue_order_id,
        filledQty: Decimal.parse(r.filled_qty).toPlainString(),
        avgPrice: Decimal.parse(r.filled_qty).isZero() ? null : Decimal.parse(r.filled_notional).div(Decimal.parse(r.filled_qty), 12).normalize().toPlainString(),
        fee: Decimal.parse(r.fee).toPlainString(),
        reason: r.reason,
        tsInit: r.ts_init,
        tsLast: r.ts_last,
      }));
  },

  'trading.positions': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    const shown = rt.portfolio.positions({ accountId: rt.accountId }).filter((p) => !p.quantity.isZero() || !p.realizedPnl.isZero());
    const out = [];
    for (const p of shown) {
      const step = (await rt.spec(p.instrumentId).catch(() => null))?.amountStep ?? null;
      out.push({
        strategyId: p.strategyId,
        instrumentId: p.instrumentId,
        quantity: p.quantity.toPlainString(),
        avgPrice: p.avgPrice.normalize().toPlainString(),
        realizedPnl: p.realizedPnl.normalize().toPlainString(),
        fees: p.fees.normalize().toPlainString(),
        side: positionSide(p.quantity, step),
        feesOther: Object.fromEntries(Object.entries(p.feesOther).map(([c, v]) => [c, v.normalize().toPlainString()])),
      });
    }
    return out;
  },
  'trading.balances': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    return rt.portfolio.balances(rt.accountId).map((b) => ({ currency: b.currency, total: b.total.normalize().toPlainString(), reserved: b.reserved.normalize().toPlainString(), free: b.free.normalize().toPlainString() }));
  },
  'trading.fills': async (i, { services: s }) => {
    const j = new TradingJournal(s.stores.journalDb, () => s.clock.now());
    return j
      .loadFills(accountId(i.accountId))
      .slice(-i.limit)
      .reverse()
      .map((f) => fillDto({ accountId: f.accountId, instrumentId: f.instrumentId, clientOrderId: null, venueOrderId: '' as never, tradeId: f.tradeId, side: f.side, quantity: f.quantity, price: f.price, fee: f.fee, feeCurrency: f.feeCurrency, liquidity: null, tsEvent: f.tsEvent }));
  },

  'deployments.start': async (i, { services: s }) => {
    const t = tradingOf(s);
    const strategy = await resolveStrategy(s, i.strategy);
    const d = await t.startDeployment({ accountId: i.accountId, strategy, symbols: i.symbols, timeframe: i.timeframe as Timeframe, params: i.params });
    return deploymentDto({ ...d, running: true });
  },
  'deployments.stop': async (i, { services: s }) => {
    await tradingOf(s).stopDeployment(i.deploymentId);
    return { stopped: true };
  },
  'deployments.list': (i, { services: s }) => tradingOf(s).listDeployments(i.accountId).map(deploymentDto),
  'deployments.logs': (i, { services: s }) => tradingOf(s).deploymentLogs(i.deploymentId),

  'reconcile.run': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    await rt.reconcile();
    return reconDto(rt);
  },
  'reconcile.get': async (i, { services: s }) => reconDto(await tradingOf(s).runtime(i.accountId)),
  'reconcile.resolve': async (i, { services: s }) => {
    const rt = await tradingOf(s).runtime(i.accountId);
    await rt.resolve(i.decisions.map((d) => ({ item: d.item, choice: d.choice, ...(d.instrumentId ? { instrumentId: d.instrumentId as InstrumentId } : {}) })));
    return reconDto(rt);
  },

  'kill.engage': async (i, { services: s }) => {
    const t = tradingOf(s);
    const r = await t.kill({ accountId: i.accountId, mode: i.mode, flatten: i.flatten, reason: i.reason, actor: 'user' });
    return { ...r, states: t.killStates() };
  },
  'kill.release': (i, { services: s }) => {
    const t = tradingOf(s);
    t.release({ accountId: i.accountId, actor: 'user' });
    return t.killStates();
  },
  'kill.status': (_i, { services: s }) => tradingOf(s).killStates(),
};

/** A built-in id, or a saved strategy (its latest version, compiled as a backtest compiles it). */
async function resolveStrategy(s: EngineServices, id: string) {
  const { BUILTIN_STRATEGIES } = await import('../../strategy/builtins');
  if (id in BUILTIN_STRATEGIES) return { kind: 'builtin' as const, id };
  const repo = strategyRepository(s.stores.journalDb, () => s.clock.now());
  const row = repo.get(id);
  const source = repo.source(row.id);
  const compiled = await compileStrategySources('strategy.ts', { 'strategy.ts': source });
  return { kind: 'compiled' as const, entry: compiled.entry, code: compiled.code, map: compiled.map, version: compiled.hash, name: row.name.replace(/[^A-Za-z0-9_.:-]/g, '-').slice(0, 64) || 'strategy' };
}

