import type { ContractError, ErrorCode } from '../../shared/contract/errors';

/** The one error type the engine throws on purpose; the host turns it into a contract error as is. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'EngineError' && typeof (e as { code?: unknown }).code === 'string');
}

/**
 * Maps anything thrown to a contract error. Unknown errors become INTERNAL with a generic message,
 * so library messages (which may quote requests, URLs or keys) never cross the boundary.
 */
export function toContractError(e: unknown): ContractError {
  if (isEngineError(e)) return { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) };
  return { code: 'INTERNAL', message: 'internal error (see the engine log)' };
}
