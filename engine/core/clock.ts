/** Time source of the pure layers: live code passes a wall clock, backtests and tests a manual one. */
export interface Clock {
  /** UTC epoch milliseconds. */
  now(): number;
}

/** A clock that only moves when told to: backtests advance it bar by bar, tests set it. */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
