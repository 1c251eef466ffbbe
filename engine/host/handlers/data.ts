import { instrumentId, VENUE_CSV } from '../../../shared/ids';
import { EngineError } from '../../core/errors';
import { previewCsv } from '../../data/csv/parse-ohlcv';
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
      { bytes, skipBadRows: input.skipBadRows },
      { signal, transfer: ownedBuffer(bytes), onProgress: (done, total) => progress('parse', done, total) },
    );
    throwIfCancelled(signal);
    const n = parsed.bars.ts.length;
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
    };
  },

  'data.preview': async (input) => previewCsv(await readFileSource(input.source), input.rows),

  'data.instruments': (_input, { services }) => services.stores.candles.listSeries(),

  'data.bars': (input, { services }) => {
    const bars = services.stores.candles.read(input.instrumentId, input.timeframe, {
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      ...(input.latest !== undefined ? { latest: input.latest } : {}),
    });
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
