import { useTranslation } from 'react-i18next';
import { useEngine } from '../stores/engine';

/** Where the engine runs and whether it is reachable, always in view. */
export function StatusBar() {
  const { t } = useTranslation();
  const { connection, info } = useEngine();
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`statusbar__dot statusbar__dot--${connection}`} aria-hidden="true" />
      <span>{t(`status.${connection}`)}</span>
      {info && (
        <>
          <span className="statusbar__sep" />
          <span>{t(`status.shell.${info.shell}`)}</span>
          <span className="statusbar__sep" />
          <span className="mono" title={info.dataDir}>
            {t('status.dataDir')}: {info.dataDir}
          </span>
          <span className="statusbar__grow" />
          <span className="mono">v{info.version}</span>
        </>
      )}
    </footer>
  );
}
