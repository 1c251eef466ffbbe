/**
 * The shapes shared by every indicator: the bar a streaming indicator reads, and the metadata
 * (JSON-serialisable) that the UI, the optimiser and the contract list and configure them by.
 */

/** What a streaming indicator reads from one bar; `ts` only matters to session-anchored ones. */
export interface BarLike {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * Input columns, named like BarColumns; each indicator reads only the ones it declares.
 * `benchmark` is a second series aligned to the same bars (CORREL, BETA: another instrument's close).
 */
export type InputName = 'open' | 'high' | 'low' | 'close' | 'volume' | 'ts' | 'benchmark';
export type InputColumns = Partial<Record<InputName, Float64Array>>;

/** Single-series indicators take their series from this bar field (default `close`). */
export const SOURCES = ['close', 'open', 'high', 'low', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export type Source = (typeof SOURCES)[number];

export type ParamDef =
  | { name: string; type: 'int'; default: number; min: number; max: number; step?: number; description: string }
  | { name: string; type: 'float'; default: number; min: number; max: number; step?: number; description: string }
  | { name: string; type: 'enum'; default: string | number; options: readonly (string | number)[]; description: string };

export interface OutputDef {
  name: string;
  description: string;
  /**
   * Bars to shift the line when drawing (Ichimoku: +26 draws the value computed at t at t+26,
   * -26 draws it at t-26). The value itself is always computed from bars up to t.
   */
  plotShift?: number;
  /** The value can change after the bar it belongs to closes (ZigZag's provisional leg). */
  repaints?: boolean;
}

export interface IndicatorMeta {
  name: string; // TA-Lib style, upper case: 'SMA', 'BBANDS'
  title: string;
  group: 'overlap' | 'momentum' | 'trend' | 'volatility' | 'volume' | 'statistic' | 'price';
  /** 'overlay' draws on the price pane, 'pane' in its own pane below. */
  display: 'overlay' | 'pane';
  /** Bar columns read; single-series indicators list ['close'] and take a `source` param. */
  inputs: InputName[];
  params: ParamDef[];
  outputs: OutputDef[];
  /** Fixed output range for own-pane oscillators (e.g. RSI 0..100), for the chart's scale. */
  range?: [number, number];
  /** Whether TA-Lib has it (and the tests check it against TA-Lib). */
  talib: boolean;
  /** One line on the formula; docs/indicators.md has the details. */
  formula: string;
}

export type Params = Record<string, number | string>;

/** A streaming indicator: one update per closed bar; outputs are NaN until warmed up. */
export interface StreamingIndicator {
  readonly name: string;
  readonly outputs: readonly string[];
  /** Feeds one bar; returns the outputs by name (the same object every call: copy to keep). */
  update(bar: BarLike): Readonly<Record<string, number>>;
}

export interface IndicatorDef extends IndicatorMeta {
  /** Number of leading NaN bars of the first output for the given (validated) params. */
  warmup(params: Params): number;
  compute(inputs: InputColumns, params: Params): Record<string, Float64Array>;
  stream(params: Params): StreamingIndicator;
}
