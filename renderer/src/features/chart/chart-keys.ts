export type ChartKeyAction = { kind: 'scroll'; bars: number } | { kind: 'zoom'; factor: number } | { kind: 'start' } | { kind: 'end' };

/**
 * The chart by keyboard (it has focus): ←/→ scroll 10 bars (Shift: 100), +/− or ↑/↓ zoom,
 * Home goes to the oldest loaded bar (which loads older ones), End back to the latest.
 */
export function chartKeyAction(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): ChartKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const step = e.shiftKey ? 100 : 10;
  switch (e.key) {
    case 'ArrowLeft':
      return { kind: 'scroll', bars: -step };
    case 'ArrowRight':
      return { kind: 'scroll', bars: step };
    case 'ArrowUp':
    case '+':
    case '=':
      return { kind: 'zoom', factor: 1.25 };
    case 'ArrowDown':
    case '-':
    case '_':
      return { kind: 'zoom', factor: 0.8 };
    case 'Home':
      return { kind: 'start' };
    case 'End':
      return { kind: 'end' };
    default:
      return null;
  }
}
