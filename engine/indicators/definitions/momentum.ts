import { apo, macd, MacdStream, ppo, PriceOscStream } from '../macd';
import { maLookback } from '../moving-averages';
import { bop, BopStream, cci, CciStream, cmo, CmoStream, trix, TrixStream, tsi, TsiStream, ultosc, UltoscStream, willr, WillrStream } from '../oscillators';
import { int, out, periodParam, VALUE } from '../registry-helpers';
import { mom, MomStream, roc, RocStream } from '../roc';
import { rsi, RsiStream } from '../rsi';
import { stoch, stochf, StochfStream, stochrsi, StochRsiStream, StochStream } from '../stochastic';
import { ao, AoStream } from '../trend';
import { barDef, fastSlow, HLC, maTypeParam, num, OHLC, SERIES, seriesDef } from './builders';
import type { IndicatorDef } from '../types';

/** Momentum oscillators. */
export const MOMENTUM: IndicatorDef[] = [
  seriesDef(
    { name: 'RSI', title: 'Relative strength index', group: 'momentum', display: 'pane', range: [0, 100], params: [periodParam(14)], formula: '100·G/(G+L), G and L Wilder-smoothed gains and losses' },
    (p) => num(p, 'period'),
    (x, p) => rsi(x, num(p, 'period')),
    (p) => new RsiStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'ROC', title: 'Rate of change', group: 'momentum', display: 'pane', params: [periodParam(10, 1)], formula: '(x / x[t-p] - 1)·100' },
    (p) => num(p, 'period'),
    (x, p) => roc(x, num(p, 'period')),
    (p) => new RocStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'MOM', title: 'Momentum', group: 'momentum', display: 'pane', params: [periodParam(10, 1)], formula: 'x - x[t-p]' },
    (p) => num(p, 'period'),
    (x, p) => mom(x, num(p, 'period')),
    (p) => new MomStream(num(p, 'period')),
  ),
  barDef(
    {
      name: 'STOCH',
      title: 'Stochastic (slow)',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...HLC],
      params: [int('kPeriod', 14, 1, 1000, 'Fast %K period'), int('slowK', 3, 1, 1000, 'Slow %K smoothing'), int('slowD', 3, 1, 1000, '%D smoothing'), { ...maTypeParam, name: 'slowKMaType' }, { ...maTypeParam, name: 'slowDMaType' }],
      outputs: [out('k', 'Slow %K'), out('d', 'Slow %D')],
      formula: '%K = MA(100·(c - LL)/(HH - LL), slowK), %D = MA(%K, slowD)',
    },
    (p) => num(p, 'kPeriod') - 1 + maLookback(num(p, 'slowKMaType'), num(p, 'slowK')),
    (c, p) => ({ ...stoch(c.high, c.low, c.close, num(p, 'kPeriod'), num(p, 'slowK'), num(p, 'slowD'), num(p, 'slowKMaType'), num(p, 'slowDMaType')) }),
    (p) => new StochStream(num(p, 'kPeriod'), num(p, 'slowK'), num(p, 'slowD'), num(p, 'slowKMaType'), num(p, 'slowDMaType')),
  ),
  barDef(
    {
      name: 'STOCHF',
      title: 'Stochastic (fast)',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...HLC],
      params: [int('kPeriod', 14, 1, 1000, 'Fast %K period'), int('fastD', 3, 1, 1000, '%D smoothing'), { ...maTypeParam, name: 'fastDMaType' }],
      outputs: [out('k', 'Fast %K'), out('d', 'Fast %D')],
      formula: '%K = 100·(c - LL)/(HH - LL), %D = MA(%K, fastD)',
    },
    (p) => num(p, 'kPeriod') - 1,
    (c, p) => ({ ...stochf(c.high, c.low, c.close, num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')) }),
    (p) => new StochfStream(num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')),
  ),
  barDef(
    {
      name: 'STOCHRSI',
      title: 'Stochastic RSI',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...SERIES],
      params: [periodParam(14), int('kPeriod', 14, 1, 1000, 'Stochastic %K period'), int('fastD', 3, 1, 1000, '%D smoothing'), { ...maTypeParam, name: 'fastDMaType' }],
      outputs: [out('k', 'Fast %K of RSI'), out('d', 'Fast %D of RSI')],
      formula: 'STOCHF applied to RSI(period)',
    },
    (p) => num(p, 'period') + num(p, 'kPeriod') - 1,
    (c, p) => ({ ...stochrsi(c.close, num(p, 'period'), num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')) }),
    (p) => new StochRsiStream(num(p, 'period'), num(p, 'kPeriod'), num(p, 'fastD'), num(p, 'fastDMaType')),
  ),
  barDef(
    {
      name: 'MACD',
      title: 'Moving average convergence/divergence',
      group: 'momentum',
      display: 'pane',
      inputs: [...SERIES],
      params: [...fastSlow(12, 26), int('signal', 9, 1, 1000, 'Signal EMA period')],
      outputs: [out('macd', 'EMA(fast) - EMA(slow)'), out('signal', 'EMA of the MACD line'), out('hist', 'macd - signal')],
      formula: 'EMA(fast) - EMA(slow); signal EMA; histogram',
    },
    (p) => num(p, 'slow') - 1,
    (c, p) => ({ ...macd(c.close, num(p, 'fast'), num(p, 'slow'), num(p, 'signal')) }),
    (p) => new MacdStream(num(p, 'fast'), num(p, 'slow'), num(p, 'signal')),
  ),
  barDef(
    { name: 'PPO', title: 'Percentage price oscillator', group: 'momentum', display: 'pane', inputs: [...SERIES], params: [...fastSlow(12, 26), maTypeParam], outputs: VALUE, formula: '100·(MA(fast) - MA(slow))/MA(slow)' },
    (p) => maLookback(num(p, 'maType'), num(p, 'slow')),
    (c, p) => ppo(c.close, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
    (p) => new PriceOscStream(true, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
  ),
  barDef(
    { name: 'APO', title: 'Absolute price oscillator', group: 'momentum', display: 'pane', inputs: [...SERIES], params: [...fastSlow(12, 26), maTypeParam], outputs: VALUE, formula: 'MA(fast) - MA(slow)' },
    (p) => maLookback(num(p, 'maType'), num(p, 'slow')),
    (c, p) => apo(c.close, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
    (p) => new PriceOscStream(false, num(p, 'fast'), num(p, 'slow'), num(p, 'maType')),
  ),
  barDef(
    { name: 'CCI', title: 'Commodity channel index', group: 'momentum', display: 'pane', inputs: [...HLC], params: [periodParam(20)], outputs: VALUE, formula: '(tp - SMA(tp))/(0.015·mean deviation), tp = (h+l+c)/3' },
    (p) => num(p, 'period') - 1,
    (c, p) => cci(c.high, c.low, c.close, num(p, 'period')),
    (p) => new CciStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'CMO', title: 'Chande momentum oscillator', group: 'momentum', display: 'pane', range: [-100, 100], params: [periodParam(14)], formula: '100·(G - L)/(G + L), Wilder-smoothed gains and losses' },
    (p) => num(p, 'period'),
    (x, p) => cmo(x, num(p, 'period')),
    (p) => new CmoStream(num(p, 'period')),
  ),
  barDef(
    { name: 'WILLR', title: "Williams' %R", group: 'momentum', display: 'pane', range: [-100, 0], inputs: [...HLC], params: [periodParam(14)], outputs: VALUE, formula: '-100·(HH - c)/(HH - LL)' },
    (p) => num(p, 'period') - 1,
    (c, p) => willr(c.high, c.low, c.close, num(p, 'period')),
    (p) => new WillrStream(num(p, 'period')),
  ),
  barDef(
    {
      name: 'ULTOSC',
      title: 'Ultimate oscillator',
      group: 'momentum',
      display: 'pane',
      range: [0, 100],
      inputs: [...HLC],
      params: [int('period1', 7, 1, 1000, 'Short period (weight 4)'), int('period2', 14, 1, 1000, 'Middle period (weight 2)'), int('period3', 28, 1, 1000, 'Long period (weight 1)')],
      outputs: VALUE,
      formula: '100·(4·a₁ + 2·a₂ + a₃)/7, aₖ = Σ buying pressure/Σ true range',
    },
    (p) => Math.max(num(p, 'period1'), num(p, 'period2'), num(p, 'period3')),
    (c, p) => ultosc(c.high, c.low, c.close, num(p, 'period1'), num(p, 'period2'), num(p, 'period3')),
    (p) => new UltoscStream(num(p, 'period1'), num(p, 'period2'), num(p, 'period3')),
  ),
  seriesDef(
    { name: 'TRIX', title: 'TRIX', group: 'momentum', display: 'pane', params: [periodParam(30, 1)], formula: '1-bar % rate of change of EMA(EMA(EMA(x)))' },
    (p) => 3 * (num(p, 'period') - 1) + 1,
    (x, p) => trix(x, num(p, 'period')),
    (p) => new TrixStream(num(p, 'period')),
  ),
  barDef(
    { name: 'BOP', title: 'Balance of power', group: 'momentum', display: 'pane', range: [-1, 1], inputs: [...OHLC], params: [], outputs: VALUE, formula: '(close - open)/(high - low)' },
    () => 0,
    (c) => bop(c.open, c.high, c.low, c.close),
    () => new BopStream(),
  ),
  seriesDef(
    { name: 'TSI', title: 'True strength index', group: 'momentum', display: 'pane', range: [-100, 100], talib: false, params: [int('long', 25, 1, 1000, 'First smoothing'), int('short', 13, 1, 1000, 'Second smoothing')], formula: '100·EMA(EMA(Δc, long), short)/EMA(EMA(|Δc|, long), short)' },
    (p) => num(p, 'long') + num(p, 'short') - 1,
    (x, p) => tsi(x, num(p, 'long'), num(p, 'short')),
    (p) => new TsiStream(num(p, 'long'), num(p, 'short')),
  ),
  barDef(
    { name: 'AO', title: 'Awesome oscillator', group: 'momentum', display: 'pane', talib: false, inputs: ['high', 'low'], params: fastSlow(5, 34, 1), outputs: VALUE, formula: 'SMA(hl2, 5) - SMA(hl2, 34)' },
    (p) => Math.max(num(p, 'fast'), num(p, 'slow')) - 1,
    (c, p) => ao(c.high, c.low, num(p, 'fast'), num(p, 'slow')),
    (p) => new AoStream(num(p, 'fast'), num(p, 'slow')),
  ),
];
