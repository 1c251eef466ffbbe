// A fixed plain loop (a running sum over 1M doubles, best of 15) whose speed depends only on the
// machine: this VM's host ran it at 355M/s one hour and 180–270M/s the next with the VM idle.
// `npm run bench` prints it before and after the benchmarks, so a run can be read against it.
import { loadavg } from 'node:os';

export function hostControl(label) {
  const n = 1_000_000;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 100 + Math.sin(i / 50) * 10;
  const out = new Float64Array(n);
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    let sum = 0;
    for (let i = 29, j = 0; i < n; i++, j++) {
      const v = x[i];
      out[i] = (sum + v) / 30;
      sum += v - x[j];
    }
    best = Math.min(best, performance.now() - t0);
    sink += out[n - 1];
  }
  const value = Number((n / (best / 1000)).toPrecision(4));
  process.stdout.write(JSON.stringify({ name: `host.control.${label}`, value, unit: 'steps/s', load1: Number(loadavg()[0].toFixed(2)), note: 'machine speed, not ours' }) + '\n');
  return sink;
}
