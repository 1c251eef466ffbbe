import { instrumentId, VENUE_CSV } from '../../../shared/ids';
import { EngineError } from '../../core/errors';
import { adjustBars } from '../../data/adjust';
import { detectCsvFormat } from '../../data/csv/formats';
import { previewCsv } from '../../data/csv/parse-ohlcv';
import { marketDataRepos } from '../../store/market-data-repos';
import type { Handlers } from '../handler-types';
import { ownedBuffer, readFileSource } from './file-source';

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new EngineError('CANCELLED', 'cancelled by the user');
}

export const dataHandlers: Pick<Handlers, 'data.import' | 'data.preview' | 'data.instruments' | 'data.bars' | 'data.delete'> = {
  // Parse on the pool (CPU), write on the engine thread (the only writer), in one transaction:
  // a failure or a cancel before the commit leaves the database as it was.
  'data.import': async (input, { services, signal, progress }) => {
    const id = instrumentId(input.symbol, input.venue ?? VENUE_CSV);
    progress('read', 0, 1);
    const bytes = await readFileSource(input.source);
    progress('read', 1, 1);
    throwIfCancelled(signal);
    const parsed = await services.tasks.run(
      'parseCsv',
      { bytes, skipBadRows: input.skipBadRows, timeframe: input.timeframe },
      { signal, transfer: ownedBuffer(bytes), onProgress: (done, total) => progress('parse', done, total) },
    );
    throwIfCancelled(signal);
    const n = parsed.bars.ts.length;
    const factors = parsed.factors.length ? marketDataRepos(services.stores).adjustments.put(id, parsed.factors) : 0;
    if (n === 0 && factors > 0) {
      const f = parsed.factors;
      return { instrumentId: id, timeframe: input.timeframe, bars: 0, inserted: 0, replaced: 0, reversed: false, firstTs: f[0].ts, lastTs: f[f.length - 1].ts, problems: [], format: parsed.format, factors };
    }
    if (n === 0) throw new EngineError('BAD_DATA', 'the file has no bars to import', { problems: parsed.problems.slice(0, 100) });
    const written = services.stores.candles.write(id, input.timeframe, parsed.bars, { onProgress: (done, total) => progress('write', done, total) });
    services.events.publish('data.changed', { instrumentId: id, timeframe: input.timeframe, reason: 'import' });
    services.log.info('imported bars', { instrumentId: id, timeframe: input.timeframe, bars: n, ...written });
    return {
      instrumentId: id,
      timeframe: input.timeframe,
      bars: n,
      inserted: written.inserted,
      replaced: written.replaced,
      reversed: parsed.reversed,
      firstTs: parsed.bars.ts[0],
      lastTs: parsed.bars.ts[n - 1],
      problems: parsed.problems.slice(0, 1000),
      format: parsed.format,
      factors,
    };
  },

  'data.preview': async (input) => {
    const bytes = await readFileSource(input.source);
    const fmt = detectCsvFormat(bytes);
    if (!fmt.header || fmt.header.inFile) return { format: fmt.format, ...previewCsv(bytes, input.rows) };
    // A headerless file (Binance dump): shown under the header it is read with.
    const head = new TextEncoder().encode(fmt.header.text + '\n');
    const sample = bytes.subarray(0, Math.min(bytes.length, 1 << 20));
    const withHeader = new Uint8Array(head.length + sample.length);
    withHeader.set(head);
    withHeader.set(sample, head.length);
    return { format: fmt.format, ...previewCsv(withHeader, input.rows) };
  },

  'data.instruments': (_input, { services }) => services.stores.candles.listSeries(),

  'data.bars': (input, { services }) => {
    const raw = services.stores.candles.read(input.instrumentId, input.timeframe, {
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      ...(input.latest !== undefined ? { latest: input.latest } : {}),
    });
    const adjust = input.adjust ?? 'none';
    const bars = adjust === 'none' ? raw : adjustBars(raw, marketDataRepos(services.stores).adjustments.list(input.instrumentId), adjust);
    return {
      instrumentId: input.instrumentId,
      timeframe: input.timeframe,
      ts: Array.from(bars.ts),
      open: Array.from(bars.open),
      high: Array.from(bars.high),
      low: Array.from(bars.low),
      close: Array.from(bars.close),
      volume: Array.from(bars.volume),
    };
  },

  'data.delete': (input, { services }) => {
    const deleted = services.stores.candles.deleteSeries(input.instrumentId, input.timeframe);
    if (deleted) services.events.publish('data.changed', { instrumentId: input.instrumentId, timeframe: input.timeframe, reason: 'delete' });
    return { deleted };
  },
};
