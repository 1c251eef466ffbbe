/** The rejected orders of a run, grouped by the engine's reason, most frequent first. */
export function rejections(orders: readonly Record<string, unknown>[]): { count: number; reasons: { reason: string; count: number }[] } {
  const by = new Map<string, number>();
  let count = 0;
  for (const o of orders) {
    if (o.status !== 'rejected') continue;
    count++;
    const reason = typeof o.reason === 'string' && o.reason ? o.reason : '?';
    by.set(reason, (by.get(reason) ?? 0) + 1);
  }
  const reasons = [...by.entries()].map(([reason, n]) => ({ reason, count: n })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { count, reasons };
}
