import { EngineError } from '../core/errors';
import type {
  AccountView,
  BarSeries,
  BracketOrders,
  BracketRequest,
  Indicators,
  InitContext,
  LogEntry,
  Logger,
  MarkerShape,
  OrderChanges,
  OrderOptions,
  OrderRequest,
  OrderView,
  ParamSpecs,
  ParamValues,
  PlotApi,
  PlotOptions,
  PortfolioView,
  PositionView,
  RunMode,
  Series,
  Sizing,
  StrategyContext,
} from './api';
import { STRATEGY_API_VERSION } from './api';
import type { Broker } from './broker';
import type { FeedSeries } from './series';
import type { Timeframe } from '../../shared/timeframe';

/**
 * An order request with every field present, so requests share one shape (object spread is slow in
 * V8), made in one place: when the broker's `submit` inlines, V8 then drops the object altogether.
 */
function request(side: 'buy' | 'sell', size: number, o: OrderOptions | undefined): OrderRequest {
  return { symbol: o?.symbol, side, type: o?.type ?? 'market', size, limitPrice: o?.limitPrice, stopPrice: o?.stopPrice, reduceOnly: o?.reduceOnly ?? false, tag: o?.tag };
}

export interface PlotDecl {
  kind: 'line' | 'level';
  name: string;
  series?: Series;
  value?: number;
  options: PlotOptions;
}

export interface Marker {
  ts: number;
  symbol: string;
  text: string;
  shape: MarkerShape;
  color: string | null;
}

/** `F`: the backtest's precomputed feeds, or live trading's growing ones (`LiveFeed`). */
export interface RuntimeOptions<P extends ParamSpecs, F extends BarSeries = FeedSeries> {
  mode: RunMode;
  params: ParamValues<P>;
  symbols: readonly string[];
  timeframe: Timeframe;
  trading: readonly F[];
  feeds: ReadonlyMap<string, F>;
  broker: Broker;
  ind: Indicators;
  store?: Record<string, unknown>;
  /** Log entries kept (the rest are counted, not stored). */
  maxLogEntries?: number;
}

/**
 * The one object every hook receives, in every mode. The runner moves it from bar to bar
 * (`setBar`), so nothing is allocated per bar; orders allocate only when a strategy trades.
 */
export class StrategyRuntime<P extends ParamSpecs = ParamSpecs, F extends BarSeries = FeedSeries> implements StrategyContext<P>, InitContext<P> {
  readonly apiVersion = STRATEGY_API_VERSION;
  readonly mode: RunMode;
  readonly params: ParamValues<P>;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly ind: Indicators;
  readonly store: Record<string, unknown>;
  readonly log: Logger;
  readonly plot: PlotApi;
  readonly sizing: Sizing;
  readonly plots: PlotDecl[] = [];
  readonly markers: Marker[] = [];
  readonly logs: LogEntry[] = [];
  droppedLogs = 0;

  // Moved by the runner.
  inst = 0;
  symbol: string;
  time = 0;
  barIndex = -1;
  bars: F;

  private readonly index = new Map<string, number>();
  private readonly broker: Broker;
  private readonly trading: readonly F[];
  private readonly feedMap: ReadonlyMap<string, F>;
  private ocoSeq = 0;
  private currentPosition: PositionView;
  private readonly positions: PositionView[];

  constructor(o: RuntimeOptions<P, F>) {
    this.mode = o.mode;
    this.params = o.params;
    this.symbols = o.symbols;
    this.timeframe = o.timeframe;
    this.trading = o.trading;
    this.feedMap = o.feeds;
    this.broker = o.broker;
    this.ind = o.ind;
    this.store = o.store ?? {};
    o.symbols.forEach((s, k) => this.index.set(s, k));
    this.symbol = o.symbols[0];
    this.bars = o.trading[0];
    this.positions = o.symbols.map((_, k) => o.broker.position(k));
    this.currentPosition = this.positions[0];
    const maxLogs = o.maxLogEntries ?? 10_000;
    const push = (level: LogEntry['level']) => (message: string, data?: unknown) => {
      if (this.logs.length >= maxLogs) {
        this.droppedLogs++;
        return;
      }
      this.logs.push(data === undefined ? { ts: this.time, level, message: String(message) } : { ts: this.time, level, message: String(message), data });
    };
    this.log = { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
    this.plot = {
      line: (name, series, options = {}) => void this.plots.push({ kind: 'line', name, series, options }),
      level: (name, value, options = {}) => void this.plots.push({ kind: 'level', name, value, options }),
    };
    const broker = this.broker;
    const self = this;
    this.sizing = {
      units: (size, symbol) => broker.roundSize(self.instOf(symbol), size),
      percentOfEquity(fraction, symbol) {
        const k = self.instOf(symbol);
        const price = broker.lastPrice(k);
        return price > 0 ? broker.roundSize(k, (broker.portfolio.equity * fraction) / price) : 0;
      },
      riskPerTrade(riskFraction, stopDistance, symbol) {
        const k = self.instOf(symbol);
        return stopDistance > 0 ? broker.roundSize(k, (broker.portfolio.equity * riskFraction) / stopDistance) : 0;
      },
      riskAtr(riskFraction, atr, multiple, symbol) {
        return this.riskPerTrade(riskFraction, atr * multiple, symbol);
      },
    };
  }

  /** Points the context at bar `barIndex` of instrument `inst`, closing at `time`. */
  setBar(inst: number, barIndex: number, time: number): void {
    if (inst !== this.inst) {
      this.inst = inst;
      this.symbol = this.symbols[inst];
      this.bars = this.trading[inst];
      this.currentPosition = this.positions[inst];
    }
    this.barIndex = barIndex;
    this.time = time;
  }

  /** `setBar` on the same instrument (the single-instrument loop). */
  moveTo(barIndex: number, time: number): void {
    this.barIndex = barIndex;
    this.time = time;
  }

  private instOf(symbol: string | undefined): number {
    if (symbol === undefined) return this.inst;
    const k = this.index.get(symbol);
    if (k === undefined) throw new EngineError('STRATEGY_ERROR', `unknown symbol "${symbol}" (this run trades ${this.symbols.join(', ')})`);
    return k;
  }

  data(symbol?: string, timeframe?: Timeframe): BarSeries {
    const s = symbol ?? this.symbols[0];
    const f = this.feedMap.get(`${s}|${timeframe ?? this.timeframe}`);
    if (!f) throw new EngineError('STRATEGY_ERROR', `no data for ${s} on ${timeframe ?? this.timeframe} in this run`);
    return f;
  }

  open(barsAgo = 0): number {
    return this.bars.open.at(barsAgo);
  }
  high(barsAgo = 0): number {
    return this.bars.high.at(barsAgo);
  }
  low(barsAgo = 0): number {
    return this.bars.low.at(barsAgo);
  }
  close(barsAgo = 0): number {
    return this.bars.close.at(barsAgo);
  }
  volume(barsAgo = 0): number {
    return this.bars.volume.at(barsAgo);
  }
  ts(barsAgo = 0): number {
    return this.bars.ts.at(barsAgo);
  }

  position(symbol?: string): PositionView {
    return symbol === undefined ? this.currentPosition : this.broker.position(this.instOf(symbol));
  }
  get symbolIndex(): number {
    return this.inst;
  }
  get portfolio(): PortfolioView {
    return this.broker.portfolio;
  }
  get account(): AccountView {
    return this.broker.account;
  }
  openOrders(symbol?: string): OrderView[] {
    return this.broker.openOrders(symbol === undefined ? undefined : this.instOf(symbol));
  }

  buy(size: number, options?: OrderOptions): OrderView {
    return this.order(request('buy', size, options));
  }
  sell(size: number, options?: OrderOptions): OrderView {
    return this.order(request('sell', size, options));
  }
  order(request: OrderRequest): OrderView {
    return this.broker.submit(this.instOf(request.symbol), request);
  }

  bracket(request: BracketRequest): BracketOrders {
    const k = this.instOf(request.symbol);
    const { stopLoss, takeProfit, ...entryReq } = request;
    const entry = this.broker.submit(k, entryReq);
    if (entry.status === 'rejected') return { entry, stopLoss: null, takeProfit: null };
    const exitSide = request.side === 'buy' ? 'sell' : 'buy';
    const group = stopLoss !== undefined && takeProfit !== undefined ? `${this.nextGroup()}` : undefined;
    const links = { parentId: entry.id, ocoGroup: group };
    const base = { symbol: request.symbol, side: exitSide, size: entry.size, reduceOnly: true, tag: request.tag } as const;
    const sl = stopLoss === undefined ? null : this.broker.submit(k, { ...base, type: 'stop', stopPrice: stopLoss }, links);
    const tp = takeProfit === undefined ? null : this.broker.submit(k, { ...base, type: 'limit', limitPrice: takeProfit }, links);
    return { entry, stopLoss: sl, takeProfit: tp };
  }

  oco(...requests: OrderRequest[]): OrderView[] {
    const group = this.nextGroup();
    return requests.map((r) => this.broker.submit(this.instOf(r.symbol), r, { ocoGroup: group }));
  }

  private nextGroup(): string {
    return `oco${++this.ocoSeq}`;
  }

  cancel(order: OrderView | string): boolean {
    return this.broker.cancel(typeof order === 'string' ? order : order.id);
  }
  modify(order: OrderView | string, changes: OrderChanges): boolean {
    return this.broker.modify(typeof order === 'string' ? order : order.id, changes);
  }
  cancelAll(symbol?: string): number {
    if (symbol !== undefined) return this.broker.cancelAllOf(this.instOf(symbol));
    let n = 0;
    for (let k = 0; k < this.symbols.length; k++) n += this.broker.cancelAllOf(k);
    return n;
  }
  closePosition(symbol?: string, tag?: string): OrderView | null {
    const k = this.instOf(symbol);
    this.broker.cancelAllOf(k);
    const size = this.broker.position(k).size;
    if (size === 0) return null;
    return this.broker.submit(k, { symbol: undefined, side: size > 0 ? 'sell' : 'buy', type: 'market', size: Math.abs(size), limitPrice: undefined, stopPrice: undefined, reduceOnly: true, tag });
  }

  mark(text: string, shape: MarkerShape = 'circle', color?: string): void {
    this.markers.push({ ts: this.ts(0), symbol: this.symbol, text, shape, color: color ?? null });
  }
}
