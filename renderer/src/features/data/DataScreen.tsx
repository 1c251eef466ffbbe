import { useTranslation } from 'react-i18next';
import { DownloadPanel } from './DownloadPanel';
import { ImportPanel } from './ImportPanel';
import { InstrumentTable } from './InstrumentTable';
import { QualityPanel } from './QualityPanel';

/** Market data: bring bars in (exchange download, CSV), see what is stored and how good it is, remove what is not wanted. */
export function DataScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen screen--scroll" data-testid="screen-data">
      <header className="screen__head">
        <h1 className="screen__title">{t('nav.data')}</h1>
      </header>
      <ImportPanel />
      <DownloadPanel />
      <InstrumentTable />
      <QualityPanel />
    </div>
  );
}
