import { parseCommandArgs, parseTimeframe, requireOption } from '../args';
import { CliUsageError, type CliCommand } from '../cli-io';
import { progressPrinter, withEngineClient } from '../with-client';

/** `2024-01-01`, `2024-01-01T12:00` (read as UTC), `…Z`, or epoch milliseconds. */
export function parseUtcTime(command: string, flag: string, value: string): number {
  const v = value.trim();
  const t = /^\d{10,}$/.test(v) ? Number(v) : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : `${v}Z`);
  if (!Number.isFinite(t)) throw new CliUsageError(`--${flag} must be a UTC date like 2024-01-01 or 2024-01-01T12:00, or epoch ms`, command);
  return t;
}

export const dataDownloadCommand: CliCommand = {
  name: 'data download',
  summary: 'download candle history from an exchange (incremental, resumable)',
  usage: `quantdesk data download --exchange E --symbol S --timeframe TF --from DATE [--to DATE] [--base-url URL] [--data-dir DIR]

Fetches only the bars the store lacks in [from, to) (UTC; --to defaults to now), page by page
within the exchange's rate limit; rate-limit and network errors wait and retry. Interrupted, it
resumes where it stopped. The exchange is a ccxt id (binance, okx, bybit, …) or yahoo (Yahoo
Finance: stocks, ETFs, indices; 1m 5m 15m 30m 1h 1d 1w 1M); --base-url points
every REST and WebSocket URL of it at another host (a mirror, or a local simulator).`,
  async run(argv, io) {
    const cmd = 'data download';
    const { values } = parseCommandArgs(cmd, argv, {
      exchange: { type: 'string' },
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'base-url': { type: 'string' },
    });
    const exchange = requireOption(cmd, values.exchange, 'exchange').toLowerCase();
    const symbol = requireOption(cmd, values.symbol, 'symbol');
    const timeframe = parseTimeframe(cmd, values.timeframe);
    const from = parseUtcTime(cmd, 'from', requireOption(cmd, values.from, 'from'));
    const to = values.to !== undefined ? parseUtcTime(cmd, 'to', values.to) : Date.now();
    if (!(from < to)) throw new CliUsageError('--from must be before --to', cmd);
    const progress = progressPrinter(io.isTty, io.err);
    try {
      const r = await withEngineClient(values['data-dir'], (client) =>
        client.job(
          'data.download',
          { exchange, symbol, timeframe, from, to, ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}) },
          { onProgress: (p) => progress.update(p.phase, p.done, p.total) },
        ),
      ).finally(() => progress.done());
      const missing = r.missing.length
        ? `${r.missing.length} missing range${r.missing.length > 1 ? 's' : ''}`
        : 'nothing was missing';
      io.out(
        `${r.instrumentId} ${r.timeframe}: ${missing}; fetched ${r.fetched} bars in ${r.requests} requests (${r.inserted} new, ${r.replaced} replaced` +
          `${r.retries ? `, ${r.retries} retries` : ''}${r.unavailable ? `, ${r.unavailable} not available at the exchange` : ''})\n`,
      );
      return 0;
    } finally {
      const { closeExchanges } = await import('../../data/ccxt/open-exchange');
      await closeExchanges();
    }
  },
};
