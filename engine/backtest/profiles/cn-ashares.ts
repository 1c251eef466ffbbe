import type { MarketProfile } from './types';

/**
 * China A-shares: lots of 100, T+1, no shorting, ±10% daily limit (main board; set
 * `priceLimit` 0.2 for ChiNext/STAR, 0.05 for ST), prices in 0.01 CNY. Costs: 0.025% commission with a
 * 5 CNY minimum, 0.05% stamp duty on sells (the rate since 2023-08-28). Exchange day in UTC+8.
 */
export const cnASharesProfile: MarketProfile = {
  id: 'cn-ashares',
  annualDays: 252,
  lotSize: 100,
  tickSize: 0.01,
  allowShort: false,
  commission: { percent: 0.00025, minimum: 5, sellTax: 0.0005 },
  tPlusOne: true,
  exchangeDayOffsetMs: 8 * 3_600_000,
  priceLimit: 0.1,
  oddLotSellOnlyToClose: true,
};

/** Limit-up and limit-down prices from the previous close, rounded to the fen as the exchanges do. */
export function priceLimits(prevClose: number, limit: number, tick = 0.01): { up: number; down: number } {
  // The tiny nudge makes x.xx5 round up despite binary representation (10.005 * 1.1 etc.).
  const round = (x: number): number => Math.round(x / tick + 1e-7) * tick;
  return { up: round(prevClose * (1 + limit)), down: round(prevClose * (1 - limit)) };
}
