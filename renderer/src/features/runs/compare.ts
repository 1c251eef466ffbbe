/** The params of several runs side by side: every name any run has, and whether all runs agree. */
export function paramsTable(runs: readonly { params: Record<string, unknown> }[]): { name: string; values: unknown[]; same: boolean }[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  return names.map((name) => {
    const values = runs.map((r) => r.params[name]);
    const first = JSON.stringify(values[0]);
    return { name, values, same: values.every((v) => JSON.stringify(v) === first) };
  });
}

/** Index of the best run for a metric (null when no run has it). */
export function bestIndex(values: readonly (number | null | undefined)[], higherIsBetter: boolean): number | null {
  let best: number | null = null;
  values.forEach((v, i) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    if (best === null || (higherIsBetter ? v > values[best]! : v < values[best]!)) best = i;
  });
  return best;
}
