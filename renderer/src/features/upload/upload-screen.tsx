import { useEffect } from 'react';

import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState } from '../../components/empty-state';
import { NoticeBar } from '../../components/notice-bar';
import { ProgressBar } from '../../components/progress-bar';
import { TargetNotice } from '../../components/target-notice';
import { useAppStore } from '../../app/app-store';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatTime,
  formatTimeWithZone,
  zoneOffsetLabel,
} from '../../i18n/format';
import { useLocale, useMainText, useT } from '../../i18n/i18n';
import { useSettingsStore } from '../settings/settings-store';
import { secondsUntil, useNow } from './countdown';
import { isActive, runProgress, useUploadStore } from './upload-store';
import type { BatchRow } from '../../../../shared/ipc/upload';

export function UploadScreen() {
  const t = useT();
  const locale = useLocale();
  const mainText = useMainText();
  const upload = useUploadStore();
  const settings = useSettingsStore((state) => state.view?.settings ?? null);
  const navigate = useAppStore((state) => state.navigate);
  const { state, eligible } = upload;
  const active = isActive(state);
  const now = useNow(250, state?.nextCallAt != null);

  useEffect(() => {
    void useUploadStore.getState().load();
    if (!useSettingsStore.getState().view) void useSettingsStore.getState().load();
  }, []);

  const cutoff = eligible?.cutoff ?? settings?.cutoff ?? null;
  const cutoffUnset = cutoff === null && settings !== null && !settings.cutoffConfirmedNone;
  const afterCutoff = eligible?.afterCutoff ?? 0;
  // Only a run that is sending has a next call and an end in sight; a paused one has neither.
  const moving = state?.phase === 'running' || state?.phase === 'waiting';
  const wait = moving ? secondsUntil(state?.nextCallAt ?? null, now) : null;
  const nothing = !active && eligible !== null && eligible.eligible === 0 && afterCutoff === 0;

  return (
    <section className="screen screen-upload" aria-labelledby="upload-title">
      <header className="screen-head">
        <h1 id="upload-title">{t('upload.title')}</h1>
      </header>

      <TargetNotice testId="upload-target" />

      {upload.error ? (
        <NoticeBar
          tone="error"
          text={t('upload.error', { error: upload.error })}
          onDismiss={upload.dismissError}
          testId="upload-error"
        />
      ) : null}

      <div className="cards">
        <div className="card" data-testid="upload-eligible">
          <p className="card-label">{t('upload.eligible')}</p>
          <p className="card-number" data-testid="upload-eligible-count">
            {eligible ? formatCount(eligible.eligible, locale) : '…'}
          </p>
          <p className="card-hint">{t('upload.eligibleHint')}</p>
          {eligible && eligible.media > 0 ? (
            <p className="card-hint">
              {t('upload.media', { count: formatCount(eligible.media, locale) })}
            </p>
          ) : null}
          <button
            type="button"
            className="btn btn-small btn-quiet"
            onClick={() => void upload.refreshEligible()}
          >
            {t('upload.refreshEligible')}
          </button>
        </div>

        <div className="card card-cutoff" data-testid="upload-cutoff">
          <p className="card-label">{t('upload.cutoff')}</p>
          {cutoff !== null ? (
            <>
              <p className="card-value">{formatTimeWithZone(cutoff)}</p>
              <p className="card-hint" data-testid="upload-after-cutoff">
                {t('upload.afterCutoff', { count: formatCount(afterCutoff, locale) })}
              </p>
              <p className="warn-text">{t('upload.cutoffWarning')}</p>
              {afterCutoff > 0 ? (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={upload.includeAfterCutoff}
                    disabled={active}
                    onChange={(event) => upload.setIncludeAfterCutoff(event.target.checked)}
                    data-testid="upload-include-after-cutoff"
                  />
                  <span>
                    {t('upload.includeAfter', { count: formatCount(afterCutoff, locale) })}
                  </span>
                </label>
              ) : null}
            </>
          ) : cutoffUnset ? (
            <>
              <p className="card-value warn-text">{t('upload.cutoffUnset')}</p>
              <p className="card-hint">{t('upload.cutoffUnsetBody')}</p>
              <p className="warn-text">{t('upload.cutoffWarning')}</p>
              <button type="button" className="btn btn-small" onClick={() => navigate('settings')}>
                {t('upload.goSettings')}
              </button>
            </>
          ) : (
            <p className="card-value">{t('upload.cutoffNone')}</p>
          )}
        </div>
      </div>

      {nothing ? (
        <EmptyState
          title={t('upload.nothing')}
          body={t('upload.nothingBody')}
          testId="upload-nothing"
          action={
            <button type="button" className="btn" onClick={() => navigate('import')}>
              {t('nav.import')}
            </button>
          }
        />
      ) : null}

      <div className="controls" role="group" aria-label={t('upload.title')}>
        {!active ? (
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={upload.busy || nothing || eligible === null || cutoffUnset}
            onClick={() => void upload.start()}
            data-testid="upload-start"
          >
            {t('upload.start')}
          </button>
        ) : null}
        {!active && cutoffUnset ? (
          <span className="warn-text" data-testid="upload-start-needs-cutoff">
            {t('upload.startNeedsCutoff')}
          </span>
        ) : null}
        {state?.phase === 'running' || state?.phase === 'waiting' ? (
          <button
            type="button"
            className="btn btn-large"
            disabled={upload.busy}
            onClick={() => void upload.pause()}
            data-testid="upload-pause"
          >
            {t('upload.pause')}
          </button>
        ) : null}
        {state?.phase === 'paused' ? (
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={upload.busy}
            onClick={() => void upload.resume()}
            data-testid="upload-resume"
          >
            {t('upload.resume')}
          </button>
        ) : null}
        {active ? (
          <button
            type="button"
            className="btn btn-danger btn-large"
            disabled={upload.busy || state?.phase === 'stopping'}
            onClick={() => void upload.cancel()}
            data-testid="upload-cancel"
          >
            {t('upload.cancel')}
          </button>
        ) : null}
        <span className={`phase phase-${state?.phase ?? 'idle'}`} data-testid="upload-phase">
          {t(`upload.phase.${state?.phase ?? 'idle'}`)}
        </span>
      </div>

      {state && (active || state.calls > 0) ? (
        <div className="run" data-testid="upload-run">
          <ProgressBar
            value={runProgress(state)}
            label={t('strip.label')}
            testId="upload-progress"
          />
          <p className="run-progress" data-testid="upload-progress-text">
            {t('upload.progress', {
              uploaded: formatCount(state.uploaded, locale),
              failed: formatCount(state.failed, locale),
              remaining: formatCount(state.remaining, locale),
            })}
          </p>
          {state.note && state.note !== state.error ? (
            <p className="hint" data-testid="upload-note">
              {mainText(state.note)}
            </p>
          ) : null}
          {state.error ? (
            <p className="text-error" role="alert">
              {mainText(state.error)}
            </p>
          ) : null}
          <dl className="stats">
            <div>
              <dt>{t('upload.perMinute')}</dt>
              <dd data-testid="upload-rate">{formatCount(state.messagesPerMinute, locale)}</dd>
            </div>
            <div>
              <dt>{t('upload.calls')}</dt>
              <dd data-testid="upload-calls-window">
                {t('upload.callsValue', {
                  used: state.callsInWindow,
                  limit: state.rate.calls,
                  window: formatDuration(state.rate.windowSeconds, locale),
                })}
              </dd>
            </div>
            <div>
              <dt>{t('upload.nextCall')}</dt>
              <dd data-testid="upload-countdown" aria-live="off">
                {wait === null
                  ? '—'
                  : wait === 0
                    ? t('upload.nextCallNow')
                    : t('upload.nextCallIn', { time: formatDuration(wait, locale) })}
              </dd>
            </div>
            <div>
              <dt>{t('upload.eta')}</dt>
              <dd data-testid="upload-eta">
                {!moving
                  ? '—'
                  : state.etaSeconds === null
                    ? t('upload.unknown')
                    : formatDuration(state.etaSeconds, locale)}
              </dd>
            </div>
            <div>
              <dt>{t('upload.totalCalls')}</dt>
              <dd>{formatCount(state.calls, locale)}</dd>
            </div>
          </dl>
        </div>
      ) : null}

      <BatchLog batches={upload.batches} />

      {upload.confirming ? (
        <ConfirmDialog
          title={t('upload.confirmAfterTitle')}
          confirmLabel={t('upload.confirmAfterGo')}
          checkLabel={t('upload.confirmAfterCheck')}
          danger
          onConfirm={() => void upload.confirmStart()}
          onCancel={upload.cancelConfirm}
          testId="upload-confirm-cutoff"
        >
          <p>
            {t('upload.confirmAfterBody', {
              count: formatCount(afterCutoff, locale),
              cutoff: cutoff !== null ? formatTimeWithZone(cutoff) : '',
            })}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** How many failed msgids a log line shows before "and N more". */
const FAIL_IDS_SHOWN = 3;

function BatchLog({ batches }: { batches: BatchRow[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="panel" aria-labelledby="batch-log-title">
      <h2 id="batch-log-title" className="panel-title">
        {t('upload.log')}
      </h2>
      {batches.length === 0 ? (
        <p className="muted">{t('upload.logEmpty')}</p>
      ) : (
        <div className="plain-table-wrap">
          <table className="plain-table" data-testid="upload-batches">
            <thead>
              <tr>
                <th>
                  {t('upload.batch.time')} <span className="muted">{zoneOffsetLabel()}</span>
                </th>
                <th className="num">{t('upload.batch.size')}</th>
                <th className="num">{t('upload.batch.bytes')}</th>
                <th>{t('upload.batch.state')}</th>
                <th className="num">{t('upload.batch.code')}</th>
                <th>{t('upload.batch.msg')}</th>
                <th>{t('upload.batch.failIds')}</th>
                <th className="num">{t('upload.batch.attempt')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((batch) => (
                <tr key={batch.id} data-testid="upload-batch" data-state={batch.state}>
                  <td>{batch.sentAt !== null ? formatTime(batch.sentAt) : '—'}</td>
                  <td className="num">{formatCount(batch.size, locale)}</td>
                  <td className="num">{formatBytes(batch.bytes, locale)}</td>
                  <td>
                    <span className={`batch-state batch-${batch.state}`}>
                      {t(`upload.batchState.${batch.state}`)}
                    </span>
                  </td>
                  <td className="num">{batch.code ?? '—'}</td>
                  <td className="cell-wrap">{batch.msg ?? ''}</td>
                  <td className="cell-wrap mono">
                    {batch.failIds.slice(0, FAIL_IDS_SHOWN).join(', ')}
                    {batch.failIds.length > FAIL_IDS_SHOWN ? (
                      <span className="muted">
                        {' '}
                        {t('upload.failIdsMore', {
                          count: formatCount(batch.failIds.length - FAIL_IDS_SHOWN, locale),
                        })}
                      </span>
                    ) : null}
                  </td>
                  <td className="num">{batch.attempt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
