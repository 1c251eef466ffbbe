import { describe, expect, it } from 'vitest';
import { dec, Decimal } from './decimal';

// Every expected value below is worked out by hand (or is the textbook example), never by this code.
const s = (d: Decimal) => d.toString();

describe('Decimal: parse and format', () => {
  it.each([
    ['0', '0'],
    ['123.45', '123.45'],
    ['-0.001', '-0.001'],
    ['+7', '7'],
    ['.5', '0.5'],
    ['-.25', '-0.25'],
    ['1e-8', '0.00000001'],
    ['1.5E+3', '1500'],
    ['2.50e1', '25.0'],
    ['0007.10', '7.10'],
  ])('%s → %s', (text, out) => {
    expect(s(dec(text))).toBe(out);
  });

  it('refuses what is not a decimal', () => {
    for (const bad of ['', ' ', 'abc', '1,5', '1.2.3', 'NaN', 'Infinity', '--1', '1e', '0x10']) {
      expect(() => dec(bad), bad).toThrow(/not a decimal/);
    }
    expect(() => Decimal.fromNumber(NaN)).toThrow(/finite/);
    expect(() => Decimal.fromNumber(Infinity)).toThrow(/finite/);
  });

  it('takes a float64 at its shortest round-trip text', () => {
    expect(s(Decimal.fromNumber(0.1))).toBe('0.1');
    expect(s(Decimal.fromNumber(1e-7))).toBe('0.0000001');
    expect(s(Decimal.fromNumber(-42))).toBe('-42');
  });

  it('toPlainString drops trailing zeros; normalize keeps the value', () => {
    expect(dec('1.500').toPlainString()).toBe('1.5');
    expect(dec('100').toPlainString()).toBe('100');
    expect(dec('-0.000').toPlainString()).toBe('0');
    expect(dec('1.500').normalize().scale).toBe(1);
    expect(JSON.stringify({ a: dec('0.10') })).toBe('{"a":"0.10"}');
  });
});

describe('Decimal: exact arithmetic', () => {
  it('0.1 + 0.2 is exactly 0.3', () => {
    expect(dec('0.1').add('0.2').eq('0.3')).toBe(true);
    expect(s(dec('0.1').add('0.2'))).toBe('0.3');
    expect(0.1 + 0.2 === 0.3).toBe(false); // why this type exists
  });

  it('adds and subtracts across scales', () => {
    expect(s(dec('1.005').add('2'))).toBe('3.005');
    expect(s(dec('1').sub('0.0001'))).toBe('0.9999');
    expect(s(dec('-5.5').add('5.5'))).toBe('0.0');
    expect(s(dec('0.3').sub('0.1').sub('0.2'))).toBe('0.0');
  });

  it('multiplies exactly (scales add)', () => {
    expect(s(dec('1.5').mul('2.25'))).toBe('3.375');
    expect(s(dec('-0.01').mul('0.01'))).toBe('-0.0001');
    // 0.123 BTC at 43 210.57 USDT = 5314.90011 USDT
    expect(s(dec('0.123').mul('43210.57'))).toBe('5314.90011');
  });

  it('divides with an explicit scale and rounding', () => {
    expect(s(dec('1').div('3', 6))).toBe('0.333333');
    expect(s(dec('2').div('3', 6))).toBe('0.666667');
    expect(s(dec('2').div('3', 6, 'down'))).toBe('0.666666');
    expect(s(dec('-2').div('3', 2, 'floor'))).toBe('-0.67');
    expect(s(dec('-2').div('3', 2, 'ceil'))).toBe('-0.66');
    expect(s(dec('10').div('4', 0, 'half-even'))).toBe('2'); // 2.5 → 2
    expect(s(dec('14').div('4', 0, 'half-even'))).toBe('4'); // 3.5 → 4
    expect(s(dec('1.5').div('0.5', 0))).toBe('3');
    expect(s(dec('7').div('-2', 1))).toBe('-3.5');
    expect(() => dec('1').div('0')).toThrow(/division by zero/);
  });

  it('compares values, not representations', () => {
    expect(dec('1.50').eq('1.5')).toBe(true);
    expect(dec('-0.01').lt('0')).toBe(true);
    expect(dec('2').gt('1.999999999')).toBe(true);
    expect(dec('2').cmp('2.000')).toBe(0);
    expect(Decimal.max(dec('1'), dec('1.1')).toString()).toBe('1.1');
    expect(Decimal.min(dec('-1'), dec('1')).toString()).toBe('-1');
    expect(Decimal.sum([dec('0.1'), dec('0.2'), dec('-0.3')]).isZero()).toBe(true);
  });
});

describe('Decimal: rounding modes', () => {
  // value → [down, up, floor, ceil, half-up, half-even] at 0 decimals
  const table: [string, string[]][] = [
    ['2.5', ['2', '3', '2', '3', '3', '2']],
    ['3.5', ['3', '4', '3', '4', '4', '4']],
    ['-2.5', ['-2', '-3', '-3', '-2', '-3', '-2']],
    ['2.4', ['2', '3', '2', '3', '2', '2']],
    ['2.6', ['2', '3', '2', '3', '3', '3']],
    ['-2.6', ['-2', '-3', '-3', '-2', '-3', '-3']],
    ['7', ['7', '7', '7', '7', '7', '7']],
  ];
  const modes = ['down', 'up', 'floor', 'ceil', 'half-up', 'half-even'] as const;
  for (const [v, want] of table) {
    it(`${v}`, () => {
      expect(modes.map((m) => s(dec(v).round(0, m)))).toEqual(want);
    });
  }

  it('rounds to a number of places and pads when asked for more', () => {
    expect(s(dec('1.2345').round(2, 'half-even'))).toBe('1.23');
    expect(s(dec('1.235').round(2, 'half-even'))).toBe('1.24');
    expect(s(dec('1.225').round(2, 'half-even'))).toBe('1.22');
    expect(s(dec('1.225').round(2, 'half-up'))).toBe('1.23');
    expect(s(dec('1.2').round(4))).toBe('1.2000');
  });
});

describe('Decimal: venue precision by tick and step', () => {
  it('truncates an amount to the lot step', () => {
    expect(s(dec('0.123456').roundToStep('0.001'))).toBe('0.123');
    expect(s(dec('5').roundToStep('0.001'))).toBe('5.000');
    expect(s(dec('17').roundToStep('5'))).toBe('15');
    expect(s(dec('0.0009').roundToStep('0.001'))).toBe('0.000');
  });

  it('rounds a price to a tick that is not a power of ten', () => {
    expect(s(dec('100.26').roundToStep('0.5', 'half-even'))).toBe('100.5');
    expect(s(dec('100.24').roundToStep('0.5', 'half-even'))).toBe('100.0');
    expect(s(dec('100.25').roundToStep('0.5', 'half-even'))).toBe('100.0'); // tie → even multiple (200 × 0.5)
    expect(s(dec('100.75').roundToStep('0.5', 'half-even'))).toBe('101.0'); // tie → 202 × 0.5
    expect(s(dec('100.01').roundToStep('0.05', 'up'))).toBe('100.05');
    expect(s(dec('-1.07').roundToStep('0.05', 'floor'))).toBe('-1.10');
  });

  it('knows whether a value is on the grid', () => {
    expect(dec('0.123').isMultipleOf('0.001')).toBe(true);
    expect(dec('0.1235').isMultipleOf('0.001')).toBe(false);
    expect(dec('101.5').isMultipleOf('0.5')).toBe(true);
    expect(dec('101.25').isMultipleOf('0.5')).toBe(false);
    expect(() => dec('1').roundToStep('0')).toThrow(/positive/);
  });
});
