import type { Screen } from '../stores/navigation';
import { SCREENS } from '../stores/navigation';

/** Ctrl/⌘ + 1…9 opens the n-th screen in the navigation. */
export function screenForShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): Screen | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  const n = Number(e.key);
  if (!Number.isInteger(n) || n < 1) return null;
  return SCREENS[n - 1] ?? null;
}
