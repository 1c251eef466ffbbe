import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../../shared/timeframe';
import { CliUsageError } from './cli-io';

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Strict parsing: an unknown flag or a missing value is a usage error naming the flag. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, positionals = 0) {
  try {
    const parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) throw new CliUsageError(`unexpected argument "${parsed.positionals[positionals]}"`, command);
    return parsed;
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    throw new CliUsageError((e as Error).message.replace(/\. To specify.*$/s, '').split('\n')[0], command);
  }
}

export function requireOption(command: string, value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new CliUsageError(`--${flag} is required`, command);
  return value;
}

export function parseTimeframe(command: string, value: string | undefined): Timeframe {
  const tf = requireOption(command, value, 'timeframe');
  if (!isTimeframe(tf)) throw new CliUsageError(`--timeframe must be one of ${TIMEFRAMES.join(', ')}`, command);
  return tf;
}

export function parseIntOption(command: string, value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`--${flag} must be a whole number`, command);
  return n;
}
