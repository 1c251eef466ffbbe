import { instrumentId, isInstrumentId, VENUE_CSV, type InstrumentId } from '../../shared/ids';
import type { Timeframe } from '../../shared/timeframe';
import { EngineError } from '../core/errors';
import type { Stores } from '../store/open-stores';
import { parseOhlcvCsv, type CsvProblem } from './csv/parse-ohlcv';
import { readFileWithProgress } from './read-file';

export type ImportPhase = 'read' | 'parse' | 'write';

export interface ImportCsvOptions {
  symbol: string;
  timeframe: Timeframe;
  /** Defaults to `csv`: data from a file names no exchange. */
  venue?: string;
  skipBadRows?: boolean;
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
}

export interface ImportCsvResult {
  instrumentId: InstrumentId;
  timeframe: Timeframe;
  bars: number;
  inserted: number;
  replaced: number;
  problems: CsvProblem[];
  reversed: boolean;
  firstTs: number;
  lastTs: number;
}

/**
 * Imports an OHLCV CSV file into market.db: read, parse (all rows checked before anything is
 * written), then one write transaction, so a bad file or a killed process leaves the store as it was.
 */
export async function importCsvFile(stores: Stores, file: string, opts: ImportCsvOptions): Promise<ImportCsvResult> {
  const id = toInstrumentId(opts.symbol, opts.venue ?? VENUE_CSV);
  const progress = opts.onProgress;
  const bytes = await readFileWithProgress(file, progress && ((d, t) => progress('read', d, t)));
  const parsed = parseOhlcvCsv(bytes, { skipBadRows: opts.skipBadRows, onProgress: progress && ((d, t) => progress('parse', d, t)) });
  const { inserted, replaced } = stores.candles.write(id, opts.timeframe, parsed.bars, {
    onProgress: progress && ((d, t) => progress('write', d, t)),
  });
  const ts = parsed.bars.ts;
  return {
    instrumentId: id,
    timeframe: opts.timeframe,
    bars: ts.length,
    inserted,
    replaced,
    problems: parsed.problems,
    reversed: parsed.reversed,
    firstTs: ts[0],
    lastTs: ts[ts.length - 1],
  };
}

function toInstrumentId(symbol: string, venue: string): InstrumentId {
  const candidate = `${symbol}@${venue.toLowerCase()}`;
  if (!isInstrumentId(candidate)) {
    throw new EngineError('INVALID_INPUT', `"${symbol}" on "${venue}" does not make an instrument id: a symbol has no spaces or @, a venue is lower-case letters, digits, _ . -`);
  }
  return instrumentId(symbol, venue);
}
