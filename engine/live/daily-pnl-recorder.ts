/**
 * Writes an account's daily PnL snapshots (`pnl_daily`): on start for every closed UTC day since the
 * last one written (days the app was down included), and while running at each day boundary (a
 * check every minute by default). Rows of a missed day are rebuilt from the fills before its end.
 * The day that just ended is marked with the last prices seen when the boundary passes while running;
 * a day filled in on start has no price from its close here (the last one may be days old), so its
 * unrealised PnL stays null — never a guess.
 */
import type { InstrumentId } from '../../shared/ids';
import type { Clock } from '../core/clock';
import type { TradingJournal } from '../store/trading-journal';
import { DAY_MS, dayStart, daysToSnapshot, snapshotOfDay } from '../trading/daily-pnl';
import type { Decimal } from '../trading/decimal';
import type { AccountId } from '../trading/identifiers';
import type { TradingLog } from '../trading/order-manager';

export interface DailyPnlRecorderOptions {
  accountId: AccountId;
  journal: TradingJournal;
  clock: Clock;
  log: TradingLog;
  /** The last price seen now (used only for the day that just ended). */
  mark: (id: InstrumentId) => Decimal | undefined;
  /** How often the day boundary is checked (ms; 0 = only when `catchUp` is called). */
  everyMs?: number;
}

export class DailyPnlRecorder {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly o: DailyPnlRecorderOptions) {}

  start(): void {
    this.catchUp(false);
    const every = this.o.everyMs ?? 60_000;
    if (every > 0 && !this.timer) {
      this.timer = setInterval(() => this.catchUp(true), every);
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Writes the closed days not written yet; returns them (day starts). `running`: called by the
   * timer, so the prices seen now are the close of a day that ended within the last two checks.
   */
  catchUp(running: boolean): number[] {
    const { accountId, journal, clock } = this.o;
    try {
      const fills = journal.loadFills(accountId);
      const now = clock.now();
      const days = daysToSnapshot(journal.lastDailyPnlDay(accountId), fills[0] ? Math.min(...fills.map((f) => f.tsEvent)) : null, now);
      const yesterday = dayStart(now) - DAY_MS;
      const justClosed = running && now - dayStart(now) <= 2 * (this.o.everyMs ?? 60_000);
      for (const day of days) {
        const rows = snapshotOfDay(fills, day, justClosed && day === yesterday ? this.o.mark : () => undefined).filter((r) => r.accountId === accountId);
        journal.saveDailyPnl(rows);
      }
      if (days.length) this.o.log.info('daily PnL snapshots written', { accountId, days: days.length, last: new Date(days.at(-1)!).toISOString().slice(0, 10) });
      return days;
    } catch (e) {
      // a snapshot is a report; failing to write one must not stop trading (it is retried next minute)
      this.o.log.error('daily PnL snapshot failed', { accountId, error: e instanceof Error ? e.message : String(e) });
      return [];
    }
  }
}
