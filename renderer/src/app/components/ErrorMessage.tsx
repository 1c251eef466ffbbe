import { useTranslation } from 'react-i18next';
import type { UiError } from '../errors';

/** An error where it happened: what went wrong in words, the contract code for reference, line problems when known. */
export function ErrorMessage({ error, onRetry }: { error: UiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error-message" role="alert">
      <div className="error-message__head">
        <strong>{t(`errors.${error.code}`, { defaultValue: t('errors.INTERNAL') })}</strong>
        <span className="error-message__code">{error.code}</span>
        {onRetry && (
          <button type="button" className="btn btn--small" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
      </div>
      <div className="error-message__text">{error.message}</div>
      {error.problems && (
        <ul className="error-message__problems">
          {error.problems.slice(0, 8).map((p) => (
            <li key={`${p.line}:${p.message}`}>
              <span className="mono">{t('data.import.line', { line: p.line })}</span> {p.message}
            </li>
          ))}
          {error.problems.length > 8 && <li>{t('data.import.moreProblems', { count: error.problems.length - 8 })}</li>}
        </ul>
      )}
    </div>
  );
}
