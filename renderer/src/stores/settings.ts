import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type Theme = 'dark' | 'light';
export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

interface SettingsState {
  theme: Theme;
  language: Language;
  setTheme(theme: Theme): void;
  setLanguage(language: Language): void;
}

/** The first language for a new user: Chinese when the browser prefers it, English otherwise. */
export function initialLanguage(preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): Language {
  return preferred.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** Look and language, kept in localStorage so the next start opens the same way. */
export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      theme: 'dark',
      language: initialLanguage(),
      setTheme: (theme) => set({ theme }),
      setLanguage: (language) => set({ language }),
    }),
    {
      name: 'quantdesk.settings',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ theme: s.theme, language: s.language }),
    },
  ),
);
