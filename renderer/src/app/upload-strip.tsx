/** A slim bar under the header on every screen while an upload runs: progress, phase, ETA. */
import { ProgressBar } from '../components/progress-bar';
import { isActive, runProgress, useUploadStore } from '../features/upload/upload-store';
import { formatCount, formatDuration } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { useAppStore } from './app-store';

export function UploadStrip() {
  const t = useT();
  const locale = useLocale();
  const state = useUploadStore((store) => store.state);
  const navigate = useAppStore((store) => store.navigate);
  const target = useAppStore((store) => store.info?.target.kind);
  if (!state || !isActive(state) || state.phase === 'idle') return null;

  const done = state.uploaded + state.failed;
  return (
    <div className="upload-strip" data-testid="upload-strip" data-phase={state.phase}>
      <ProgressBar
        value={runProgress(state)}
        label={t('strip.label')}
        slim
        testId="strip-progress"
      />
      <div className="strip-line">
        {target === 'sandbox' ? <span className="sandbox-badge">{t('header.sandbox')}</span> : null}
        <span className="strip-phase">{t(`strip.${state.phase}`)}</span>
        <span data-testid="strip-count">
          {t('strip.progress', {
            done: formatCount(done, locale),
            total: formatCount(state.total, locale),
          })}
        </span>
        {state.etaSeconds !== null && state.phase !== 'paused' ? (
          <span data-testid="strip-eta">
            {t('strip.eta', { eta: formatDuration(state.etaSeconds, locale) })}
          </span>
        ) : null}
        <button type="button" className="btn-link" onClick={() => navigate('upload')}>
          {t('strip.open')}
        </button>
      </div>
    </div>
  );
}
