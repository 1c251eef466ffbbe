import type { MarketProfileId } from '../config';
import { cnASharesProfile } from './cn-ashares';
import { cryptoProfile } from './crypto';
import type { MarketProfile } from './types';
import { usEquitiesProfile } from './us-equities';

export type { MarketProfile } from './types';

export const MARKET_PROFILES: Record<MarketProfileId, MarketProfile> = {
  crypto: cryptoProfile,
  'cn-ashares': cnASharesProfile,
  'us-equities': usEquitiesProfile,
};
