// Points a ccxt exchange at another host (the simulator, or a user's `--base-url`): every REST
// and WebSocket URL in `exchange.urls.api` — public, private, sapi*, fapi*, dapi*, eapi, papi,
// ws.spot, ws['ws-api'].spot, … — keeps its path and gets the new origin. Pure; no imports.

export interface BaseUrls {
  /** e.g. `http://127.0.0.1:7431` (a path prefix is kept: `https://proxy.example/binance`). */
  rest: string;
  /** e.g. `ws://127.0.0.1:7431`; derived from `rest` (http→ws, https→wss) when omitted. */
  ws?: string;
}

export type UrlTree = string | { [key: string]: UrlTree };

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export function wsBaseFor(rest: string): string {
  return trimSlash(rest).replace(/^http(s?):\/\//, (_, secure: string) => `ws${secure}://`);
}

/** Replaces the origin of one URL, keeping its path and query. */
export function rebaseUrl(url: string, base: BaseUrls): string {
  const match = /^(https?|wss?):\/\/[^/]+(.*)$/.exec(url);
  if (!match) return url;
  const [, scheme, rest] = match;
  const origin = scheme.startsWith('ws') ? trimSlash(base.ws ?? wsBaseFor(base.rest)) : trimSlash(base.rest);
  return origin + rest;
}

/** Returns a copy of a ccxt `urls.api` tree with every URL rebased. */
export function rebaseUrlTree<T extends UrlTree>(tree: T, base: BaseUrls): T {
  if (typeof tree === 'string') return rebaseUrl(tree, base) as T;
  const result: { [key: string]: UrlTree } = {};
  for (const [key, value] of Object.entries(tree)) result[key] = rebaseUrlTree(value, base);
  return result as T;
}

/** Rewrites `exchange.urls.api` in place (and returns the exchange) so ccxt talks to `base`. */
export function pointCcxtAt<E extends { urls: Record<string, unknown> }>(exchange: E, base: BaseUrls | string): E {
  const urls = typeof base === 'string' ? { rest: base } : base;
  exchange.urls.api = rebaseUrlTree(exchange.urls.api as UrlTree, urls);
  return exchange;
}
