import { ContractCallError } from '../../../shared/client';
import type { ErrorCode } from '../../../shared/contract/errors';

/** An error as the UI shows it: the contract code (translated) and the engine's message. */
export interface UiError {
  code: ErrorCode | 'CLIENT';
  message: string;
  /** Line-numbered problems of a BAD_DATA error, when the engine sent them. */
  problems?: { line: number; message: string }[];
}

export function errorText(e: unknown): UiError {
  if (e instanceof ContractCallError) {
    const details = e.details as { problems?: unknown } | undefined;
    const problems = Array.isArray(details?.problems)
      ? (details.problems as { line: number; message: string }[]).filter((p) => typeof p?.line === 'number' && typeof p?.message === 'string')
      : undefined;
    return { code: e.code, message: e.message, ...(problems?.length ? { problems } : {}) };
  }
  return { code: 'CLIENT', message: e instanceof Error ? e.message : String(e) };
}
