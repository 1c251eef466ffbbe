import type { BacktestConfigInput } from '../backtest/config';
import type { BacktestProgress } from '../backtest/engine';
import type { FeedInput } from '../backtest/feeds';
import type { BacktestResult } from '../backtest/results';
import type { ContractError } from '../../shared/contract/errors';

/** What a run executes: a shipped strategy by id (trusted code) or a compiled user bundle. */
export type StrategyCode =
  | { kind: 'builtin'; id: string }
  | { kind: 'compiled'; entry: string; code: string; map: string };

export interface SandboxRequest {
  strategy: StrategyCode;
  feeds: FeedInput[];
  config: BacktestConfigInput;
  /** The heartbeat the worker writes around every strategy callback (see HEARTBEAT_*). */
  heartbeat: SharedArrayBuffer;
  /** Per-callback budget (also bounds the evaluation of the module's top level). */
  budgetMs: number;
}

export type SandboxReply =
  | { type: 'progress'; progress: BacktestProgress }
  | { type: 'done'; result: BacktestResult }
  | { type: 'error'; error: ContractError };

/**
 * Heartbeat layout: Int32 [0] callbacks entered (a sequence number), [1] the hook now running
 * (0 none), [2] its bar index; Float64 at byte 16: the bar's close time (UTC ms).
 */
export const HEARTBEAT_BYTES = 24;
export const HOOK_NAMES = ['', 'load', 'init', 'onBar', 'onOrder', 'onFill', 'onStop'] as const;
export type HookName = Exclude<(typeof HOOK_NAMES)[number], ''>;
export const hookCode = (name: HookName): number => HOOK_NAMES.indexOf(name);
