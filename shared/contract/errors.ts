import { z } from 'zod';

/**
 * Every error that crosses the boundary carries one of these codes; the message is for people,
 * the code is for code. A message never contains a secret.
 */
export const ERROR_CODES = [
  'INVALID_INPUT', // the request or its input failed validation
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT', // the request contradicts the current state (duplicate, already running, …)
  'CANCELLED',
  'TIMEOUT',
  'LOCKED', // the data directory or a resource is held by another process
  'BAD_DATA', // a file or dataset is malformed (details carry line-numbered problems)
  'UNAVAILABLE', // a dependency (exchange, keychain, worker) cannot be reached right now
  'RATE_LIMITED',
  'AUTH_FAILED',
  'INSUFFICIENT_FUNDS',
  'RISK_REJECTED',
  'STRATEGY_ERROR', // user strategy code threw, timed out or failed to compile
  'INTERNAL',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ContractErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ContractError = z.infer<typeof ContractErrorSchema>;
