import { useSettings, type Theme } from '../stores/settings';

/** The theme is a `data-theme` attribute on <html>; the CSS variables in theme.css do the rest. */
export function initTheme(): void {
  apply(useSettings.getState().theme);
  useSettings.subscribe((s, prev) => {
    if (s.theme !== prev.theme) apply(s.theme);
  });
}

function apply(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}
