import { useTranslation } from 'react-i18next';
import { ImportPanel } from './ImportPanel';
import { InstrumentTable } from './InstrumentTable';

/** Market data: bring bars in (CSV), see what is stored, remove what is not wanted. */
export function DataScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen screen--scroll" data-testid="screen-data">
      <header className="screen__head">
        <h1 className="screen__title">{t('nav.data')}</h1>
      </header>
      <ImportPanel />
      <InstrumentTable />
    </div>
  );
}
