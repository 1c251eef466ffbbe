/**
 * The messages between a deployment (engine thread) and its strategy host (a sandbox worker for
 * user code, the engine thread for built-ins): bars and account updates in, order intents out.
 * Everything is plain data (structured clone); numbers are float64, as the strategy API speaks.
 */
import type { LogEntry } from '../../strategy/api';
import type { FillView, OrderChanges, OrderRequest, OrderView } from '../../model/orders';
import type { OrderLinks } from '../../strategy/broker';
import type { Timeframe } from '../../../shared/timeframe';
import type { LiveBar } from '../../strategy/live-series';

/** What the strategy may read about the account, taken just before each callback. */
export interface AccountSnapshot {
  /** Per symbol (in the deployment's order): the strategy's attributed position. */
  positions: Array<{ size: number; avgPrice: number; realizedPnl: number; sellable: number }>;
  /** The account's balance in the quote currency (total) and what is free of reservations. */
  cash: number;
  freeCash: number;
  /** Account value in the quote currency: cash + base balances of the deployment's symbols at the last close. */
  equity: number;
  currency: string;
}

export interface HostStart {
  params: Record<string, unknown>;
  symbols: string[];
  timeframe: Timeframe;
  mode: 'paper' | 'live';
  /** The venue's lot per symbol (float), for `sizing` and size rounding. */
  lots: number[];
  /** Closed bars before the first live bar, per symbol, oldest first: they only warm indicators up. */
  history: LiveBar[][];
  /** `ctx.store` as saved after the last evaluated bar (empty on a first start). */
  store: Record<string, unknown>;
  /** The strategy's working orders at the account (after a restart), with the ids it knew them by. */
  openOrders: OrderView[];
  /** Next strategy order number (ids stay unique across restarts). */
  orderSeq: number;
  /** Prefix of strategy order ids (per deployment). */
  idPrefix: string;
  initialCapital: number;
  account: AccountSnapshot;
}

export interface HostStarted {
  /** Bars per symbol after the warm-up. */
  bars: number[];
  startupBars: number;
  output: HostOutput;
}

/** One step: the bars that closed at `ts` (null for a symbol without one). */
export interface HostStep {
  ts: number;
  bars: Array<LiveBar | null>;
  /** False: the bars only feed indicators (the account cannot trade now, or the bar was evaluated before a restart). */
  evaluate: boolean;
  account: AccountSnapshot;
}

/** An order of the strategy changed at the account (and, for a fill, the execution). */
export interface HostOrderUpdate {
  order: OrderView;
  fill: FillView | null;
  account: AccountSnapshot;
}

export type Intent =
  | { kind: 'submit'; id: string; inst: number; request: OrderRequest; links: OrderLinks; createdAt: number }
  | { kind: 'cancel'; id: string; reason: string | null }
  | { kind: 'modify'; id: string; changes: OrderChanges };

export interface HostOutput {
  intents: Intent[];
  /** `ctx.store` after the callback (JSON round trip: what a restart restores). */
  store: Record<string, unknown>;
  logs: LogEntry[];
  orderSeq: number;
}

/** The strategy end of a deployment; calls are made one at a time. */
export interface StrategySession {
  start(s: HostStart): Promise<HostStarted>;
  step(s: HostStep): Promise<HostOutput>;
  update(u: HostOrderUpdate): Promise<HostOutput>;
  /** Runs `onStop`; its orders are not sent (the deployment is going away). */
  stop(): Promise<HostOutput>;
  /** Ends the session (terminates a worker); idempotent. */
  close(): void;
}
