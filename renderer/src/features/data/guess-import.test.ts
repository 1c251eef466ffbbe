import { describe, expect, it } from 'vitest';
import { guessFromFileName, symbolProblem, venueProblem } from './guess-import';

describe('guessFromFileName', () => {
  it('reads a pair and a timeframe', () => {
    expect(guessFromFileName('btc-usdt-1h.csv')).toEqual({ symbol: 'BTC/USDT', timeframe: '1h' });
  });
  it('reads a ticker, skipping years', () => {
    expect(guessFromFileName('AAPL_1d_2020.csv')).toEqual({ symbol: 'AAPL', timeframe: '1d' });
  });
  it('keeps the month/minute distinction', () => {
    expect(guessFromFileName('ES-1M.csv').timeframe).toBe('1M');
    expect(guessFromFileName('ES-1m.csv').timeframe).toBe('1m');
  });
  it('leaves what it cannot tell empty', () => {
    expect(guessFromFileName('export.csv')).toEqual({ symbol: 'EXPORT', timeframe: null });
    expect(guessFromFileName('2024.csv')).toEqual({ symbol: '', timeframe: null });
  });
});

describe('field checks', () => {
  it('follows the contract for symbols and venues', () => {
    expect(symbolProblem('')).toBe('required');
    expect(symbolProblem('BTC USDT')).toBe('invalid');
    expect(symbolProblem('BTC@x')).toBe('invalid');
    expect(symbolProblem('BTC/USDT')).toBeNull();
    expect(venueProblem('csv')).toBeNull();
    expect(venueProblem('Binance')).toBe('invalid');
  });
});
