// `quantdesk <command>`: a small router. Each command's module (and the heavy libraries it
// needs) is imported only when that command runs, so the CLI starts fast.
import { isEngineError } from '../core/errors';
import { APP_VERSION } from '../host/version';
import { CliUsageError, describeFailure, processIo, type CliCommand, type CliIo } from './cli-io';

interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

const COMMANDS: CommandEntry[] = [
  { name: 'serve', summary: 'run the app headless and serve it to a browser on this machine', load: async () => (await import('./commands/serve')).serveCommand },
  { name: 'backtest', summary: 'run a strategy over stored bars or a CSV file (recorded in the run registry)', load: async () => (await import('./commands/backtest')).backtestCommand },
  { name: 'backtest list', summary: 'list recorded backtest runs', load: async () => (await import('./commands/backtest-runs')).backtestListCommand },
  { name: 'backtest compare', summary: 'compare two recorded runs (params, metrics)', load: async () => (await import('./commands/backtest-runs')).backtestCompareCommand },
  { name: 'backtest rerun', summary: 'rerun a recorded backtest (refuses when its data changed)', load: async () => (await import('./commands/backtest-runs')).backtestRerunCommand },
  { name: 'data import', summary: 'import bars from a CSV file', load: async () => (await import('./commands/data-import')).dataImportCommand },
  { name: 'data list', summary: 'list stored instruments and timeframes', load: async () => (await import('./commands/data-list')).dataListCommand },
  { name: 'data download', summary: 'download candle history from an exchange (incremental, resumable)', load: async () => (await import('./commands/data-download')).dataDownloadCommand },
  { name: 'data quality', summary: 'check a stored series: gaps, duplicates, OHLC, prices, volumes, outliers', load: async () => (await import('./commands/data-quality')).dataQualityCommand },
  { name: 'data export', summary: 'write stored bars as CSV or JSON', load: async () => (await import('./commands/data-export')).dataExportCommand },
  { name: 'accounts add', summary: 'add a paper or exchange account (key to the OS keychain, never echoed)', load: async () => (await import('./commands/accounts')).accountsAddCommand },
  { name: 'accounts list', summary: 'list trading accounts (keys: set / not set)', load: async () => (await import('./commands/accounts')).accountsListCommand },
  { name: 'accounts remove', summary: 'remove an account that never traded, and its key', load: async () => (await import('./commands/accounts')).accountsRemoveCommand },
  { name: 'live', summary: 'run a strategy on an account in the foreground (resumes after reconciliation)', load: async () => (await import('./commands/live')).liveCommand },
  { name: 'orders list', summary: "list an account's orders", load: async () => (await import('./commands/orders')).ordersListCommand },
  { name: 'orders submit', summary: 'send one order through the pre-trade check', load: async () => (await import('./commands/orders')).ordersSubmitCommand },
  { name: 'kill', summary: 'kill switch: halt, cancel all, optionally flatten (persisted)', load: async () => (await import('./commands/kill')).killCommand },
  { name: 'db backup', summary: 'copy journal.db and market.db consistently', load: async () => (await import('./commands/db')).dbBackupCommand },
  { name: 'db restore', summary: 'replace the databases with a backup', load: async () => (await import('./commands/db')).dbRestoreCommand },
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `quantdesk ${APP_VERSION} — trading workstation engine

Usage: quantdesk <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Every command accepts --data-dir DIR (default: the desktop app's data folder; or QUANTDESK_DATA_DIR).
Run \`quantdesk <command> --help\` for its options.
`;
}

function findCommand(argv: string[]): { entry: CommandEntry; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const entry = COMMANDS.find((c) => c.name === name);
    if (entry) return { entry, rest: argv.slice(words) };
  }
  return null;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview());
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.out(`${APP_VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(argv[0] + ' ')).map((c) => c.name);
    io.err(`quantdesk: ${group.length ? `"${argv[0]}" needs a subcommand: ${group.join(', ')}` : `unknown command "${argv[0]}"`} (see quantdesk --help)\n`);
    return 2;
  }
  let command: CliCommand | undefined;
  try {
    command = await found.entry.load();
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      io.out(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(found.rest, io);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.err(`quantdesk ${found.entry.name}: ${e.message} (see quantdesk ${found.entry.name} --help)\n`);
      return 2;
    }
    io.err(`quantdesk ${found.entry.name}: ${describeFailure(e)}\n`);
    if (!isEngineError(e) && process.env.QUANTDESK_DEBUG) io.err(String((e as Error)?.stack) + '\n');
    return 1;
  }
}
