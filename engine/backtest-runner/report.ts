import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BacktestResult } from '../backtest/results';
import type { RunRecord } from './run-registry';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const iso = (t: number) => new Date(t).toISOString().replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, 'Z');
const num = (x: number | null | undefined, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(2)}%`);

export function tradesCsv(r: BacktestResult): string {
  const cols = ['id', 'symbol', 'direction', 'size', 'entryTs', 'entryBar', 'entryPrice', 'exitTs', 'exitBar', 'exitPrice', 'grossPnl', 'fees', 'netPnl', 'returnPct', 'mae', 'mfe', 'barsHeld', 'open'] as const;
  const rows = r.trades.map((t) => {
    const o = t as unknown as Record<string, unknown>;
    return cols.map((c) => (o[c] === undefined || o[c] === null ? '' : String(o[c]))).join(',');
  });
  return [cols.join(','), ...rows].join('\n') + '\n';
}

export function equityCsv(r: BacktestResult): string {
  const lines = ['ts,equity,drawdown,benchmark'];
  for (let i = 0; i < r.curve.ts.length; i++) lines.push(`${r.curve.ts[i]},${r.curve.equity[i]},${r.curve.drawdown[i] ?? ''},${r.curve.benchmark[i] ?? ''}`);
  return lines.join('\n') + '\n';
}

export function writeExports(dir: string, r: BacktestResult): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'trades.csv'), tradesCsv(r));
  writeFileSync(join(dir, 'trades.json'), JSON.stringify(r.trades));
  writeFileSync(join(dir, 'equity.csv'), equityCsv(r));
  writeFileSync(join(dir, 'equity.json'), JSON.stringify({ ts: r.curve.ts, equity: r.curve.equity, drawdown: r.curve.drawdown, benchmark: r.curve.benchmark }));
}

/** A polyline path over the full width; y scaled to [min, max] of all series. */
function lineChart(ts: number[], series: { values: number[]; color: string; label: string }[], opts: { height: number; fill?: boolean; percent?: boolean }): string {
  const W = 960;
  const H = opts.height;
  const pad = { l: 70, r: 10, t: 10, b: 22 };
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  if (ts.length < 2 || all.length === 0) return '<p>No data.</p>';
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (opts.fill) hi = Math.max(hi, 0);
  if (hi === lo) hi = lo + 1;
  const t0 = ts[0];
  const t1 = ts[ts.length - 1];
  const x = (t: number) => pad.l + ((t - t0) / (t1 - t0 || 1)) * (W - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (H - pad.t - pad.b);
  const paths = series.map((s) => {
    let d = '';
    for (let i = 0; i < ts.length; i++) if (Number.isFinite(s.values[i])) d += `${d ? 'L' : 'M'}${x(ts[i]).toFixed(1)},${y(s.values[i]).toFixed(1)}`;
    const area = opts.fill ? `<path d="${d}L${x(t1).toFixed(1)},${y(0).toFixed(1)}L${x(t0).toFixed(1)},${y(0).toFixed(1)}Z" fill="${s.color}" fill-opacity="0.25" stroke="none"/>` : '';
    return `${area}<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.2"><title>${esc(s.label)}</title></path>`;
  });
  const fmt = (v: number) => (opts.percent ? pct(v) : num(v, 0));
  const ticks = [lo, (lo + hi) / 2, hi].map((v) => `<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text><line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
  const xt = [t0, t1].map((t, i) => `<text x="${x(t)}" y="${H - 6}" text-anchor="${i ? 'end' : 'start'}">${iso(t).slice(0, 10)}</text>`);
  const legend = series.map((s, i) => `<text x="${pad.l + 8 + i * 160}" y="${pad.t + 12}" fill="${s.color}">■ ${esc(s.label)}</text>`);
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" font-size="11" font-family="system-ui, sans-serif">${ticks.join('')}${xt.join('')}${paths.join('')}${legend.join('')}</svg>`;
}

function monthlyTable(r: BacktestResult): string {
  const byYear = new Map<string, Map<number, number>>();
  for (const m of r.monthlyReturns) {
    const [y, mo] = m.month.split('-');
    if (!byYear.has(y)) byYear.set(y, new Map());
    byYear.get(y)!.set(Number(mo), m.return);
  }
  const head = '<tr><th>Year</th>' + ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => `<th>${m}</th>`).join('') + '</tr>';
  const rows = [...byYear].map(([y, ms]) => `<tr><td>${y}</td>` + Array.from({ length: 12 }, (_, i) => {
    const v = ms.get(i + 1);
    return v === undefined ? '<td></td>' : `<td class="${v >= 0 ? 'up' : 'down'}">${pct(v)}</td>`;
  }).join('') + '</tr>');
  return `<table>${head}${rows.join('')}</table>`;
}

/** A self-contained HTML page: inline CSS and SVG, the exports as data: links; no scripts, opens offline. */
export function renderReport(run: RunRecord, r: BacktestResult): string {
  const m = r.metrics as unknown as Record<string, number | null>;
  const metricRows = Object.entries(m)
    .map(([k, v]) => {
      const isPct = /return|cagr|drawdown$|volatility|winRate|exposure|var95|cvar95|alpha/i.test(k) && !/Duration/.test(k);
      return `<tr><th>${esc(k)}</th><td>${isPct ? pct(v) : num(v, k.endsWith('Count') || k.endsWith('Bars') || k.includes('Streak') ? 0 : 4)}</td></tr>`;
    })
    .join('');
  const maxTrades = 2000;
  const trades = r.trades.slice(0, maxTrades).map((t) => {
    const o = t as unknown as Record<string, number | string | boolean | null>;
    return `<tr><td>${esc(String(o.symbol))}</td><td>${esc(String(o.direction))}</td><td>${num(o.size as number, 4)}</td><td>${iso(o.entryTs as number)}</td><td>${num(o.entryPrice as number, 4)}</td><td>${o.exitTs ? iso(o.exitTs as number) : 'open'}</td><td>${num(o.exitPrice as number, 4)}</td><td class="${(o.netPnl as number) >= 0 ? 'up' : 'down'}">${num(o.netPnl as number)}</td><td>${pct(o.returnPct as number)}</td></tr>`;
  });
  const link = (name: string, type: string, body: string) => `<a download="${name}" href="data:${type};base64,${Buffer.from(body).toString('base64')}">${name}</a>`;
  const title = `${r.strategy.name} — ${r.symbols.join(', ')} ${r.timeframe}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;font-size:12px}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:right}th{text-align:left;font-weight:600}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:130px}.card b{display:block;font-size:18px}
.up{color:#15803d}.down{color:#b91c1c}.meta{color:#666;font-size:12px}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">Run ${esc(run.id || '(not recorded)')} · strategy ${esc(run.strategy.id)} version ${esc(run.strategy.hash.slice(0, 12))} · params ${esc(JSON.stringify(r.strategy.params))} · ${iso(r.from)} → ${iso(r.to)} · ${r.bars.toLocaleString('en-US')} bars · data ${esc(run.fingerprint.hash.slice(0, 12))} · engine ${esc(run.engineVersion)}</p>
<div class="cards">
<div class="card">Final equity<b>${num(r.final.equity)}</b></div>
<div class="card">Total return<b class="${(m.totalReturn ?? 0) >= 0 ? 'up' : 'down'}">${pct(m.totalReturn)}</b></div>
<div class="card">Sharpe<b>${num(m.sharpe, 3)}</b></div>
<div class="card">Max drawdown<b class="down">${pct(m.maxDrawdown)}</b></div>
<div class="card">Trades<b>${r.trades.length}</b></div>
<div class="card">Fills<b>${r.fills.length}</b></div>
<div class="card">Commission<b>${num(r.final.totalCommission)}</b></div>
</div>
<h2>Equity</h2>
${lineChart(r.curve.ts, [{ values: r.curve.equity, color: '#2563eb', label: 'equity' }, { values: r.curve.benchmark, color: '#9ca3af', label: `buy & hold ${r.benchmark}` }], { height: 300 })}
<h2>Drawdown</h2>
${lineChart(r.curve.ts, [{ values: r.curve.drawdown, color: '#dc2626', label: 'drawdown' }], { height: 160, fill: true, percent: true })}
<h2>Monthly returns</h2>
${monthlyTable(r)}
<h2>Metrics</h2>
<table>${metricRows}</table>
<h2>Trades</h2>
<p>Export: ${link('trades.csv', 'text/csv', tradesCsv(r))} · ${link('equity.csv', 'text/csv', equityCsv(r))} · ${link('trades.json', 'application/json', JSON.stringify(r.trades))}${r.trades.length > maxTrades ? ` · first ${maxTrades} of ${r.trades.length} shown` : ''}</p>
<table><tr><th>Symbol</th><th>Direction</th><th>Size</th><th>Entry</th><th>Price</th><th>Exit</th><th>Price</th><th>Net PnL</th><th>Return</th></tr>${trades.join('')}</table>
</body></html>
`;
}

export function writeReport(file: string, run: RunRecord, r: BacktestResult): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderReport(run, r));
}
