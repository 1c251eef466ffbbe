import type { ReactNode } from 'react';

/** Says what is missing and what to do next, with the action at hand. */
export function EmptyState({ title, hint, action }: { title: string; hint: string; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <div className="empty-state__title">{title}</div>
      <div className="empty-state__hint">{hint}</div>
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}
