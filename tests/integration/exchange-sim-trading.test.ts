// The exchange simulator against the real ccxt (4.5.84): orders, balances, fills and the user stream.
import ccxt from 'ccxt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';

const FEE = 0.001;

describe('exchange-sim trading through ccxt', () => {
  let sim: ExchangeSim;
  let rest: InstanceType<typeof ccxt.binance>;
  let pro: InstanceType<typeof ccxt.pro.binance>;

  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 11, symbols: ['BTC/USDT', 'ETH/USDT'], historyBars: 600, balances: { USDT: 100_000, BTC: 1, ETH: 10 } });
    rest = connectCcxt(ccxt.binance, sim, { enableRateLimit: false });
    pro = connectCcxt(ccxt.pro.binance, sim, { enableRateLimit: false });
    await rest.loadMarkets();
    await pro.loadMarkets();
  });

  afterAll(async () => {
    await pro?.close();
    await sim?.close();
  });

  beforeEach(async () => {
    for (const order of sim.venue.engine.openOrders()) sim.venue.engine.cancel(order.symbol, { orderId: order.orderId });
  });

  const bestBid = (symbol: string): number => sim.venue.market.book(symbol.replace('/', '')).bids[0].price;
  const bestAsk = (symbol: string): number => sim.venue.market.book(symbol.replace('/', '')).asks[0].price;

  it('createOrder, fetchOrder and cancelOrder by clientOrderId; funds are locked while the order rests', async () => {
    const before = await rest.fetchBalance();
    const price = Math.floor(sim.price('BTC/USDT') * 0.9);
    const created = await rest.createOrder('BTC/USDT', 'limit', 'buy', 0.01, price, { clientOrderId: 'qd-limit-1' });
    expect(created.clientOrderId).toBe('qd-limit-1');
    expect(created.status).toBe('open');

    const fetched = await rest.fetchOrder(undefined as unknown as string, 'BTC/USDT', { clientOrderId: 'qd-limit-1' });
    expect(fetched.id).toBe(created.id);
    expect(fetched.price).toBe(price);
    expect(fetched.amount).toBe(0.01);

    const locked = await rest.fetchBalance();
    expect(locked.USDT.used).toBeCloseTo((before.USDT.used ?? 0) + 0.01 * price, 8);
    expect(locked.USDT.free).toBeCloseTo(before.USDT.free! - 0.01 * price, 8);

    const open = await rest.fetchOpenOrders('BTC/USDT');
    expect(open.map((o) => o.clientOrderId)).toEqual(['qd-limit-1']);

    const cancelled = await rest.cancelOrder(undefined as unknown as string, 'BTC/USDT', { clientOrderId: 'qd-limit-1' });
    expect(cancelled.status).toBe('canceled');
    expect(cancelled.id).toBe(created.id);
    expect((await rest.fetchOpenOrders('BTC/USDT')).length).toBe(0);
    const after = await rest.fetchBalance();
    expect(after.USDT.free).toBeCloseTo(before.USDT.free!, 8);
    expect(after.USDT.used ?? 0).toBeCloseTo(before.USDT.used ?? 0, 8);
  });

  it('refuses a clientOrderId that an open order already uses, and accepts it again once that order is closed', async () => {
    const price = Math.floor(sim.price('BTC/USDT') * 0.9);
    await rest.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price, { clientOrderId: 'qd-dup' });
    await expect(rest.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price, { clientOrderId: 'qd-dup' })).rejects.toBeInstanceOf(ccxt.InvalidOrder);
    await rest.cancelOrder(undefined as unknown as string, 'BTC/USDT', { clientOrderId: 'qd-dup' });
    const again = await rest.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price, { clientOrderId: 'qd-dup' });
    expect(again.status).toBe('open');
  });

  it('a market order walks the book and is charged the taker fee; balances move by exactly the fills', async () => {
    const before = await rest.fetchBalance();
    const order = await rest.createOrder('BTC/USDT', 'market', 'buy', 0.8, undefined, { clientOrderId: 'qd-mkt-1' });
    expect(order.status).toBe('closed');
    expect(order.filled).toBeCloseTo(0.8, 8);
    const trades = await rest.fetchMyTrades('BTC/USDT');
    const mine = trades.filter((t) => t.order === order.id);
    // 0.8 BTC is more than the first level holds: several price levels, each no better than the last.
    expect(mine.length).toBeGreaterThan(1);
    for (let i = 1; i < mine.length; i++) expect(mine[i].price).toBeGreaterThanOrEqual(mine[i - 1].price!);
    const cost = mine.reduce((sum, t) => sum + t.cost!, 0);
    const after = await rest.fetchBalance();
    expect(after.USDT.total).toBeCloseTo(before.USDT.total! - cost, 6);
    expect(after.BTC.total).toBeCloseTo(before.BTC.total! + 0.8 * (1 - FEE), 8);
    for (const trade of mine) {
      expect(trade.takerOrMaker).toBe('taker');
      expect(trade.fee?.currency).toBe('BTC');
      expect(trade.fee?.cost).toBeCloseTo(trade.amount! * FEE, 8);
    }
  });

  it('a resting limit order fills when the price crosses it, as maker, possibly in parts', async () => {
    const limit = bestBid('ETH/USDT');
    const order = await rest.createOrder('ETH/USDT', 'limit', 'buy', 8, limit, { clientOrderId: 'qd-rest-1' });
    expect(order.status).toBe('open');
    // Push the price through the order: one level of liquidity per tick, so 8 ETH takes several.
    const filled = await pollUntil(
      async () => {
        const current = await rest.fetchOrder(order.id!, 'ETH/USDT');
        return current.status === 'closed' ? current : undefined;
      },
      () => sim.trade('ETH/USDT', limit - 0.5),
    );
    expect(filled.filled).toBe(8);
    expect(filled.average).toBe(limit);
    const fills = (await rest.fetchMyTrades('ETH/USDT')).filter((t) => t.order === order.id);
    expect(fills.length).toBeGreaterThan(1);
    expect(fills.every((t) => t.takerOrMaker === 'maker' && t.price === limit)).toBe(true);
    expect(fills.reduce((sum, t) => sum + t.amount!, 0)).toBeCloseTo(8, 8);
  });

  it('a stop-loss order waits, then triggers and sells at market when the price falls to it', async () => {
    const stop = Math.round((sim.price('BTC/USDT') - 100) * 100) / 100;
    const order = await rest.createOrder('BTC/USDT', 'STOP_LOSS', 'sell', 0.01, undefined, { stopPrice: stop, clientOrderId: 'qd-stop-1' });
    expect(order.status).toBe('open');
    sim.trade('BTC/USDT', stop + 50);
    expect((await rest.fetchOrder(order.id!, 'BTC/USDT')).status).toBe('open');
    sim.trade('BTC/USDT', stop - 1);
    const done = await rest.fetchOrder(order.id!, 'BTC/USDT');
    expect(done.status).toBe('closed');
    expect(done.filled).toBe(0.01);
    expect(done.average).toBeLessThanOrEqual(stop);
  });

  it('refuses a stop that would trigger at once, a LIMIT_MAKER that would take, and orders below the filters', async () => {
    const above = Math.round((sim.price('BTC/USDT') + 100) * 100) / 100;
    await expect(rest.createOrder('BTC/USDT', 'STOP_LOSS', 'sell', 0.01, undefined, { stopPrice: above })).rejects.toBeInstanceOf(ccxt.InvalidOrder);
    await expect(rest.createOrder('BTC/USDT', 'LIMIT_MAKER', 'buy', 0.01, bestAsk('BTC/USDT'))).rejects.toBeInstanceOf(ccxt.InvalidOrder);
    // 0.00001 BTC is worth well under the 5 USDT minimum notional.
    await expect(rest.privatePostOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.00001', price: '50000' })).rejects.toThrow(/NOTIONAL/);
    await expect(rest.privatePostOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '50000.001' })).rejects.toBeInstanceOf(ccxt.InvalidOrder);
  });

  it('an OCO sell: the take-profit leg fills and the stop leg expires, the lock held once', async () => {
    const last = sim.price('ETH/USDT');
    const takeProfit = Math.round((last + 20) * 100) / 100;
    const stop = Math.round((last - 20) * 100) / 100;
    const before = await rest.fetchBalance();
    const list = (await rest.privatePostOrderListOco({
      symbol: 'ETHUSDT',
      side: 'SELL',
      quantity: '1',
      aboveType: 'LIMIT_MAKER',
      abovePrice: takeProfit.toFixed(2),
      aboveClientOrderId: 'qd-oco-tp',
      belowType: 'STOP_LOSS',
      belowStopPrice: stop.toFixed(2),
      belowClientOrderId: 'qd-oco-sl',
    })) as { orderListId: number; orders: Array<{ clientOrderId: string }> };
    expect(list.orders.map((o) => o.clientOrderId)).toEqual(['qd-oco-tp', 'qd-oco-sl']);
    const locked = await rest.fetchBalance();
    expect(locked.ETH.used).toBeCloseTo((before.ETH.used ?? 0) + 1, 8);
    await pollUntil(
      async () => (await rest.fetchOrder(undefined as unknown as string, 'ETH/USDT', { clientOrderId: 'qd-oco-tp' })).status === 'closed',
      () => sim.trade('ETH/USDT', takeProfit + 1),
    );
    const stopLeg = await rest.fetchOrder(undefined as unknown as string, 'ETH/USDT', { clientOrderId: 'qd-oco-sl' });
    expect(stopLeg.status).toBe('expired');
    const after = await rest.fetchBalance();
    expect(after.ETH.used ?? 0).toBeCloseTo(before.ETH.used ?? 0, 8);
    expect(after.ETH.total).toBeCloseTo(before.ETH.total! - 1, 8);
  });

  it('watchOrders, watchMyTrades and watchBalance receive the fills of a resting order', async () => {
    // Subscribe first (the user stream runs over the WebSocket API), then trade.
    const firstOrders = pro.watchOrders('BTC/USDT');
    const firstTrades = pro.watchMyTrades('BTC/USDT');
    const firstBalance = pro.watchBalance();
    await pollUntil(() => sim.userStreamSubscribers() > 0);
    const limit = bestBid('BTC/USDT');
    const placed = await rest.createOrder('BTC/USDT', 'limit', 'buy', 0.05, limit, { clientOrderId: 'qd-ws-1' });
    const orders = await firstOrders;
    expect(orders.some((o) => o.clientOrderId === 'qd-ws-1')).toBe(true);
    await firstBalance;
    const seenTrades = [] as Array<{ id?: string; order?: string; amount?: number }>;
    const tradeLoop = (async () => {
      seenTrades.push(...(await firstTrades));
      while (seenTrades.filter((t) => t.order === placed.id).reduce((s, t) => s + t.amount!, 0) < 0.05 - 1e-9) {
        seenTrades.push(...(await pro.watchMyTrades('BTC/USDT')));
      }
    })();
    let filled: { status?: string; filled?: number } | undefined;
    while (filled?.status !== 'closed') {
      const update = pro.watchOrders('BTC/USDT');
      sim.trade('BTC/USDT', limit - 1);
      const list = await update;
      filled = list.filter((o) => o.id === placed.id).pop() ?? filled;
    }
    expect(filled.filled).toBe(0.05);
    await tradeLoop;
    const venueTrades = sim.state().trades.filter((t) => t.clientOrderId === 'qd-ws-1');
    const streamed = seenTrades.filter((t) => t.order === placed.id);
    expect(new Set(streamed.map((t) => t.id))).toEqual(new Set(venueTrades.map((t) => String(t.id))));
    // A new order locks USDT: the balance stream reports it, and its BTC reflects the fills.
    const nextBalance = pro.watchBalance();
    await rest.createOrder('BTC/USDT', 'limit', 'buy', 0.001, Math.floor(limit * 0.8));
    const balance = await nextBalance;
    const truth = sim.state().balances;
    expect(balance.USDT.used).toBe(Number(truth.USDT.locked));
    expect(balance.USDT.free).toBe(Number(truth.USDT.free));
    expect(balance.BTC.free).toBe(Number(truth.BTC.free));
  });

  it('GET /admin/state tells the venue truth: orders with client ids, trades and balances', async () => {
    const response = await fetch(`${sim.restUrl}/admin/state`);
    const state = (await response.json()) as ReturnType<ExchangeSim['state']>;
    expect(state.venue).toBe('sim');
    const ids = state.orders.map((o) => o.clientOrderId);
    expect(ids).toContain('qd-limit-1');
    expect(ids).toContain('qd-mkt-1');
    const balance = await rest.fetchBalance();
    expect(Number(state.balances.USDT.free)).toBe(balance.USDT.free);
    expect(Number(state.balances.BTC.locked)).toBe(balance.BTC.used);
    // Every trade belongs to an order the venue knows, and each order's executed quantity is the sum of its trades.
    for (const order of state.orders) {
      const executed = state.trades.filter((t) => t.orderId === order.orderId).reduce((s, t) => s + Number(t.qty), 0);
      expect(executed).toBeCloseTo(Number(order.executedQty), 8);
    }
  });
});
