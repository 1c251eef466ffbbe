import type { ReplyEnvelope } from '../../shared/contract/envelope';
import type { ContractError } from '../../shared/contract/errors';

/** Messages between the routing thread and the engine worker. */
export type MainToWorker = { t: 'msg'; conn: number; data: unknown } | { t: 'drop'; conn: number } | { t: 'shutdown' };

export type WorkerToMain =
  | { t: 'ready' }
  | { t: 'fatal'; error: ContractError }
  | { t: 'reply'; conn: number; data: ReplyEnvelope }
  | { t: 'push'; topic: string; payload: unknown };
