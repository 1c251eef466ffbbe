import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { useSettings, type Language } from '../stores/settings';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

/** Every string in both languages; the choice lives in the settings store (persisted). */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: useSettings.getState().language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLanguage(useSettings.getState().language);
  useSettings.subscribe((s, prev) => {
    if (s.language !== prev.language) applyLanguage(s.language);
  });
  return i18next;
}

function applyLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
