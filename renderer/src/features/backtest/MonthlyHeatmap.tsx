import { useTranslation } from 'react-i18next';
import { formatMetric, monthlyGrid } from './metric-defs';

/** Months across, years down; green for gains, red for losses, stronger for bigger moves. */
export function MonthlyHeatmap({ monthly }: { monthly: readonly { month: string; return: number }[] }) {
  const { i18n } = useTranslation();
  const rows = monthlyGrid(monthly);
  const scale = Math.max(0.01, ...monthly.map((m) => Math.abs(m.return)));
  const names = Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2024, m, 1)).toLocaleString(i18n.language, { month: 'short', timeZone: 'UTC' }));
  const bg = (r: number | null) => (r === null ? undefined : `rgba(${r >= 0 ? '38, 166, 154' : '239, 83, 80'}, ${0.12 + 0.6 * Math.min(1, Math.abs(r) / scale)})`);
  return (
    <table className="wb-heatmap" data-testid="monthly-heatmap">
      <thead>
        <tr>
          <th />
          {names.map((n) => (
            <th key={n}>{n}</th>
          ))}
          <th>Σ</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.year}>
            <th>{r.year}</th>
            {r.months.map((v, m) => (
              <td key={m} style={{ background: bg(v) }} className="mono">
                {v === null ? '' : formatMetric(v, 'pct')}
              </td>
            ))}
            <td className="mono" style={{ background: bg(r.total) }}>
              {formatMetric(r.total, 'pct')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
