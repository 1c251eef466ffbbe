/**
 * The public strategy API (version 1). This module is what the editor offers as IntelliSense
 * (emitted as one `.d.ts`), so its types import nothing but plain data types, which it re-exports.
 *
 * A strategy is one module whose default export is `defineStrategy({...})`. It sees bar t only
 * after bar t has closed, and only bars up to t: every series is read backwards from "now"
 * (`close(0)` is the current bar, `close(1)` the one before); there is no way to ask for a
 * future bar. Numbers are float64. Times are UTC epoch milliseconds; a bar's `ts` is its open.
 */
import type { BracketRequest, FillView, OrderChanges, OrderRequest, OrderType, OrderView } from '../model/orders';

export type { BracketRequest, FillView, Liquidity, OrderChanges, OrderRequest, OrderSide, OrderStatus, OrderType, OrderView } from '../model/orders';

/**
 * Bar timeframes (the same list as the contract's `Timeframe`, written out so this module and its
 * emitted `.d.ts` need nothing else; a type test keeps the two equal).
 */
export type Timeframe = '1m' | '3m' | '5m' | '15m' | '30m' | '1h' | '2h' | '4h' | '6h' | '8h' | '12h' | '1d' | '3d' | '1w' | '1M';

/** Bumped on an incompatible change; a strategy built for another major version is refused with a clear message. */
export const STRATEGY_API_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Parameters: declared once, read by the optimiser and the params form.

export interface IntParam {
  type: 'int';
  default: number;
  min?: number;
  max?: number;
  step?: number;
  label?: string;
  description?: string;
}
export interface FloatParam {
  type: 'float';
  default: number;
  min?: number;
  max?: number;
  step?: number;
  label?: string;
  description?: string;
}
export interface BoolParam {
  type: 'bool';
  default: boolean;
  label?: string;
  description?: string;
}
export interface EnumParam<O extends string = string> {
  type: 'enum';
  default: O;
  options: readonly O[];
  label?: string;
  description?: string;
}
export type ParamSpec = IntParam | FloatParam | BoolParam | EnumParam;
export type ParamSpecs = Record<string, ParamSpec>;

/** The values a strategy receives for its declared params. */
export type ParamValues<P extends ParamSpecs> = {
  readonly [K in keyof P]: P[K] extends BoolParam ? boolean : P[K] extends EnumParam<infer O> ? O : number;
};

// ---------------------------------------------------------------------------------------------
// Series: values read backwards from now.

/** A series of numbers as of now: `at(0)` is the current value, `at(1)` the previous one. */
export interface Series {
  /** The value `barsAgo` bars back (0 = now). NaN before the first value or during warm-up. A negative `barsAgo` throws. */
  at(barsAgo?: number): number;
  /** How many values are visible now. */
  readonly length: number;
}

/** One instrument on one timeframe, as of now. A higher-timeframe feed shows only bars that have closed. */
export interface BarSeries {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly ts: Series;
  readonly open: Series;
  readonly high: Series;
  readonly low: Series;
  readonly close: Series;
  readonly volume: Series;
  /** Index of the newest visible bar in the feed (−1 before the first closes). */
  readonly index: number;
}

export interface BollingerBands {
  upper: Series;
  middle: Series;
  lower: Series;
}
export interface DonchianChannel {
  upper: Series;
  middle: Series;
  lower: Series;
}

/**
 * Indicators from the indicator library (TA-Lib names). Declare them in `init`: a backtest
 * precomputes each over the whole feed once, live trading updates them bar by bar; the values
 * are the same. Inputs are series of the same feed (a bar field or another indicator).
 */
export interface Indicators {
  sma(source: Series, period: number): Series;
  ema(source: Series, period: number): Series;
  rsi(source: Series, period: number): Series;
  roc(source: Series, period: number): Series;
  stddev(source: Series, period: number): Series;
  bbands(source: Series, period: number, devUp?: number, devDown?: number): BollingerBands;
  atr(bars: BarSeries, period: number): Series;
  adx(bars: BarSeries, period: number): Series;
  donchian(bars: BarSeries, period: number): DonchianChannel;
}

// ---------------------------------------------------------------------------------------------
// State the strategy can read.

export interface PositionView {
  readonly symbol: string;
  /** Signed units: > 0 long, < 0 short, 0 flat. */
  readonly size: number;
  /** Average entry price of the open position (NaN when flat). */
  readonly avgPrice: number;
  /** Marked at the last close. */
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
  /** Units that may be sold now (T+1 markets hold back what was bought today). */
  readonly sellable: number;
}

export interface PortfolioView {
  /** Cash + marked value of every position (quote currency). */
  readonly equity: number;
  readonly cash: number;
  /** Σ |size × price| over open positions. */
  readonly grossExposure: number;
  readonly netExposure: number;
  readonly initialCapital: number;
}

export interface AccountView {
  readonly leverage: number;
  /** Notional that can still be opened: equity × leverage − gross exposure. */
  readonly buyingPower: number;
  readonly currency: string;
}

/** Size helpers; each returns units rounded down to the instrument's lot (0 when too small). */
export interface Sizing {
  units(size: number, symbol?: string): number;
  /** Units worth `fraction` of equity at the last close (0.1 = 10%). */
  percentOfEquity(fraction: number, symbol?: string): number;
  /** Units such that moving `stopDistance` against the position loses `riskFraction` of equity. */
  riskPerTrade(riskFraction: number, stopDistance: number, symbol?: string): number;
  /** `riskPerTrade` with the stop `multiple` ATRs away. */
  riskAtr(riskFraction: number, atr: number, multiple: number, symbol?: string): number;
}

export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export interface LogEntry {
  ts: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data?: unknown;
}

/** Options for `buy` / `sell`. */
export interface OrderOptions {
  symbol?: string;
  type?: OrderType;
  limitPrice?: number;
  stopPrice?: number;
  reduceOnly?: boolean;
  tag?: string;
}

export interface BracketOrders {
  entry: OrderView;
  stopLoss: OrderView | null;
  takeProfit: OrderView | null;
}

// ---------------------------------------------------------------------------------------------
// Plot declaration: what the chart draws for this strategy.

export interface PlotOptions {
  /** `price` overlays the candles; any other name opens a pane of that name. */
  pane?: string;
  color?: string;
  style?: 'line' | 'histogram' | 'dots';
}
export interface PlotApi {
  line(name: string, series: Series, options?: PlotOptions): void;
  /** A horizontal level in a pane (e.g. RSI 70/30). */
  level(name: string, value: number, options?: PlotOptions): void;
}
export type MarkerShape = 'arrowUp' | 'arrowDown' | 'circle' | 'square';

// ---------------------------------------------------------------------------------------------
// Contexts.

export type RunMode = 'backtest' | 'paper' | 'live';

interface BaseContext<P extends ParamSpecs> {
  readonly apiVersion: number;
  readonly mode: RunMode;
  readonly params: ParamValues<P>;
  /** Instruments of this run, in the order given. */
  readonly symbols: readonly string[];
  /** The trading timeframe (the one `onBar` runs on). */
  readonly timeframe: Timeframe;
  /** A feed; defaults to the first symbol and the trading timeframe. */
  data(symbol?: string, timeframe?: Timeframe): BarSeries;
  readonly log: Logger;
  /** JSON-serialisable state kept across restarts in live trading (a plain object in backtests). */
  readonly store: Record<string, unknown>;
}

export interface InitContext<P extends ParamSpecs = ParamSpecs> extends BaseContext<P> {
  readonly ind: Indicators;
  readonly plot: PlotApi;
}

export interface StrategyContext<P extends ParamSpecs = ParamSpecs> extends BaseContext<P> {
  /** Instrument of the bar being handled. */
  readonly symbol: string;
  /** Its position in `symbols` (handy for per-symbol state: `state[ctx.symbolIndex]`). */
  readonly symbolIndex: number;
  /** Close time of the bar being handled (UTC ms): "now". */
  readonly time: number;
  /** Number of bars of this instrument handled before this one. */
  readonly barIndex: number;
  /** The feed of `symbol` on the trading timeframe. */
  readonly bars: BarSeries;
  /** Shortcuts on `bars`: `close(0)` is the bar that just closed, `close(1)` the one before. */
  open(barsAgo?: number): number;
  high(barsAgo?: number): number;
  low(barsAgo?: number): number;
  close(barsAgo?: number): number;
  volume(barsAgo?: number): number;
  ts(barsAgo?: number): number;

  position(symbol?: string): PositionView;
  readonly portfolio: PortfolioView;
  readonly account: AccountView;
  readonly sizing: Sizing;
  openOrders(symbol?: string): OrderView[];

  buy(size: number, options?: OrderOptions): OrderView;
  sell(size: number, options?: OrderOptions): OrderView;
  order(request: OrderRequest): OrderView;
  /** Entry plus protective stop and target; the exits work as an OCO pair once the entry fills. */
  bracket(request: BracketRequest): BracketOrders;
  /** Two or more orders where the first to fill cancels the others. */
  oco(...requests: OrderRequest[]): OrderView[];
  cancel(order: OrderView | string): boolean;
  modify(order: OrderView | string, changes: OrderChanges): boolean;
  cancelAll(symbol?: string): number;
  /** A market order that flattens the position (null when already flat). Cancels the instrument's working orders first. */
  closePosition(symbol?: string, tag?: string): OrderView | null;
  /** A chart marker at the current bar. */
  mark(text: string, shape?: MarkerShape, color?: string): void;
}

// ---------------------------------------------------------------------------------------------
// The definition.

export interface StrategyDefinition<P extends ParamSpecs = ParamSpecs, S = unknown> {
  /** Stable id, kebab-case (`sma-cross`). */
  id: string;
  name: string;
  description?: string;
  /** The API version the strategy was written for (defaults to the current one). */
  apiVersion?: number;
  params?: P;
  /** Bars needed before `onBar` is first called (indicator warm-up); earlier bars only feed indicators. */
  startupBars?: number | ((params: ParamValues<P>) => number);
  /** Instruments the strategy was written for (a run may override them). */
  symbols?: readonly string[];
  /** Timeframes it reads; the first is the trading timeframe, the others are informative. */
  timeframes?: readonly Timeframe[];
  /** Declares indicators and plots; what it returns is the strategy's state, passed to every hook. */
  init?: (ctx: InitContext<P>) => S;
  /** Called once per closed bar of each instrument on the trading timeframe, in time order. */
  onBar: (ctx: StrategyContext<P>, state: S) => void;
  onOrder?: (ctx: StrategyContext<P>, state: S, order: OrderView) => void;
  onFill?: (ctx: StrategyContext<P>, state: S, fill: FillView) => void;
  /** After the last bar (or when live trading stops). */
  onStop?: (ctx: StrategyContext<P>, state: S) => void;
}

/** A definition after `defineStrategy`: the runtime accepts only these. */
export type Strategy<P extends ParamSpecs = ParamSpecs, S = unknown> = Readonly<StrategyDefinition<P, S>> & {
  readonly apiVersion: number;
  readonly kind: 'quantdesk.strategy';
};

/** Declares a strategy. Typing flows from `params` to `ctx.params` and from `init`'s result to `state`. */
export function defineStrategy<const P extends ParamSpecs = Record<never, never>, S = undefined>(
  definition: StrategyDefinition<P, S>,
): Strategy<P, S> {
  return Object.freeze({ ...definition, apiVersion: definition.apiVersion ?? STRATEGY_API_VERSION, kind: 'quantdesk.strategy' as const });
}
