import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from './config';

describe('backtest config', () => {
  it('fills the defaults and keeps what is given', () => {
    expect(parseBacktestConfig()).toEqual({ initialCapital: 100_000, currency: 'USD', profile: 'crypto', intrabar: 'worst', leverage: 1, riskFreeRate: 0, maxCurvePoints: 10_000, instruments: {}, params: {} });
    const c = parseBacktestConfig({ initialCapital: 5000, commission: { percent: 0.001 }, profile: 'cn-ashares', params: { fast: 5 }, instruments: { 'X@csv': { lotSize: 100 } }, startupBars: 0 });
    expect(c).toMatchObject({ initialCapital: 5000, commission: { percent: 0.001 }, profile: 'cn-ashares', params: { fast: 5 }, instruments: { 'X@csv': { lotSize: 100 } }, startupBars: 0, leverage: 1 });
  });

  it('refuses bad values, naming each one', () => {
    const bad = (input: unknown) => {
      try {
        parseBacktestConfig(input as never);
      } catch (e) {
        return e as { code: string; message: string; details: { issues: { path: (string | number)[]; message: string }[] } };
      }
      throw new Error('accepted');
    };
    const e = bad({ initialCapital: -1, leverage: 0, commission: { percent: -0.1, rate: 1 }, instruments: { 'X@csv': { lotSize: 0 } }, maxCurvePoints: 1.5, profile: 'forex' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/^invalid backtest config: initialCapital must be greater than 0 \(and 6 more\)$/);
    expect(e.details.issues.map((i) => i.path.join('.'))).toEqual(['initialCapital', 'leverage', 'commission.percent', 'commission.rate', 'instruments.X@csv.lotSize', 'maxCurvePoints', 'profile']);
    expect(bad({ initialCapitol: 1000 }).message).toContain('initialCapitol unknown setting');
    expect(bad({ initialCapital: Number.NaN }).message).toContain('expected a finite number');
    expect(bad({ initialCapital: '1000' }).message).toContain('expected a finite number');
    expect(bad({ volumeCap: 1.5 }).message).toContain('at most 1');
    expect(bad({ currency: '' }).message).toContain('1 to 12 characters');
    expect(bad({ allowShort: 'yes' }).message).toContain('true or false');
    expect(bad({ params: [1] }).message).toContain('params expected an object');
    expect(bad(null).message).toContain('config expected an object');
  });
});
