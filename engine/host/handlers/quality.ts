import { EngineError } from '../../core/errors';
import { qualityReport } from '../../data/quality/quality-report';
import { resampleBars } from '../../data/resample';
import { marketDataRepos } from '../../store/market-data-repos';
import type { Handlers } from '../handler-types';

const range = (q: { from?: number | undefined; to?: number | undefined }) => ({
  ...(q.from !== undefined ? { from: q.from } : {}),
  ...(q.to !== undefined ? { to: q.to } : {}),
});

export const qualityHandlers: Pick<Handlers, 'data.quality' | 'data.resample' | 'data.markGaps' | 'data.unmarkGap'> = {
  'data.quality': (input, { services }) => {
    const bars = services.stores.candles.read(input.instrumentId, input.timeframe, range(input));
    const marks = marketDataRepos(services.stores).gapMarks.list(input.instrumentId, input.timeframe);
    const r = qualityReport(bars, input.timeframe, { outlierZ: input.outlierZ, marked: marks });
    return { instrumentId: input.instrumentId, timeframe: input.timeframe, ...r, markedGaps: marks.map((m) => ({ id: m.id, from: m.from, to: m.to, note: m.note })) };
  },

  'data.resample': (input, { services }) => {
    const src = services.stores.candles.read(input.instrumentId, input.timeframe, range(input));
    const { bars, incompleteLast } = resampleBars(src, input.timeframe, input.target, { now: services.clock.now() });
    return {
      instrumentId: input.instrumentId,
      timeframe: input.target,
      source: input.timeframe,
      incompleteLast,
      ts: Array.from(bars.ts),
      open: Array.from(bars.open),
      high: Array.from(bars.high),
      low: Array.from(bars.low),
      close: Array.from(bars.close),
      volume: Array.from(bars.volume),
    };
  },

  'data.markGaps': (input, { services }) => {
    for (const r of input.ranges) if (!(r.from < r.to)) throw new EngineError('INVALID_INPUT', `a gap runs from before its end: ${r.from} → ${r.to}`);
    return { marked: marketDataRepos(services.stores).gapMarks.add(input.instrumentId, input.timeframe, input.ranges, input.note ?? null) };
  },

  'data.unmarkGap': (input, { services }) => ({ removed: marketDataRepos(services.stores).gapMarks.remove(input.instrumentId, input.timeframe, input.id) }),
};
