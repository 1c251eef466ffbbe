import { describe, expect, it } from 'vitest';
import { daysFromCivil, epochToMs, epochUnit, parseIsoTimestamp } from './timestamps';
import { parseDecimal } from './numbers';

const iso = (s: string): number => {
  const b = new TextEncoder().encode(s);
  return parseIsoTimestamp(b, 0, b.length);
};
const dec = (s: string): number => {
  const b = new TextEncoder().encode(s);
  return parseDecimal(b, 0, b.length);
};

describe('parseIsoTimestamp', () => {
  it('agrees with Date.UTC over four centuries of month starts and leap days', () => {
    for (let y = 1900; y <= 2300; y += 7) {
      for (let m = 1; m <= 12; m++) expect(daysFromCivil(y, m, 1) * 86_400_000).toBe(Date.UTC(y, m - 1, 1));
    }
    expect(iso('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(iso('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
  });

  it('reads the common shapes as UTC', () => {
    const t = Date.UTC(2024, 5, 30, 13, 45, 7, 120);
    expect(iso('2024-06-30T13:45:07.120Z')).toBe(t);
    expect(iso('2024-06-30 13:45:07.12')).toBe(t);
    expect(iso('2024-06-30T13:45:07.120456')).toBe(t);
    expect(iso('2024/06/30 13:45:07.120')).toBe(t);
    expect(iso('2024.06.30 13:45:07.120')).toBe(t);
    expect(iso('2024-06-30T13:45')).toBe(Date.UTC(2024, 5, 30, 13, 45));
    expect(iso('2024-06-30T13:45:07+02:00')).toBe(Date.UTC(2024, 5, 30, 11, 45, 7));
    expect(iso('2024-06-30T13:45:07-0530')).toBe(Date.UTC(2024, 5, 30, 19, 15, 7));
    expect(iso('2024-06-30T13:45:07+02')).toBe(Date.UTC(2024, 5, 30, 11, 45, 7));
  });

  it('rejects what is not a date', () => {
    for (const s of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-01-32', '2024-01-01T24:00', '2024-01-01T10:60', '2024-1-1', '2024-01-01X', '2024-01-01T10:00:00.', '20240101', '1704067200', '2024-01/01', '2024.01-01', '2024-01-01T10:00Zed']) {
      expect(iso(s), s).toBeNaN();
    }
  });
});

describe('epoch units', () => {
  it('tells s, ms and µs apart by size', () => {
    expect(epochUnit(1_704_067_200)).toBe('s');
    expect(epochUnit(1_704_067_200_000)).toBe('ms');
    expect(epochUnit(1_704_067_200_000_000)).toBe('us');
    expect(epochUnit(1_704_067_200_000_000_000)).toBeNull();
    expect(epochToMs(1_704_067_200.5, 's')).toBe(1_704_067_200_500);
    expect(epochToMs(1_704_067_200_123_999, 'us')).toBe(1_704_067_200_123);
  });
});

describe('parseDecimal', () => {
  it('gives exactly what Number() gives', () => {
    const samples = ['0', '-0', '1', '42283.58', '0.1', '0.3', '123456.789012', '9007199254740993', '1e-7', '2.5E+10', '-0.000001234', '1.7976931348623157e308', '5e-324', '+3.14', '.5', '5.', '00012.5000'];
    for (const s of samples) expect(dec(s), s).toBe(Number(s));
    // Random prices with up to 8 decimals.
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const s = (seed / 997).toFixed(i % 9);
      expect(dec(s)).toBe(Number(s));
    }
  });

  it('rejects what Number() would accept but a CSV number is not', () => {
    for (const s of ['', ' ', 'Infinity', 'NaN', '0x1f', '1_000', '1 000', '1e', '-', '.', '1.2.3']) expect(dec(s), s).toBeNaN();
  });
});
