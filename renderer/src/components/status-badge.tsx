import type { MessageStatus } from '../../../shared/messages/status';
import { statusName, useLocale } from '../i18n/i18n';

/** The status word, coloured the same way on every screen. */
export function StatusBadge({ status }: { status: MessageStatus }) {
  const locale = useLocale();
  return (
    <span className={`status status-${status}`} data-status={status}>
      {statusName(status, locale)}
    </span>
  );
}
