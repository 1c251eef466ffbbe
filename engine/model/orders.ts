/**
 * Orders and fills as the strategy API and every broker (simulated, paper, live) see them.
 * Plain data, no engine imports: `engine/strategy/api.ts` re-exports these types for the editor.
 * Prices and sizes are float64 here (backtests); the live ledger converts to decimals.
 */

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit';

/**
 * `accepted` — working at the broker; `partially-filled` — working, some size done;
 * `filled`, `cancelled`, `rejected` — final.
 */
export type OrderStatus = 'accepted' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected';

/** What a strategy asks for. Sizes are positive; the side says the direction. */
export interface OrderRequest {
  /** Instrument id (`SYMBOL@venue`); defaults to the instrument of the bar being handled. */
  symbol?: string;
  side: OrderSide;
  /** Defaults to `market`. */
  type?: OrderType;
  /** Units of the instrument (> 0). Rounded down to the lot size when one is known. */
  size: number;
  /** For `limit` and `stop-limit`. */
  limitPrice?: number;
  /** Trigger price for `stop` and `stop-limit`. */
  stopPrice?: number;
  /** Only ever reduces the position: the size is capped at the open position when it fills. */
  reduceOnly?: boolean;
  /** Free text carried to the order, its fills and the chart markers. */
  tag?: string;
}

/** A bracket: an entry plus a protective stop and a target, which form an OCO pair once the entry fills. */
export interface BracketRequest extends OrderRequest {
  /** Stop-loss trigger price (a stop order on the exit side). */
  stopLoss?: number;
  /** Take-profit price (a limit order on the exit side). */
  takeProfit?: number;
}

/** Fields a working order may change. */
export interface OrderChanges {
  size?: number;
  limitPrice?: number;
  stopPrice?: number;
}

/** An order as the strategy sees it (a read-only snapshot that the broker keeps up to date). */
export interface OrderView {
  readonly id: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly size: number;
  readonly filled: number;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly status: OrderStatus;
  /** Average fill price (NaN before the first fill). */
  readonly avgPrice: number;
  readonly reduceOnly: boolean;
  readonly tag: string | null;
  /** Id of the bracket entry this order protects, or null. */
  readonly parentId: string | null;
  /** OCO group: when one order of the group fills, the others are cancelled. */
  readonly ocoGroup: string | null;
  /** Why it was rejected or cancelled. */
  readonly reason: string | null;
  /** UTC ms when the strategy created it. */
  readonly createdAt: number;
}

export type Liquidity = 'maker' | 'taker';

/** One execution. `commission` includes every fee (stamp duty, minimums). */
export interface FillView {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly size: number;
  readonly price: number;
  readonly commission: number;
  /** Slippage cost in quote currency (already inside `price`). */
  readonly slippage: number;
  readonly liquidity: Liquidity;
  /** UTC ms: the open of the bar the fill happened in (a fill at the open happens at that instant). */
  readonly ts: number;
  /** Index of that bar in the instrument's feed. */
  readonly barIndex: number;
  readonly tag: string | null;
}
