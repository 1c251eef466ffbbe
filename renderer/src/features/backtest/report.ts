import type { RunWithResult } from './result-store';
import { formatMetric, METRIC_CARDS } from './metric-defs';

type Trade = RunWithResult['result']['trades'][number];

const iso = (ts: number | null) => (ts === null ? '' : new Date(ts).toISOString());

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The trades as CSV (times ISO 8601 UTC; numbers as the engine computed them, float64). */
export function tradesCsv(trades: readonly Trade[]): string {
  const cols: (keyof Trade)[] = ['id', 'symbol', 'direction', 'size', 'entryTs', 'entryPrice', 'exitTs', 'exitPrice', 'grossPnl', 'fees', 'netPnl', 'returnPct', 'mae', 'mfe', 'barsHeld', 'open'];
  const rows = trades.map((t) => cols.map((c) => csvCell(c === 'entryTs' || c === 'exitTs' ? iso(t[c] as number | null) : t[c])).join(','));
  return `${cols.join(',')}\n${rows.join('\n')}\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An SVG polyline of the equity curve (and the benchmark, dashed), scaled into w × h. */
function equitySvg(r: RunWithResult['result'], w = 800, h = 240): string {
  const { equity, benchmark } = r.curve;
  const all = [...equity, ...benchmark].filter(Number.isFinite);
  if (equity.length < 2 || all.length === 0) return '';
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const y = (v: number) => (hi === lo ? h / 2 : h - ((v - lo) / (hi - lo)) * h);
  const line = (vs: number[]) => vs.map((v, i) => `${((i / (vs.length - 1)) * w).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="equity"><polyline fill="none" stroke="#888" stroke-dasharray="4 3" points="${line(benchmark)}"/><polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="${line(equity)}"/></svg>`;
}

/** A self-contained HTML report (no scripts, no external files): metrics, equity curve, monthly returns, trades. */
export function htmlReport(r: RunWithResult, labels: { title: string; metric: (key: string) => string }): string {
  const res = r.result;
  const metrics = METRIC_CARDS.map((m) => `<tr><th>${escapeHtml(labels.metric(m.label))}</th><td>${formatMetric(res.metrics[m.key] as number | null, m.format)}</td></tr>`).join('');
  const monthly = res.monthlyReturns.map((m) => `<tr><td>${m.month}</td><td>${formatMetric(m.return, 'pct')}</td></tr>`).join('');
  const trades = res.trades
    .map((t) => `<tr><td>${t.id}</td><td>${t.direction}</td><td>${iso(t.entryTs)}</td><td>${t.entryPrice}</td><td>${iso(t.exitTs)}</td><td>${t.exitPrice ?? ''}</td><td>${t.size}</td><td>${t.netPnl.toFixed(2)}</td></tr>`)
    .join('');
  const title = `${escapeHtml(labels.title)} — ${escapeHtml(res.strategy.name)}`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#24292f}table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #d8dee4;padding:3px 8px;text-align:right}th{text-align:left}</style></head><body><h1>${title}</h1><p>${escapeHtml(res.symbols.join(', '))} ${res.timeframe} · ${iso(res.from)} → ${iso(res.to)} · run ${escapeHtml(r.run.id)}</p><p>${escapeHtml(JSON.stringify(res.strategy.params))}</p><table>${metrics}</table>${equitySvg(res)}<h2>Monthly</h2><table>${monthly}</table><h2>Trades</h2><table><tr><th>#</th><th>side</th><th>entry</th><th>price</th><th>exit</th><th>price</th><th>size</th><th>P&amp;L</th></tr>${trades}</table></body></html>`;
}
