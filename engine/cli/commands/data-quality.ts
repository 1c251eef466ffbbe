import { parseCommandArgs, parseTimeframe, requireOption } from '../args';
import { InstrumentIdSchema } from '../../../shared/id-schemas';
import { CliUsageError, type CliCommand } from '../cli-io';
import { withEngineClient } from '../with-client';
import { parseUtcTime } from './data-download';

const iso = (ts: number) => new Date(ts).toISOString().replace('.000Z', 'Z');

export const dataQualityCommand: CliCommand = {
  name: 'data quality',
  summary: 'check a stored series: gaps, duplicates, OHLC, prices, volumes, outliers',
  usage: `quantdesk data quality --instrument SYMBOL@venue --timeframe TF [--from DATE] [--to DATE] [--outlier-z Z] [--json] [--data-dir DIR]

Exit code 0 when nothing is wrong, 3 when the report lists problems (for scripts and CI).`,
  async run(argv, io) {
    const cmd = 'data quality';
    const { values } = parseCommandArgs(cmd, argv, {
      instrument: { type: 'string' },
      timeframe: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'outlier-z': { type: 'string' },
      json: { type: 'boolean' },
    });
    const id = InstrumentIdSchema.safeParse(requireOption(cmd, values.instrument, 'instrument'));
    if (!id.success) throw new CliUsageError('--instrument is SYMBOL@venue, e.g. BTC/USDT@binance', cmd);
    const timeframe = parseTimeframe(cmd, values.timeframe);
    const z = values['outlier-z'] !== undefined ? Number(values['outlier-z']) : undefined;
    if (z !== undefined && !(z > 0)) throw new CliUsageError('--outlier-z must be a positive number', cmd);
    const r = await withEngineClient(values['data-dir'], (client) =>
      client.call('data.quality', {
        instrumentId: id.data,
        timeframe,
        ...(values.from ? { from: parseUtcTime(cmd, 'from', values.from) } : {}),
        ...(values.to ? { to: parseUtcTime(cmd, 'to', values.to) } : {}),
        ...(z !== undefined ? { outlierZ: z } : {}),
      }),
    );
    const problems = r.gaps.count + r.duplicates.count + r.unsorted.count + r.misaligned.count + r.ohlc.count + r.prices.count + r.volumes.negative + r.outliers.count;
    if (values.json) {
      io.out(JSON.stringify(r, null, 2) + '\n');
      return problems ? 3 : 0;
    }
    const lines = [
      `${r.instrumentId} ${r.timeframe}: ${r.bars} bars${r.firstTs !== null && r.lastTs !== null ? `, ${iso(r.firstTs)} → ${iso(r.lastTs)}` : ''}`,
      `gaps            ${r.gaps.count} (${r.gaps.missingBars} bars missing${r.gaps.marked ? `, ${r.gaps.marked} marked as known` : ''})`,
      ...r.gaps.items.slice(0, 10).map((g) => `  ${iso(g.from)} → ${iso(g.to)}  ${g.bars} bars`),
      `duplicates      ${r.duplicates.count}, out of order ${r.unsorted.count}, off the timeframe ${r.misaligned.count}`,
      `OHLC            ${r.ohlc.count}`,
      ...r.ohlc.items.slice(0, 10).map((p) => `  ${iso(p.ts)}  ${p.problem}`),
      `bad prices      ${r.prices.count}`,
      `volumes         ${r.volumes.zero} zero, ${r.volumes.negative} negative or missing`,
      `outliers        ${r.outliers.count} (|robust z| > ${r.outliers.threshold})`,
      ...r.outliers.items.slice(0, 10).map((o) => `  ${iso(o.ts)}  return ${(o.ret * 100).toFixed(2)}%  z ${o.z.toFixed(1)}`),
    ];
    io.out(lines.join('\n') + '\n');
    return problems ? 3 : 0;
  },
};
