import { createWriteStream } from 'node:fs';
import { instrumentId, VENUE_CSV } from '../../../shared/ids';
import { parseCommandArgs, parseTimeframe, requireOption } from '../args';
import { CliUsageError, type CliCommand } from '../cli-io';
import { withEngineClient } from '../with-client';

const PAGE = 500_000;

export const dataExportCommand: CliCommand = {
  name: 'data export',
  summary: 'write stored bars as CSV or JSON',
  usage: `quantdesk data export --symbol S --timeframe TF [--exchange E] [--format csv|json] [--from ISO] [--to ISO] [--out FILE] [--data-dir DIR]

Writes to standard output unless --out is given. CSV columns: ts (epoch ms, bar open, UTC),
open, high, low, close, volume — the same format \`data import\` reads.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('data export', argv, {
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      exchange: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
    });
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new CliUsageError('--format must be csv or json', 'data export');
    const parseDate = (v: string | undefined, flag: string) => {
      if (v === undefined) return undefined;
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new CliUsageError(`--${flag} is not a date (use ISO, e.g. 2024-01-01)`, 'data export');
      return t;
    };
    const id = instrumentId(requireOption('data export', values.symbol, 'symbol'), values.exchange ?? VENUE_CSV);
    const timeframe = parseTimeframe('data export', values.timeframe);
    const from = parseDate(values.from, 'from');
    const to = parseDate(values.to, 'to');
    const sink = values.out ? createWriteStream(values.out) : null;
    const write = (t: string) => (sink ? sink.write(t) : io.out(t));
    let total = 0;
    await withEngineClient(values['data-dir'], async (client) => {
      const series = (await client.call('data.instruments', {})).find((s) => s.instrumentId === id && s.timeframe === timeframe);
      if (!series) throw new CliUsageError(`no stored bars for ${id} ${timeframe} (see \`quantdesk data list\`)`, 'data export');
      if (format === 'csv') write('ts,open,high,low,close,volume\n');
      else write('[');
      let cursor = from;
      for (;;) {
        const page = await client.call('data.bars', { instrumentId: id, timeframe, limit: PAGE, ...(cursor !== undefined ? { from: cursor } : {}), ...(to !== undefined ? { to } : {}) });
        const n = page.ts.length;
        const lines: string[] = [];
        for (let i = 0; i < n; i++) {
          lines.push(
            format === 'csv'
              ? `${page.ts[i]},${page.open[i]},${page.high[i]},${page.low[i]},${page.close[i]},${page.volume[i]}\n`
              : `${total + i ? ',' : ''}\n{"ts":${page.ts[i]},"open":${page.open[i]},"high":${page.high[i]},"low":${page.low[i]},"close":${page.close[i]},"volume":${page.volume[i]}}`,
          );
        }
        write(lines.join(''));
        total += n;
        if (n < PAGE) break;
        cursor = page.ts[n - 1] + 1;
      }
      if (format === 'json') write('\n]\n');
    });
    if (sink) await new Promise<void>((resolve, reject) => sink.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (values.out) io.err(`wrote ${total} bars to ${values.out}\n`);
    return 0;
  },
};
