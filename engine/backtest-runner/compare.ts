import type { RunRecord, RunRegistry } from './run-registry';

export interface RunComparison {
  runs: [RunRecord, RunRecord];
  params: { name: string; a: unknown; b: unknown; same: boolean }[];
  metrics: { name: string; a: number | null; b: number | null; diff: number | null }[];
  /** Both equity curves, each decimated to at most `points` points. */
  equity: { a: { ts: number[]; equity: number[] }; b: { ts: number[]; equity: number[] } };
  sameData: boolean;
  sameStrategy: boolean;
}

/** Two recorded runs side by side: what differed going in (params, data, code) and what came out. */
export function compareRuns(registry: RunRegistry, idA: string, idB: string, points = 500): RunComparison {
  const a = registry.get(idA);
  const b = registry.get(idB);
  const names = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  const params = names.map((name) => ({ name, a: a.params[name] ?? null, b: b.params[name] ?? null, same: JSON.stringify(a.params[name]) === JSON.stringify(b.params[name]) }));
  const ma = (a.metrics ?? {}) as unknown as Record<string, number | null>;
  const mb = (b.metrics ?? {}) as unknown as Record<string, number | null>;
  const metricNames = [...new Set([...Object.keys(ma), ...Object.keys(mb)])];
  const metrics = metricNames.map((name) => {
    const x = typeof ma[name] === 'number' ? ma[name] : null;
    const y = typeof mb[name] === 'number' ? mb[name] : null;
    return { name, a: x, b: y, diff: x !== null && y !== null ? y - x : null };
  });
  const curve = (id: string) => {
    const r = registry.result(id);
    if (!r) return { ts: [], equity: [] };
    return decimateCurve(r.curve.ts, r.curve.equity, points);
  };
  return {
    runs: [a, b],
    params,
    metrics,
    equity: { a: curve(idA), b: curve(idB) },
    sameData: a.fingerprint.hash === b.fingerprint.hash && (a.fingerprint.hashVersion ?? 1) === (b.fingerprint.hashVersion ?? 1),
    sameStrategy: a.strategy.hash === b.strategy.hash,
  };
}

export function decimateCurve(ts: number[], values: number[], points: number): { ts: number[]; equity: number[] } {
  const n = ts.length;
  if (n <= points || points < 2) return { ts: [...ts], equity: [...values] };
  const step = Math.ceil(n / points);
  const outTs: number[] = [];
  const outV: number[] = [];
  for (let i = 0; i < n; i += step) {
    outTs.push(ts[i]);
    outV.push(values[i]);
  }
  if ((n - 1) % step !== 0) {
    outTs.push(ts[n - 1]);
    outV.push(values[n - 1]);
  }
  return { ts: outTs, equity: outV };
}
