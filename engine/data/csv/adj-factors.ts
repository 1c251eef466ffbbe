import { EngineError } from '../../core/errors';
import { detectDelimiter, splitLine } from './header';
import { parseCompactDate, parseIsoTimestamp } from './timestamps';

import type { FactorPoint } from '../adjust';

export type { FactorPoint };

const enc = new TextEncoder();

function parseDate(text: string): number {
  const b = enc.encode(text);
  const compact = parseCompactDate(b, 0, b.length);
  return compact === compact ? compact : parseIsoTimestamp(b, 0, b.length);
}

/**
 * A Tushare `adj_factor` file (`ts_code,trade_date,adj_factor`, any order, newest first or not)
 * → factor points in time order. Small files: read as text. A bad line fails the file with its number.
 */
export function parseAdjFactorCsv(bytes: Uint8Array): FactorPoint[] {
  const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  const d = detectDelimiter(lines[headerAt] ?? '');
  const names = splitLine(lines[headerAt] ?? '', d).map((n) => n.toLowerCase());
  const dateAt = names.indexOf('trade_date');
  const factorAt = names.indexOf('adj_factor');
  if (dateAt < 0 || factorAt < 0) throw new EngineError('BAD_DATA', 'an adjustment factor file needs trade_date and adj_factor columns');
  const out: FactorPoint[] = [];
  const problems: { line: number; message: string }[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const f = splitLine(lines[i], d);
    const ts = parseDate(f[dateAt] ?? '');
    const factor = Number(f[factorAt]);
    if (!(ts === ts) || !(factor > 0)) problems.push({ line: i + 1, message: `bad date or factor: "${lines[i].slice(0, 80)}"` });
    else out.push({ ts, factor });
  }
  if (problems.length) throw new EngineError('BAD_DATA', `${problems.length} bad lines in the factor file; first: line ${problems[0].line}: ${problems[0].message}`, { problems: problems.slice(0, 100) });
  if (!out.length) throw new EngineError('BAD_DATA', 'the factor file has no rows');
  return out.sort((a, b) => a.ts - b.ts);
}

/** Keeps the points where the factor changes (relative step above `tolerance`): Yahoo's ratio jitters with rounding. */
export function changePoints(points: FactorPoint[], tolerance = 1e-6): FactorPoint[] {
  const out: FactorPoint[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.abs(p.factor - last.factor) > tolerance * last.factor) out.push(p);
  }
  return out;
}
