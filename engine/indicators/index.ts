/**
 * Technical indicators, batch (Float64Array columns in, Float64Array columns out, NaN during
 * warm-up) and streaming (one update per closed bar). See docs/indicators.md.
 */
export type { BarLike, IndicatorDef, IndicatorMeta, InputColumns, InputName, OutputDef, ParamDef, Params, Source, StreamingIndicator } from './types';
export { INDICATORS, listIndicators, computeIndicator, createStreaming, indicatorWarmup, indicatorMeta, resolveIndicatorParams } from './registry';

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
export { stoch, StochStream, stochf, StochfStream, stochrsi, StochRsiStream } from './stochastic';
export { macd, MacdStream, apo, ppo, PriceOscStream } from './macd';
export { cci, CciStream, cmo, CmoStream, willr, WillrStream, mfi, MfiStream, ultosc, UltoscStream, trix, TrixStream, bop, BopStream, aroon, aroonosc, AroonStream, tsi, TsiStream } from './oscillators';
export { obv, ObvStream, ad, AdStream, adosc, AdoscStream, cmf, CmfStream, force, ForceStream, eom, EomStream, vwma, VwmaStream, vwap, VwapStream } from './volume';
export { linearreg, linearregSlope, linearregIntercept, linearregAngle, LinRegStream, correl, CorrelStream, beta, BetaStream, zscore, ZscoreStream } from './statistics';
export { sar, SarStream, supertrend, SupertrendStream, ichimoku, IchimokuStream, keltner, KeltnerStream, ao, AoStream } from './trend';
export { heikinAshi, HeikinAshiStream, pivots, PivotsStream, zigzag, zigzagPivots, ZigzagStream, type ZigzagPivot } from './chart-studies';
export { releaseScratch } from './kernels';
