import type { ReactNode } from 'react';

/** The Trading screen's dense table; an empty table says why in one row. */
export function Table({ head, rows, testId, empty }: { head: string[]; rows: ReactNode[][]; testId: string; empty: string }) {
  return (
    <div className="table-wrap">
      <table className="table table--dense" data-testid={testId}>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={head.length} className="trading__empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
