import type { MarketProfile } from './types';

/** Crypto venues: 24/7, fractional sizes, shorts allowed (perpetuals, margin). No default costs. */
export const cryptoProfile: MarketProfile = {
  id: 'crypto',
  annualDays: 365,
  allowShort: true,
  commission: {},
  tPlusOne: false,
  exchangeDayOffsetMs: 0,
  oddLotSellOnlyToClose: false,
};
