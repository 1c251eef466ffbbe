/** The part of a ccxt exchange instance the broker uses (ccxt's own types are loaded lazily). */
export interface CcxtMarketFull {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  spot?: boolean;
  type?: string;
  linear?: boolean;
  precision?: { price?: number; amount?: number };
  limits?: { amount?: { min?: number; max?: number }; cost?: { min?: number; max?: number } };
}

export interface CcxtOrder {
  id: string;
  clientOrderId?: string;
  symbol: string;
  side: string;
  status?: string;
  amount?: number;
  filled?: number;
  price?: number;
  average?: number;
  timestamp?: number;
  lastUpdateTimestamp?: number;
}

export interface CcxtTrade {
  id: string;
  order: string;
  clientOrderId?: string;
  symbol: string;
  side: string;
  amount: number;
  price: number;
  fee?: { cost?: number; currency?: string };
  takerOrMaker?: string;
  timestamp?: number;
  info?: unknown;
}

/** One order of a `createOrders` batch (ccxt's shape). */
export interface CcxtOrderRequest {
  symbol: string;
  type: string;
  side: string;
  amount: number;
  price?: number;
  params?: Record<string, unknown>;
}

export interface CcxtTradingExchange {
  id: string;
  has: Record<string, boolean | string | undefined>;
  /** Per market type (`spot`, `swap.linear`…): what `createOrder`/`createOrders` accept. */
  features?: Record<string, unknown>;
  markets?: Record<string, CcxtMarketFull>;
  options?: Record<string, unknown>;
  timeout?: number;
  precisionMode?: number;
  loadMarkets(reload?: boolean): Promise<unknown>;
  amountToPrecision(symbol: string, amount: number): string;
  priceToPrecision(symbol: string, price: number): string;
  createOrder(symbol: string, type: string, side: string, amount: number, price?: number, params?: Record<string, unknown>): Promise<CcxtOrder>;
  createOrders?(orders: CcxtOrderRequest[], params?: Record<string, unknown>): Promise<CcxtOrder[]>;
  cancelOrder(id: string, symbol?: string, params?: Record<string, unknown>): Promise<CcxtOrder>;
  editOrder(id: string, symbol: string, type: string, side: string, amount?: number, price?: number, params?: Record<string, unknown>): Promise<CcxtOrder>;
  fetchOrder(id: string, symbol?: string, params?: Record<string, unknown>): Promise<CcxtOrder>;
  fetchOpenOrders(symbol?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<CcxtOrder[]>;
  fetchMyTrades(symbol?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<CcxtTrade[]>;
  fetchBalance(params?: Record<string, unknown>): Promise<{ total?: unknown; used?: unknown; free?: unknown }>;
  fetchTicker(symbol: string): Promise<{ last?: number; bid?: number; ask?: number }>;
  watchOrders?(symbol?: string): Promise<CcxtOrder[]>;
  watchMyTrades?(symbol?: string): Promise<CcxtTrade[]>;
  setSandboxMode?(on: boolean): void;
  close?(): Promise<void>;
}
