import type { Liquidity, OrderSide, OrderType } from '../model/orders';

/** Where an order would fill inside one bar (scratch result; no allocation per bar). */
export interface Match {
  price: number;
  /** The fill happens at the open (market order, or the price gapped through the order). */
  atOpen: boolean;
  liquidity: Liquidity;
  /** A stop-limit's stop was reached in this bar (it then works as a limit). */
  triggers: boolean;
}

export interface MatchableOrder {
  side: OrderSide;
  type: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  /** A stop-limit whose stop was reached in an earlier bar. */
  triggered: boolean;
}

/**
 * The fill price of an order in a bar given its open, high and low, or false when it does not fill.
 * - market: the open.
 * - limit: the open when the price gapped through the limit (a better price), else the limit if the range reached it.
 * - stop: the open when the price gapped through the stop (a worse price), else the stop if the range reached it.
 * - stop-limit: once the stop is reached it works as a limit. Triggered at the open it may fill in the
 *   same bar; triggered inside the bar it fills at the stop only if the limit allows that price, else it
 *   waits for later bars (the path inside a bar is unknown).
 */
export function matchOrder(o: MatchableOrder, open: number, high: number, low: number, out: Match): boolean {
  return matchCoded(o.side === 'buy', orderTypeCode(o.type), o.limitPrice ?? NaN, o.stopPrice ?? NaN, o.triggered, open, high, low, out);
}

/** An order type as `matchCoded` takes it (and the order log keeps it). */
export function orderTypeCode(t: OrderType): number {
  return t === 'market' ? 0 : t === 'limit' ? 1 : t === 'stop' ? 2 : 3;
}

/** `matchOrder` with the order as numbers: type 0 market, 1 limit, 2 stop, 3 stop-limit; NaN for a missing price. */
export function matchCoded(buy: boolean, type: number, l: number, s: number, triggered: boolean, open: number, high: number, low: number, out: Match): boolean {
  out.triggers = false;
  switch (type) {
    case 0:
      out.price = open;
      out.atOpen = true;
      out.liquidity = 'taker';
      return true;
    case 1:
      return matchLimit(buy, l, open, high, low, out);
    case 2: {
      out.liquidity = 'taker';
      if (buy ? open >= s : open <= s) {
        out.price = open;
        out.atOpen = true;
        return true;
      }
      if (buy ? high >= s : low <= s) {
        out.price = s;
        out.atOpen = false;
        return true;
      }
      return false;
    }
    default: {
      if (triggered) return matchLimit(buy, l, open, high, low, out);
      if (buy ? open >= s : open <= s) {
        out.triggers = true;
        return matchLimit(buy, l, open, high, low, out);
      }
      if (buy ? high >= s : low <= s) {
        out.triggers = true;
        if (buy ? l >= s : l <= s) {
          out.price = s;
          out.atOpen = false;
          out.liquidity = 'taker';
          return true;
        }
      }
      return false;
    }
  }
}

function matchLimit(buy: boolean, l: number, open: number, high: number, low: number, out: Match): boolean {
  out.liquidity = 'maker';
  if (buy ? open <= l : open >= l) {
    out.price = open;
    out.atOpen = true;
    return true;
  }
  if (buy ? low <= l : high >= l) {
    out.price = l;
    out.atOpen = false;
    return true;
  }
  return false;
}

export function newMatch(): Match {
  return { price: NaN, atOpen: false, liquidity: 'taker', triggers: false };
}

/**
 * Of two fills that could both have happened in one bar, which one did? One at the open came first;
 * otherwise `worst` picks the worse price for the trader (lower sell, higher buy), `best` the better.
 */
export function firstOf(aSide: OrderSide, a: Match, b: Match, policy: 'worst' | 'best'): 'a' | 'b' {
  if (a.atOpen !== b.atOpen) return a.atOpen ? 'a' : 'b';
  const aWorse = aSide === 'sell' ? a.price <= b.price : a.price >= b.price;
  return (policy === 'worst') === aWorse ? 'a' : 'b';
}
