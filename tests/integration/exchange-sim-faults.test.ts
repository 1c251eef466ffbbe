// Injected faults surface in the real ccxt as the errors a real Binance would cause.
import { createHmac } from 'node:crypto';
import ccxt from 'ccxt';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil, untilSettled } from '../fixtures/exchange-sim/testing';

describe('exchange-sim faults through ccxt', () => {
  let sim: ExchangeSim;
  let rest: InstanceType<typeof ccxt.binance>;

  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 3, symbols: ['BTC/USDT'], historyBars: 120 });
    rest = connectCcxt(ccxt.binance, sim, { enableRateLimit: false, timeout: 1_500 });
    await rest.loadMarkets();
  });

  afterEach(() => sim.faults.clear());

  afterAll(async () => {
    await sim?.close();
  });

  const farPrice = (): number => Math.floor(sim.price('BTC/USDT') * 0.8);

  it('a hung create times out as RequestTimeout and leaves exactly one order at the venue', async () => {
    sim.faults.hang({ method: 'POST', path: '/api/v3/order' });
    await expect(rest.createOrder('BTC/USDT', 'limit', 'buy', 0.001, farPrice(), { clientOrderId: 'qd-hung-1' })).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    const atVenue = sim.state().orders.filter((o) => o.clientOrderId === 'qd-hung-1');
    expect(atVenue).toHaveLength(1);
    expect(atVenue[0].status).toBe('NEW');
    // The fault fired once: the order can be found (reconciliation) and cancelled normally.
    const found = await rest.fetchOrder(undefined as unknown as string, 'BTC/USDT', { clientOrderId: 'qd-hung-1' });
    expect(found.status).toBe('open');
    await rest.cancelOrder(found.id!, 'BTC/USDT');
  });

  it('added latency beyond the client timeout is a RequestTimeout; within it, the call succeeds', async () => {
    sim.faults.latency(2_500, { path: 'ticker/24hr' });
    await expect(rest.fetchTicker('BTC/USDT')).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    sim.faults.latency(200, { path: 'ticker/24hr' });
    const ticker = await rest.fetchTicker('BTC/USDT');
    expect(ticker.last).toBe(sim.price('BTC/USDT'));
  });

  it('429 with Retry-After is DDoSProtection (ccxt maps Binance 429s so)', async () => {
    sim.faults.rateLimit(1, 7);
    const raw = await fetch(`${sim.restUrl}/api/v3/ping`);
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    sim.faults.rateLimit(1, 7);
    await expect(rest.fetchTicker('BTC/USDT')).rejects.toBeInstanceOf(ccxt.DDoSProtection);
    expect((await rest.fetchTicker('BTC/USDT')).symbol).toBe('BTC/USDT');
  });

  it('418 (IP ban) is DDoSProtection', async () => {
    sim.faults.ban(1, 120);
    await expect(rest.fetchOHLCV('BTC/USDT', '1m', undefined, 10)).rejects.toBeInstanceOf(ccxt.DDoSProtection);
  });

  it('a 5xx from the gateway is ExchangeNotAvailable', async () => {
    for (const status of [500, 502, 503]) {
      sim.faults.serverError(status, 1);
      await expect(rest.fetchTime()).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    }
  });

  it('insufficient balance is InsufficientFunds, injected or real', async () => {
    sim.faults.insufficientBalance(1);
    await expect(rest.createOrder('BTC/USDT', 'limit', 'buy', 0.001, farPrice())).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    await expect(rest.createOrder('BTC/USDT', 'market', 'buy', 50)).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    expect(sim.state().orders.filter((o) => o.status === 'NEW')).toHaveLength(0);
  });

  it('clock skew beyond recvWindow is InvalidNonce, and ccxt recovers by measuring the time difference', async () => {
    sim.faults.clockSkew(60_000);
    const skewed = connectCcxt(ccxt.binance, sim, { enableRateLimit: false, timeout: 1_500 });
    skewed.markets = rest.markets;
    skewed.markets_by_id = rest.markets_by_id;
    await expect(skewed.fetchBalance()).rejects.toBeInstanceOf(ccxt.InvalidNonce);
    sim.faults.clockSkew(-60_000);
    await expect(skewed.fetchBalance()).rejects.toBeInstanceOf(ccxt.InvalidNonce);
    await skewed.loadTimeDifference();
    const balance = await skewed.fetchBalance();
    expect(balance.USDT.total).toBeGreaterThan(0);
  });

  it('a wrong secret, a wrong key or no key is AuthenticationError; an unsigned request is refused', async () => {
    const wrongSecret = connectCcxt(ccxt.binance, sim, { secret: 'not-the-secret', enableRateLimit: false });
    wrongSecret.markets = rest.markets;
    wrongSecret.markets_by_id = rest.markets_by_id;
    await expect(wrongSecret.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    await expect(wrongSecret.fetchBalance()).rejects.toThrow(/-1022/);

    const wrongKey = connectCcxt(ccxt.binance, sim, { apiKey: 'someone-else', enableRateLimit: false });
    wrongKey.markets = rest.markets;
    wrongKey.markets_by_id = rest.markets_by_id;
    await expect(wrongKey.fetchBalance()).rejects.toThrow(/-2015/);

    const noKey = await fetch(`${sim.restUrl}/api/v3/account?timestamp=${Date.now()}`);
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { code: number }).code).toBe(-2014);

    const unsigned = await fetch(`${sim.restUrl}/api/v3/account?timestamp=${Date.now()}`, { headers: { 'X-MBX-APIKEY': sim.apiKey } });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { code: number }).code).toBe(-1102);
  });

  it('the user stream refuses a wrong signature with -1022 (ccxt: AuthenticationError)', async () => {
    // A raw client: ccxt 4.5.84 rejects watchOrders with AuthenticationError here but also leaves
    // an internal future rejected with no handler, which the test runner reports as unhandled.
    const socket = new WebSocket(`${sim.wsUrl}/ws-api/v3`);
    const messages: Array<{ id?: string; status?: number; error?: { code: number } }> = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    try {
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const params = { apiKey: sim.apiKey, timestamp: Date.now(), signature: createHmac('sha256', 'not-the-secret').update('x').digest('hex') };
      socket.send(JSON.stringify({ id: 'bad-1', method: 'userDataStream.subscribe.signature', params }));
      const reply = await pollUntil(() => messages.find((m) => m.id === 'bad-1'));
      expect(reply.status).toBe(400);
      expect(reply.error?.code).toBe(-1022);
      expect(sim.userStreamSubscribers()).toBe(0);
    } finally {
      socket.close();
    }
  });

  it('dropping WebSockets rejects pending watches with NetworkError; watching again reconnects', async () => {
    const pro = connectCcxt(ccxt.pro.binance, sim, { enableRateLimit: false });
    try {
      await pro.loadMarkets();
      await untilSettled(pro.watchTrades('BTC/USDT'), () => sim.stepTicks(1));
      const pending = pro.watchTrades('BTC/USDT');
      sim.faults.dropWebSockets();
      await expect(pending).rejects.toBeInstanceOf(ccxt.NetworkError);
      const again = await untilSettled(pro.watchTrades('BTC/USDT'), () => sim.stepTicks(1));
      expect(again.length).toBeGreaterThan(0);
    } finally {
      await pro.close();
    }
  });

  it('a fill sent twice on the user stream carries the same trade id; the venue books it once', async () => {
    // A raw WebSocket API client, to see every message (ccxt folds repeated updates of one order).
    const socket = new WebSocket(`${sim.wsUrl}/ws-api/v3`);
    const messages: Array<{ id?: string; status?: number; event?: { e: string; x: string; t: number; c: string } }> = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    try {
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const params: Record<string, string | number> = { apiKey: sim.apiKey, timestamp: Date.now() };
      const payload = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
      params.signature = createHmac('sha256', sim.secret).update(payload).digest('hex');
      socket.send(JSON.stringify({ id: 'sub-1', method: 'userDataStream.subscribe.signature', params }));
      await pollUntil(() => messages.find((m) => m.id === 'sub-1'));
      expect(messages.find((m) => m.id === 'sub-1')?.status).toBe(200);

      const limit = sim.venue.market.book('BTCUSDT').bids[0].price;
      await rest.createOrder('BTC/USDT', 'limit', 'buy', 0.002, limit, { clientOrderId: 'qd-dupfill' });
      sim.faults.duplicateFills(1);
      const trades = () => messages.filter((m) => m.event?.e === 'executionReport' && m.event.x === 'TRADE' && m.event.c === 'qd-dupfill');
      await pollUntil(() => trades().length >= 2, () => sim.trade('BTC/USDT', limit - 1));
      const [first, second] = trades();
      expect(second.event!.t).toBe(first.event!.t);
      expect(sim.state().trades.filter((t) => t.clientOrderId === 'qd-dupfill')).toHaveLength(1);
    } finally {
      socket.close();
    }
  });

  it('the admin endpoint injects and clears faults over HTTP', async () => {
    const armed = await fetch(`${sim.restUrl}/admin/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'serverError', status: 503, count: 2 }, { kind: 'clockSkew', ms: 1234 }]),
    });
    expect(((await armed.json()) as { clockSkewMs: number }).clockSkewMs).toBe(1234);
    await expect(rest.fetchTime()).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    await fetch(`${sim.restUrl}/admin/faults`, { method: 'DELETE' });
    const time = await rest.fetchTime();
    expect(typeof time).toBe('number');
  });
});
