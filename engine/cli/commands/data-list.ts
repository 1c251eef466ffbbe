import { parseCommandArgs } from '../args';
import type { CliCommand } from '../cli-io';
import { withEngineClient } from '../with-client';

const iso = (ts: number) => new Date(ts).toISOString().replace('.000Z', 'Z');

export const dataListCommand: CliCommand = {
  name: 'data list',
  summary: 'list stored instruments and timeframes',
  usage: `quantdesk data list [--json] [--data-dir DIR]`,
  async run(argv, io) {
    const { values } = parseCommandArgs('data list', argv, { json: { type: 'boolean' } });
    const series = await withEngineClient(values['data-dir'], (client) => client.call('data.instruments', {}));
    if (values.json) {
      io.out(JSON.stringify(series, null, 2) + '\n');
      return 0;
    }
    if (series.length === 0) {
      io.out('no data yet: import a CSV with `quantdesk data import <file.csv> --symbol S --timeframe TF`\n');
      return 0;
    }
    const rows = series.map((s) => [s.instrumentId, s.timeframe, String(s.count), iso(s.firstTs), iso(s.lastTs), s.synthetic ? 'synthetic' : '']);
    const header = ['INSTRUMENT', 'TF', 'BARS', 'FROM', 'TO', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) io.out(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
    return 0;
  },
};
