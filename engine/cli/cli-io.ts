import { EngineError } from '../core/errors';

/** Bad use of the command line: one line of explanation, exit code 2. */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTty: Boolean(process.stderr.isTTY),
};

export interface CliCommand {
  /** `data import` */
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** An engine error as the one line a person reads; problems (e.g. CSV lines) follow, a few of them. */
export function describeFailure(e: unknown): string {
  if (e instanceof EngineError || (e as { code?: unknown })?.code) {
    const err = e as EngineError;
    const problems = (err.details as { problems?: { line: number; message: string }[] } | undefined)?.problems;
    const extra = problems?.length ? '\n' + problems.slice(0, 10).map((p) => `  line ${p.line}: ${p.message}`).join('\n') + (problems.length > 10 ? `\n  … ${problems.length - 10} more` : '') : '';
    return `${err.message}${extra}`;
  }
  return e instanceof Error ? e.message : String(e);
}
