import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber, formatTs, formatVolume, isIntraday, priceDecimals } from './format';

describe('format', () => {
  it('writes UTC times the way the engine stores them', () => {
    expect(formatTs(Date.UTC(2024, 1, 29, 7, 5))).toBe('2024-02-29 07:05');
    expect(formatTs(Date.UTC(2024, 11, 31, 23, 0), false)).toBe('2024-12-31');
  });

  it('knows intraday timeframes', () => {
    expect(isIntraday('1m')).toBe(true);
    expect(isIntraday('4h')).toBe(true);
    expect(isIntraday('1d')).toBe(false);
    expect(isIntraday('1w')).toBe(false);
    expect(isIntraday('1M')).toBe(false);
  });

  it('groups thousands with fixed decimals', () => {
    expect(formatNumber(17520)).toBe('17,520');
    expect(formatNumber(16549.123, 2)).toBe('16,549.12');
    expect(formatNumber(Number.NaN)).toBe('—');
  });

  it('picks price decimals by magnitude', () => {
    expect(priceDecimals(16549.12)).toBe(2);
    expect(priceDecimals(12.5)).toBe(3);
    expect(priceDecimals(0.00123)).toBe(5);
  });

  it('shortens volumes', () => {
    expect(formatVolume(2_867_955_265)).toBe('2.87B');
    expect(formatVolume(13_260.023)).toBe('13.26K');
    expect(formatVolume(481.2069)).toBe('481.21');
    expect(formatVolume(1.5)).toBe('1.5');
    expect(formatVolume(0)).toBe('0');
  });

  it('sizes files', () => {
    expect(formatBytes(912)).toBe('912 B');
    expect(formatBytes(1434)).toBe('1.4 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});
