import { loadavg } from 'node:os';

/**
 * One benchmark figure as a JSON line: the format `npm run bench` promises. Every line carries the
 * machine's 1-minute load average, because on a shared 2-core machine a figure means little without it.
 */
export function report(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ name, value: Number(value.toPrecision(6)), unit, load1: Number(loadavg()[0].toFixed(2)), ...extra }) + '\n');
}

/** Runs fn `rounds` times after a warm-up and returns the best time in ms (least disturbed by the rest of the machine). */
export function bestOf(rounds: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
