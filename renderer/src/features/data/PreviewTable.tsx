import { useTranslation } from 'react-i18next';
import type { DataPreviewResult } from '../../../../shared/contract/data';

/** The first rows of the file as the engine read them, with the timestamp column it detected. */
export function PreviewTable({ preview }: { preview: DataPreviewResult }) {
  const { t } = useTranslation();
  const detected = 'error' in preview.detected ? null : preview.detected;
  return (
    <div className="preview">
      <div className="preview__meta">
        {detected ? (
          <span>
            {t('data.preview.detected', { column: detected.timestampColumn, format: detected.timestampFormat })}
          </span>
        ) : (
          <span className="text-danger">{t('data.preview.notDetected', { reason: 'error' in preview.detected ? preview.detected.error : '' })}</span>
        )}
      </div>
      <div className="table-wrap table-wrap--preview">
        <table className="table table--dense" data-testid="preview-table">
          <thead>
            <tr>
              {preview.header.map((h, i) => (
                <th key={i} className={detected?.timestampColumn === h ? 'is-key' : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c} className="mono">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
