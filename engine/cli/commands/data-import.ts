import { resolve } from 'node:path';
import { parseCommandArgs, parseTimeframe, requireOption } from '../args';
import { CliUsageError, type CliCommand } from '../cli-io';
import { progressPrinter, withEngineClient } from '../with-client';

export const dataImportCommand: CliCommand = {
  name: 'data import',
  summary: 'import bars from a CSV file',
  usage: `quantdesk data import <file.csv> --symbol S --timeframe TF [--exchange E] [--skip-bad-rows] [--data-dir DIR]

The file needs a header with ts|timestamp|date|datetime (epoch s, ms or µs, or ISO dates) and
open, high, low, close, volume in any order. Without --exchange the venue is "csv".
Bad rows are listed with line numbers and nothing is imported, unless --skip-bad-rows.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('data import', argv, {
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      exchange: { type: 'string' },
      'skip-bad-rows': { type: 'boolean' },
    }, 1);
    const file = positionals[0];
    if (!file) throw new CliUsageError('name the CSV file to import', 'data import');
    const symbol = requireOption('data import', values.symbol, 'symbol');
    const timeframe = parseTimeframe('data import', values.timeframe);
    const progress = progressPrinter(io.isTty, io.err);
    const result = await withEngineClient(values['data-dir'], (client) =>
      client.job(
        'data.import',
        { source: { kind: 'path', path: resolve(file) }, symbol, timeframe, ...(values.exchange ? { venue: values.exchange.toLowerCase() } : {}), skipBadRows: values['skip-bad-rows'] ?? false },
        { onProgress: (p) => progress.update(p.phase, p.done, p.total) },
      ),
    ).finally(() => progress.done());
    io.out(
      `imported ${result.bars} bars into ${result.instrumentId} ${result.timeframe} (${result.inserted} new, ${result.replaced} replaced)` +
        `, ${new Date(result.firstTs).toISOString()} → ${new Date(result.lastTs).toISOString()}` +
        (result.reversed ? ', file was newest-first' : '') +
        '\n',
    );
    if (result.problems.length) {
      io.err(`skipped ${result.problems.length} bad rows:\n` + result.problems.slice(0, 10).map((p) => `  line ${p.line}: ${p.message}\n`).join(''));
    }
    return 0;
  },
};
