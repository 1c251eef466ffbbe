import type { SeriesInfo } from '../../../../shared/contract/data';
import type { InstrumentId } from '../../../../shared/ids';
import type { SeriesKey } from '../../stores/navigation';

/** The series to chart: the one asked for if it still exists, else another timeframe of its instrument, else the first stored. */
export function pickSeries(all: SeriesInfo[], wanted: SeriesKey | null): SeriesInfo | null {
  if (all.length === 0) return null;
  if (wanted) {
    const exact = all.find((s) => s.instrumentId === wanted.instrumentId && s.timeframe === wanted.timeframe);
    if (exact) return exact;
    const sameInstrument = all.find((s) => s.instrumentId === wanted.instrumentId);
    if (sameInstrument) return sameInstrument;
  }
  return all[0];
}

/** Distinct instruments in list order, with whether any of their series is synthetic. */
export function instrumentsOf(all: SeriesInfo[]): { instrumentId: InstrumentId; synthetic: boolean }[] {
  const seen = new Map<InstrumentId, boolean>();
  for (const s of all) seen.set(s.instrumentId, (seen.get(s.instrumentId) ?? false) || s.synthetic);
  return [...seen].map(([instrumentId, synthetic]) => ({ instrumentId, synthetic }));
}

export function timeframesOf(all: SeriesInfo[], instrumentId: InstrumentId): SeriesInfo[] {
  return all.filter((s) => s.instrumentId === instrumentId);
}
