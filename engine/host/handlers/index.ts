import type { Handlers } from '../handler-types';
import { backtestHandlers } from './backtest';
import { dataHandlers } from './data';
import { feedHandlers } from './feed';
import { indicatorsHandlers } from './indicators';
import { jobsHandlers } from './jobs';
import { marketHandlers } from './market';
import { qualityHandlers } from './quality';
import { recorderHandlers } from './recorder';
import { strategiesHandlers } from './strategies';
import { systemHandlers } from './system';
import { tradingHandlers } from './trading';
import { tradingLedgerHandlers } from './trading-ledger';
import { watchlistHandlers } from './watchlist';

export const handlers: Handlers = {
  ...systemHandlers,
  ...jobsHandlers,
  ...dataHandlers,
  ...marketHandlers,
  ...qualityHandlers,
  ...feedHandlers,
  ...watchlistHandlers,
  ...recorderHandlers,
  ...strategiesHandlers,
  ...backtestHandlers,
  ...indicatorsHandlers,
  ...tradingHandlers,
  ...tradingLedgerHandlers,
};
