import { Agent as HttpAgent } from 'node:http';
import { EngineError } from '../../core/errors';
import { pointCcxtAt } from './base-url';
import { fromCcxtError } from './errors';
import { nearMatches } from './near-matches';

/** The part of a ccxt exchange instance the data layer uses (ccxt's own types are loaded lazily). */
export interface CcxtExchange {
  id: string;
  name?: string;
  urls: Record<string, unknown>;
  timeframes?: Record<string, unknown>;
  has: Record<string, boolean | string | undefined>;
  markets?: Record<string, CcxtMarket>;
  rateLimit: number;
  features?: { spot?: { fetchOHLCV?: { limit?: number } } };
  loadMarkets(reload?: boolean): Promise<Record<string, CcxtMarket>>;
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<number[][]>;
  fetchTicker(symbol: string): Promise<CcxtTicker>;
  fetchTickers?(symbols?: string[]): Promise<Record<string, CcxtTicker>>;
  watchOHLCV?(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<number[][]>;
  watchTicker?(symbol: string): Promise<CcxtTicker>;
  milliseconds(): number;
  close?(): Promise<void>;
}

export interface CcxtMarket {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  type?: string;
  active?: boolean | null;
}

export interface CcxtTicker {
  symbol: string;
  timestamp?: number | null;
  last?: number | null;
  bid?: number | null;
  ask?: number | null;
  percentage?: number | null;
  quoteVolume?: number | null;
}

type CcxtModule = {
  exchanges: string[];
  pro?: Record<string, unknown> & { exchanges?: string[] };
} & Record<string, unknown>;

let ccxtModule: Promise<CcxtModule> | null = null;

/** ccxt is large (seconds to load): only the commands and handlers that talk to exchanges import it. */
export function loadCcxt(): Promise<CcxtModule> {
  ccxtModule ??= import('ccxt').then((m) => (m.default ?? m) as unknown as CcxtModule);
  return ccxtModule;
}

export async function listExchanges(): Promise<{ id: string; websocket: boolean }[]> {
  const ccxt = await loadCcxt();
  const pro = new Set(ccxt.pro?.exchanges ?? []);
  return ccxt.exchanges.map((id) => ({ id, websocket: pro.has(id) }));
}

export interface OpenExchangeOptions {
  exchange: string;
  /** Points every REST and WebSocket URL of the exchange at this origin (simulator, mirror). */
  baseUrl?: string;
}

/** Creates a ccxt instance (the pro class when there is one: it does REST and WebSocket) with the rate limiter on. */
export async function createExchange(o: OpenExchangeOptions): Promise<CcxtExchange> {
  const ccxt = await loadCcxt();
  const id = o.exchange.toLowerCase();
  if (!ccxt.exchanges.includes(id)) {
    const near = nearMatches(id, ccxt.exchanges);
    throw new EngineError('NOT_FOUND', `unknown exchange "${o.exchange}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`, { exchange: o.exchange, nearMatches: near });
  }
  const Class = (ccxt.pro?.[id] ?? ccxt[id]) as new (config: Record<string, unknown>) => CcxtExchange;
  const config: Record<string, unknown> = { enableRateLimit: true };
  // ccxt refuses plain ws:// URLs without an agent; a loopback simulator or LAN mirror speaks plain HTTP.
  if (o.baseUrl?.startsWith('http://')) config.httpAgent = new HttpAgent({ keepAlive: true });
  const exchange = new Class(config);
  if (o.baseUrl) {
    if (!/^https?:\/\/[^/\s]+/.test(o.baseUrl)) throw new EngineError('INVALID_INPUT', `--base-url must be an http(s) URL, not "${o.baseUrl}"`);
    pointCcxtAt(exchange, o.baseUrl);
  }
  return exchange;
}

const cache = new Map<string, Promise<CcxtExchange>>();

/** One instance per (exchange, base URL) with its markets loaded, shared by downloads and the live feed. */
export function openExchange(o: OpenExchangeOptions): Promise<CcxtExchange> {
  const key = `${o.exchange.toLowerCase()} ${o.baseUrl ?? ''}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const ex = await createExchange(o);
      try {
        await ex.loadMarkets();
      } catch (e) {
        throw fromCcxtError(e, ex.id, 'loading markets');
      }
      return ex;
    })();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Closes every cached instance's sockets (engine shutdown, tests). */
export async function closeExchanges(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(
    all.map((p) =>
      p
        .then(async (ex) => {
          await ex.close?.();
          (ex as { httpAgent?: HttpAgent }).httpAgent?.destroy();
        })
        .catch(() => undefined),
    ),
  );
}

/** The market for `symbol`, or NOT_FOUND naming the closest symbols the exchange has. */
export function requireMarket(exchange: CcxtExchange, symbol: string): CcxtMarket {
  const markets = exchange.markets ?? {};
  const m = markets[symbol];
  if (m) return m;
  const near = nearMatches(symbol, Object.keys(markets));
  throw new EngineError('NOT_FOUND', `${exchange.id} has no market "${symbol}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`, {
    exchange: exchange.id,
    symbol,
    nearMatches: near,
  });
}

/** The exchange's own name for a timeframe, or INVALID_INPUT listing the ones it offers. */
export function requireTimeframe(exchange: CcxtExchange, timeframe: string): void {
  const tfs = Object.keys(exchange.timeframes ?? {});
  if (tfs.length && !tfs.includes(timeframe)) {
    throw new EngineError('INVALID_INPUT', `${exchange.id} has no ${timeframe} candles; it offers ${tfs.join(', ')}`, { exchange: exchange.id, timeframes: tfs });
  }
  if (!exchange.has.fetchOHLCV) throw new EngineError('INVALID_INPUT', `${exchange.id} does not offer candle history (fetchOHLCV)`);
}
