import { periodParam, real, VALUE } from '../registry-helpers';
import { beta, BetaStream, correl, CorrelStream, linearreg, linearregAngle, linearregIntercept, linearregSlope, LinRegStream, zscore, ZscoreStream } from '../statistics';
import { stddev, StddevStream, variance, VarStream } from '../stddev';
import { barDef, linregField, num, seriesDef } from './builders';
import type { IndicatorDef } from '../types';

/** Statistics: deviation, regression, correlation. */
export const STATISTICS: IndicatorDef[] = [
  seriesDef(
    { name: 'STDDEV', title: 'Standard deviation', group: 'statistic', display: 'pane', params: [periodParam(5), real('nbdev', 1, 0, 100, 'Multiplier')], formula: 'nbdev·√(mean(x²) - mean(x)²) over p values (population)' },
    (p) => num(p, 'period') - 1,
    (x, p) => stddev(x, num(p, 'period'), num(p, 'nbdev')),
    (p) => new StddevStream(num(p, 'period'), num(p, 'nbdev')),
  ),
  seriesDef(
    { name: 'VAR', title: 'Variance', group: 'statistic', display: 'pane', params: [periodParam(5, 1)], formula: 'mean(x²) - mean(x)² over p values (population)' },
    (p) => num(p, 'period') - 1,
    (x, p) => variance(x, num(p, 'period')),
    (p) => new VarStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'LINEARREG', title: 'Linear regression', group: 'statistic', display: 'overlay', params: [periodParam(14)], formula: 'least-squares line over p bars, its value at the current bar' },
    (p) => num(p, 'period') - 1,
    (x, p) => linearreg(x, num(p, 'period')),
    (p) => new LinRegStream(num(p, 'period')),
  ),
  linregField('LINEARREG_SLOPE', 'Linear regression slope', 'slope', linearregSlope, 'slope of the least-squares line per bar'),
  linregField('LINEARREG_INTERCEPT', 'Linear regression intercept', 'intercept', linearregIntercept, 'the line at the oldest bar of the window'),
  linregField('LINEARREG_ANGLE', 'Linear regression angle', 'angle', linearregAngle, 'atan(slope) in degrees'),
  barDef(
    { name: 'CORREL', title: 'Pearson correlation', group: 'statistic', display: 'pane', range: [-1, 1], inputs: ['close', 'benchmark'], params: [periodParam(30)], outputs: VALUE, formula: 'cov(x, y)/(σx·σy) over p bars' },
    (p) => num(p, 'period') - 1,
    (c, p) => correl(c.close, c.benchmark, num(p, 'period')),
    (p) => new CorrelStream(num(p, 'period')),
  ),
  barDef(
    { name: 'BETA', title: 'Beta', group: 'statistic', display: 'pane', inputs: ['close', 'benchmark'], params: [periodParam(5, 1)], outputs: VALUE, formula: 'slope of the close\'s 1-bar returns on the benchmark\'s over p returns' },
    (p) => num(p, 'period'),
    (c, p) => beta(c.close, c.benchmark, num(p, 'period')),
    (p) => new BetaStream(num(p, 'period')),
  ),
  seriesDef(
    { name: 'ZSCORE', title: 'z-score', group: 'statistic', display: 'pane', talib: false, params: [periodParam(20)], formula: '(x - mean)/σ over p values (population σ)' },
    (p) => num(p, 'period') - 1,
    (x, p) => zscore(x, num(p, 'period')),
    (p) => new ZscoreStream(num(p, 'period')),
  ),
];
