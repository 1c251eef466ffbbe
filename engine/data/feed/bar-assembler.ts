import type { FeedBar } from './types';

/**
 * Turns the overlapping candle lists that watch/poll/backfill calls return into one ordered
 * stream: updates of the forming bar pass through, a bar is re-sent `closed` once a later one
 * appears, and anything older than the forming bar is dropped (already sent).
 */
export class BarAssembler {
  private forming: FeedBar | null = null;

  constructor(private readonly emit: (b: FeedBar) => void) {}

  /** The open time of the forming bar (where a backfill starts), or undefined before the first bar. */
  get since(): number | undefined {
    return this.forming?.ts;
  }

  push(rows: readonly (readonly number[])[]): void {
    const sorted = [...rows].filter((r) => typeof r[0] === 'number').sort((a, b) => a[0] - b[0]);
    for (const r of sorted) {
      const bar: FeedBar = { ts: r[0], open: r[1], high: r[2], low: r[3], close: r[4], volume: r[5], closed: false };
      const f = this.forming;
      if (f && bar.ts < f.ts) continue;
      if (f && bar.ts > f.ts) this.emit({ ...f, closed: true });
      if (f && bar.ts === f.ts && f.open === bar.open && f.high === bar.high && f.low === bar.low && f.close === bar.close && f.volume === bar.volume) continue;
      this.forming = bar;
      this.emit(bar);
    }
  }
}
