import type { Clock } from '../core/clock';

/** The real clock, for live code; the pure layers never call Date.now() themselves. */
export const wallClock: Clock = { now: () => Date.now() };
