import { useTranslation } from 'react-i18next';
import { SCREENS, useNavigation, type Screen } from '../stores/navigation';
import { LANGUAGES, useSettings } from '../stores/settings';
import { ShellKillSwitch } from './kill-switch/ShellKillSwitch';

const ICONS: Record<Screen, string> = {
  chart: 'M3 3v18h18M7 15l4-4 3 3 5-6',
  data: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  strategies: 'M8 6l-6 6 6 6M16 6l6 6-6 6M13.5 4l-3 16',
  results: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  runs: 'M4 5h16M4 12h16M4 19h16M8 3v4M8 10v4M8 17v4',
  trading: 'M7 17L17 7M17 7h-7M17 7v7M3 21h18',
  settings: 'M12 15a3 3 0 100-6 3 3 0 000 6zM19 12l2-1-1-3-2 .2-1.5-1.5.2-2-3-1-1 2h-2l-1-2-3 1 .2 2L5.4 7.2 3.4 7l-1 3 2 1v2l-2 1 1 3 2-.2 1.5 1.5-.2 2 3 1 1-2h2l1 2 3-1-.2-2 1.5-1.5 2 .2 1-3-2-1z',
};

export function Sidebar() {
  const { t } = useTranslation();
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const { theme, language, setTheme, setLanguage } = useSettings();
  const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true" />
        <span>Quantdesk</span>
      </div>
      <ul className="sidebar__items">
        {SCREENS.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              className={`nav-item${screen === s ? ' nav-item--active' : ''}`}
              aria-current={screen === s ? 'page' : undefined}
              onClick={() => go(s)}
              title={`${t(`nav.${s}`)} (${mod}${i + 1})`}
              data-testid={`nav-${s}`}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" className="nav-item__icon">
                <path d={ICONS[s]} />
              </svg>
              <span>{t(`nav.${s}`)}</span>
              <kbd className="nav-item__kbd">
                {mod}
                {i + 1}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
      <ShellKillSwitch />
      <div className="sidebar__footer">
        <label className="field field--compact">
          <span className="field__label">{t('settings.language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as typeof language)} data-testid="language-select">
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`settings.languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn--ghost btn--block" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} data-testid="theme-toggle">
          {theme === 'dark' ? t('settings.useLight') : t('settings.useDark')}
        </button>
      </div>
    </nav>
  );
}
