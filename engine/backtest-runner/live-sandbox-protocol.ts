import type { ContractError } from '../../shared/contract/errors';
import type { StrategyCode } from './sandbox-protocol';

/**
 * Messages of the persistent live sandbox (one worker per deployment). The parent makes one call
 * at a time; `start` carries the code, the heartbeat and the budget (see sandbox-protocol.ts for
 * the heartbeat layout, shared with the backtest sandbox).
 */
export type LiveSandboxCall =
  | { seq: number; method: 'start'; strategy: StrategyCode; heartbeat: SharedArrayBuffer; budgetMs: number; arg: unknown }
  | { seq: number; method: 'step' | 'update' | 'stop'; arg: unknown };

export type LiveSandboxReply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: ContractError };
