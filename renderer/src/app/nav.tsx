import { formatCount } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { SCREENS, useAppStore, type Screen } from './app-store';

const ICONS: Record<Screen, string> = {
  import: '⇣',
  messages: '☰',
  upload: '⇡',
  failed: '!',
  history: '◷',
  settings: '⚙',
};

export function Nav() {
  const t = useT();
  const locale = useLocale();
  const screen = useAppStore((state) => state.screen);
  const navigate = useAppStore((state) => state.navigate);
  const failedCount = useAppStore((state) => state.failedCount);
  const eligibleCount = useAppStore((state) => state.eligibleCount);

  function badge(item: Screen) {
    if (item === 'failed' && failedCount) {
      return (
        <span
          className="nav-badge nav-badge-bad"
          aria-label={t('nav.badge.failed', { count: formatCount(failedCount, locale) })}
          data-testid="nav-badge-failed"
        >
          {formatCount(failedCount, locale)}
        </span>
      );
    }
    if (item === 'upload' && eligibleCount) {
      return (
        <span
          className="nav-badge"
          aria-label={t('nav.badge.eligible', { count: formatCount(eligibleCount, locale) })}
          data-testid="nav-badge-eligible"
        >
          {formatCount(eligibleCount, locale)}
        </span>
      );
    }
    return null;
  }

  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <ul>
        {SCREENS.map((item) => (
          <li key={item}>
            <button
              type="button"
              className={`nav-item${item === screen ? ' is-current' : ''}`}
              aria-current={item === screen ? 'page' : undefined}
              onClick={() => navigate(item)}
              data-testid={`nav-${item}`}
            >
              <span className="nav-icon" aria-hidden="true">
                {ICONS[item]}
              </span>
              <span className="nav-text">{t(`nav.${item}`)}</span>
              {badge(item)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
