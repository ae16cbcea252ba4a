import { useT } from '../i18n/i18n';

/**
 * A sentence after an action: green when it worked, red when it did not. Errors are announced
 * assertively so that screen readers interrupt; confirmations politely.
 */
export function NoticeBar({
  tone,
  text,
  onDismiss,
  testId = 'notice',
}: {
  tone: 'ok' | 'error' | 'warn';
  text: string;
  onDismiss?: () => void;
  testId?: string;
}) {
  const t = useT();
  return (
    <div
      className={`notice notice-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      data-tone={tone}
    >
      <span className="notice-text">{text}</span>
      {onDismiss ? (
        <button type="button" className="btn btn-quiet btn-small" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
