/** The bar that always says where uploads go and which store is open, with the language switch. */
import { useT, useLocale } from '../i18n/i18n';
import { LOCALES, type Locale } from '../i18n/locale';
import { useAppStore } from './app-store';

const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

export function Header() {
  const t = useT();
  const locale = useLocale();
  const info = useAppStore((state) => state.info);
  const infoError = useAppStore((state) => state.infoError);
  const setLocale = useAppStore((state) => state.setLocale);
  const target = info?.target;

  return (
    <header className="app-header" data-testid="app-header">
      <span className="app-name">{t('app.title')}</span>

      <div className="header-target" data-testid="header-target" data-target={target?.kind ?? ''}>
        <span className="header-label">{t('header.target')}</span>
        {target?.kind === 'sandbox' ? (
          <span className="sandbox-badge sandbox-badge-large" title={t('header.sandboxHint')}>
            {t('header.sandbox')}
          </span>
        ) : target ? (
          <span className="production-target" title={target.baseUrl}>
            <span className="production-badge">{t('header.production')}</span>
            <span className="mono">{target.baseUrl}</span>
            <span className="muted"> · clientId </span>
            <span className="mono" data-testid="header-client-id">
              {target.clientId}
            </span>
          </span>
        ) : (
          <span className="muted">{infoError ?? '…'}</span>
        )}
      </div>

      <div className="header-store" title={info?.dbPath} data-testid="header-store">
        <span className="header-label">{t('header.store')}</span>
        {/* Right-to-left only to put the ellipsis at the start; the path itself stays LTR. */}
        <span className="mono store-path">
          <span dir="ltr">{info?.dbPath ?? '…'}</span>
        </span>
      </div>

      <div className="lang-switch" role="group" aria-label={t('header.language')}>
        {LOCALES.map((item) => (
          <button
            key={item}
            type="button"
            className={`lang-button${item === locale ? ' is-on' : ''}`}
            aria-pressed={item === locale}
            lang={item}
            onClick={() => void setLocale(item)}
            data-testid={`lang-${item}`}
          >
            {LOCALE_NAMES[item]}
          </button>
        ))}
      </div>
    </header>
  );
}
