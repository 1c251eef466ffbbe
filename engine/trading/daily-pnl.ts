/**
 * Daily PnL snapshots (`pnl_daily`): which UTC days still need one, and a day's rows rebuilt from
 * the fills up to its close — so a day missed while the app was down gets the positions it really
 * had at midnight, not today's. Pure: the caller brings the fills, the marks and the time.
 */
import type { InstrumentId } from '../../shared/ids';
import { Decimal } from './decimal';
import { Portfolio, type DailyPnlRow, type PortfolioFill } from './portfolio';

export const DAY_MS = 86_400_000;

/** At most this many missed days are filled in at once (a year; older ones stay empty). */
export const MAX_CATCH_UP_DAYS = 366;

export function dayStart(ts: number): number {
  return Math.floor(ts / DAY_MS) * DAY_MS;
}

/**
 * The closed UTC days that need a snapshot, oldest first: from the day after the last one recorded
 * (or the day of the account's first fill) up to yesterday. Today is never closed.
 */
export function daysToSnapshot(lastRecordedDay: number | null, firstFillTs: number | null, now: number): number[] {
  const today = dayStart(now);
  const first = lastRecordedDay !== null ? lastRecordedDay + DAY_MS : firstFillTs !== null ? dayStart(firstFillTs) : null;
  if (first === null) return [];
  const from = Math.max(first, today - MAX_CATCH_UP_DAYS * DAY_MS);
  const out: number[] = [];
  for (let d = from; d < today; d += DAY_MS) out.push(d);
  return out;
}

/**
 * The rows of the UTC day starting at `day`: every position built from the fills before the day's
 * end. A position without a mark has a null unrealised PnL (never a guessed one).
 */
export function snapshotOfDay(fills: readonly PortfolioFill[], day: number, marks: (id: InstrumentId) => Decimal | undefined): DailyPnlRow[] {
  const end = day + DAY_MS;
  const p = new Portfolio();
  for (const f of fills) if (f.tsEvent < end) p.applyFill(f);
  return p.dailySnapshot(day, marks);
}

/** Net PnL of a row: realised + unrealised − fees; null when unrealised is unknown (no mark). */
export function netPnl(r: Pick<DailyPnlRow, 'realizedPnl' | 'unrealizedPnl' | 'fees'>): Decimal | null {
  return r.unrealizedPnl === null ? null : r.realizedPnl.add(r.unrealizedPnl).sub(r.fees);
}

/**
 * Each row with the change of its net PnL since the previous row of the same strategy and
 * instrument (rows in day order). The first row of a position counts from zero: it opened that day
 * or in the days before the first snapshot. Null when either side has no mark.
 */
export function withDayChange<R extends Pick<DailyPnlRow, 'day' | 'strategyId' | 'instrumentId' | 'realizedPnl' | 'unrealizedPnl' | 'fees'>>(rows: readonly R[]): Array<R & { dayPnl: Decimal | null }> {
  const last = new Map<string, Decimal | null>();
  return [...rows]
    .sort((a, b) => a.day - b.day)
    .map((r) => {
      const key = `${r.strategyId}\u0000${r.instrumentId}`;
      const net = netPnl(r);
      const prev = last.has(key) ? last.get(key)! : Decimal.ZERO;
      last.set(key, net);
      return { ...r, dayPnl: net === null || prev === null ? null : net.sub(prev) };
    });
}
