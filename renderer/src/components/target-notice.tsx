import { useAppStore } from '../app/app-store';
import { useT } from '../i18n/i18n';

/** Says on the screen itself where an upload would go; amber when it is the sandbox. */
export function TargetNotice({ testId }: { testId: string }) {
  const t = useT();
  const target = useAppStore((state) => state.info?.target ?? null);
  if (!target) return null;
  return target.kind === 'sandbox' ? (
    <p className="target-notice target-sandbox" data-testid={testId} data-target="sandbox">
      <span className="sandbox-badge">{t('header.sandbox')}</span> {t('upload.sandboxTarget')}
    </p>
  ) : (
    <p className="target-notice target-production" data-testid={testId} data-target="production">
      {t('upload.productionTarget', { baseUrl: target.baseUrl, clientId: target.clientId })}
    </p>
  );
}
