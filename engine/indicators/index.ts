/**
 * Technical indicators, batch (Float64Array columns in, Float64Array columns out, NaN during
 * warm-up) and streaming (one update per closed bar). See docs/indicators.md.
 */
export type { BarLike, IndicatorDef, IndicatorMeta, InputColumns, InputName, OutputDef, ParamDef, Params, Source, StreamingIndicator } from './types';
export { INDICATORS, listIndicators, computeIndicator, createStreaming, indicatorWarmup } from './registry';

export { sma, SmaStream } from './sma';
export { ema, EmaStream } from './ema';
export { wma, WmaStream } from './wma';
export { dema, DemaStream, tema, TemaStream, trima, TrimaStream, kama, KamaStream, t3, T3Stream, hma, HmaStream, createMa, MA_TYPES } from './moving-averages';
export { rsi, RsiStream } from './rsi';
export { roc, RocStream, mom, MomStream } from './roc';
export { atr, AtrStream, natr, NatrStream, trange, TrangeStream } from './atr';
export { stddev, StddevStream, variance, VarStream } from './stddev';
export { bbands, BbandsStream } from './bbands';
export { donchian, DonchianStream } from './donchian';
export { adx, adxr, dx, plusDi, minusDi, DirectionalStream } from './directional';
export { RollingMax, RollingMin } from './rolling';
