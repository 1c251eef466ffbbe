import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useLayout, type PaneId } from './layout-store';

/**
 * A draggable divider that resizes one pane (remembered in the layout store). `direction` says
 * which way a positive drag grows the pane: 1 for a pane left of / above the handle, −1 for one
 * right of / below it. Arrow keys move it by 16 px for keyboard users.
 */
export function SplitHandle({ pane, axis = 'x', direction = 1, label }: { pane: PaneId; axis?: 'x' | 'y'; direction?: 1 | -1; label: string }) {
  const size = useLayout((s) => s.sizes[pane]);
  const setSize = useLayout((s) => s.setSize);
  const start = useRef<{ pos: number; size: number } | null>(null);
  const pos = (e: PointerEvent) => (axis === 'x' ? e.clientX : e.clientY);
  const onKey = (e: KeyboardEvent) => {
    const grow = axis === 'x' ? { ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 };
    const d = grow[e.key as keyof typeof grow];
    if (d) {
      e.preventDefault();
      setSize(pane, size + d * direction * 16);
    }
  };
  return (
    <div
      className={`split split--${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={size}
      tabIndex={0}
      onKeyDown={onKey}
      onPointerDown={(e) => {
        (e.target as HTMLElement).setPointerCapture(e.pointerId);
        start.current = { pos: pos(e), size };
      }}
      onPointerMove={(e) => {
        if (start.current) setSize(pane, start.current.size + (pos(e) - start.current.pos) * direction);
      }}
      onPointerUp={() => {
        start.current = null;
      }}
    />
  );
}
