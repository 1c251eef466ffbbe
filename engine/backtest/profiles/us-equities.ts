import type { MarketProfile } from './types';

const DAY = 86_400_000;

// New York's offset for one UTC day, cached: Intl is slow and the session test runs per bar.
const offsetCache = new Map<number, number>();
// Built on first use: a DateTimeFormat with a time zone costs ~20 ms to make, paid by every
// process that loads the profiles (the CLI, any crypto run) though only US sessions need it.
let nyParts: Intl.DateTimeFormat | null = null;

function newYorkOffsetMs(ts: number): number {
  const day = Math.floor(ts / DAY);
  let off = offsetCache.get(day);
  if (off === undefined) {
    // Offset at 12:00 UTC of that day (DST switches at 02:00 local, well before the session).
    const probe = day * DAY + 12 * 3_600_000;
    nyParts ??= new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    const p = Object.fromEntries(nyParts.formatToParts(new Date(probe)).map((x) => [x.type, x.value]));
    const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    off = local - probe;
    offsetCache.set(day, off);
  }
  return off;
}

/** Regular session 09:30–16:00 New York time, Monday to Friday (exchange holidays are absent from the data). */
export function inUsSession(ts: number): boolean {
  const local = ts + newYorkOffsetMs(ts);
  const dow = (Math.floor(local / DAY) + 4) % 7; // 1970-01-01 was a Thursday (4)
  if (dow === 0 || dow === 6) return false;
  const minute = Math.floor((local % DAY) / 60_000);
  return minute >= 9 * 60 + 30 && minute < 16 * 60;
}

/** US equities: whole shares, shorts allowed, 252-day years, fills only in the regular session; no default costs. */
export const usEquitiesProfile: MarketProfile = {
  id: 'us-equities',
  annualDays: 252,
  lotSize: 1,
  tickSize: 0.01,
  allowShort: true,
  commission: {},
  tPlusOne: false,
  exchangeDayOffsetMs: -5 * 3_600_000,
  oddLotSellOnlyToClose: false,
  inSession: inUsSession,
};
