import { describe, expect, it } from 'vitest';
import { nearMatches } from './near-matches';

describe('nearMatches', () => {
  it('suggests exchanges a typo away', () => {
    expect(nearMatches('binanse', ['binance', 'binanceus', 'bybit', 'kraken'])[0]).toBe('binance');
    expect(nearMatches('krakn', ['binance', 'kraken', 'krakenfutures'])).toContain('kraken');
  });
  it('finds symbols written without the slash or in lower case', () => {
    expect(nearMatches('btcusdt', ['BTC/USDT', 'ETH/USDT', 'BTC/USDC'])[0]).toBe('BTC/USDT');
    expect(nearMatches('BTC/USD', ['BTC/USDT', 'ETH/USDT', 'XRP/EUR'])).toContain('BTC/USDT');
  });
  it('offers nothing when nothing is close', () => {
    expect(nearMatches('zzzzzzzz', ['binance', 'kraken'])).toEqual([]);
  });
});
