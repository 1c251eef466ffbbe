import { useTranslation } from 'react-i18next';

/** Generated sample data must never pass for real prices. */
export function SyntheticBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge--synthetic" title={t('common.syntheticHint')}>
      {t('common.synthetic')}
    </span>
  );
}
