/** A determinate bar when the total is known, an indeterminate one otherwise. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const known = total > 0;
  const pct = known ? Math.max(0, Math.min(100, (done / total) * 100)) : 0;
  return (
    <div className="progress">
      <div
        className={`progress__track${known ? '' : ' progress__track--indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? Math.round(pct) : undefined}
      >
        <div className="progress__fill" style={{ width: known ? `${pct}%` : undefined }} />
      </div>
      <div className="progress__label">
        <span>{label}</span>
        {known && <span className="mono">{Math.round(pct)}%</span>}
      </div>
    </div>
  );
}
