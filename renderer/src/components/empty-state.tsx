import type { ReactNode } from 'react';

/** What a screen shows when it has nothing yet: what this is, and what to do first. */
export function EmptyState({
  title,
  body,
  action,
  testId,
}: {
  title: string;
  body?: string;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-title">{title}</p>
      {body ? <p className="empty-body">{body}</p> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}
