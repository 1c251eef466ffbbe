import { TIMEFRAME_MS, type Timeframe } from '../../../shared/timeframe';
import { EngineError } from '../../core/errors';
import { allocBarColumns } from '../../model/bars';
import { changePoints, parseAdjFactorCsv, type FactorPoint } from './adj-factors';
import { detectCsvFormat, type CsvFormat, type DetectedCsvFormat } from './formats';
import { parseOhlcvCsv, type ParseCsvOptions, type ParsedCsv } from './parse-ohlcv';

export interface ParsedMarketCsv extends ParsedCsv {
  format: CsvFormat;
  /** Split/dividend factors found in the file (Yahoo's Adj Close ÷ Close, a Tushare adj_factor file), change points only. */
  factors: FactorPoint[];
}

const DAY = TIMEFRAME_MS['1d'];

/**
 * Any supported CSV layout (see detectCsvFormat) → raw bars plus adjustment factors. Prices are
 * kept raw: adjustment is applied when reading (`data.bars` with `adjust`), never written into history.
 */
export type MarketCsvOptions = Omit<ParseCsvOptions, 'header' | 'volumeScale'> & { timeframe?: Timeframe };

export function parseMarketCsv(bytes: Uint8Array, opts: MarketCsvOptions = {}): ParsedMarketCsv {
  const fmt = detectCsvFormat(bytes);
  if (fmt.format === 'adj-factor') {
    const factors = parseAdjFactorCsv(bytes);
    return { bars: allocBarColumns(0), problems: [], problemCount: 0, reversed: false, rows: factors.length, skipped: 0, timestampFormat: 'yyyymmdd', format: fmt.format, factors };
  }
  const parsed = parseOhlcvCsv(bytes, ohlcvOptions(fmt, opts));
  let factors: FactorPoint[] = [];
  if (fmt.adjustedCloseHeader) {
    // Same rows, same order: the adjusted close read as `close` by a second pass.
    const adj = parseOhlcvCsv(bytes, { skipBadRows: opts.skipBadRows ?? false, header: { text: fmt.adjustedCloseHeader, inFile: true } });
    if (adj.bars.ts.length === parsed.bars.ts.length) {
      const points = Array.from(parsed.bars.ts, (ts, i) => ({ ts, factor: adj.bars.close[i] / parsed.bars.close[i] })).filter((p) => p.factor > 0 && Number.isFinite(p.factor));
      factors = changePoints(points);
      // A file without any split or dividend has factor 1 throughout: nothing to keep.
      if (factors.length === 1 && Math.abs(factors[0].factor - 1) < 1e-9) factors = [];
    }
  }
  if (fmt.snapDaily && opts.timeframe && TIMEFRAME_MS[opts.timeframe as keyof typeof TIMEFRAME_MS] >= DAY) snapToUtcDays(parsed);
  return { ...parsed, format: fmt.format, factors };
}

/** The options parseOhlcvCsv reads a file of this format with. */
export function ohlcvOptions(fmt: DetectedCsvFormat, opts: MarketCsvOptions): ParseCsvOptions {
  return { ...opts, volumeScale: fmt.volumeScale, ...(fmt.header ? { header: fmt.header } : {}) };
}

/**
 * Daily bars stamped inside their day (a session open such as 14:30 UTC, or a midnight west of
 * UTC) → 00:00 UTC of that date. Exchanges east of UTC that stamp local midnight land on the
 * previous UTC day: export those in UTC.
 */
function snapToUtcDays(p: ParsedCsv): void {
  const ts = p.bars.ts;
  for (let i = 0; i < ts.length; i++) {
    ts[i] = Math.floor(ts[i] / DAY) * DAY;
    if (i > 0 && !(ts[i] > ts[i - 1])) throw new EngineError('BAD_DATA', `two daily bars fall on the same date ${new Date(ts[i]).toISOString().slice(0, 10)}: is the timeframe right?`);
  }
}
