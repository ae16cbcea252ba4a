import { useEffect, useState, type DragEvent } from 'react';

import { EmptyState } from '../../components/empty-state';
import { NoticeBar } from '../../components/notice-bar';
import { ProgressBar } from '../../components/progress-bar';
import { useAppStore } from '../../app/app-store';
import { formatBytes, formatCount, formatDuration } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { useImportStore, type FileProgress } from './import-store';
import { ImportSummaryView } from './import-summary';

export function ImportScreen() {
  const t = useT();
  const store = useImportStore();
  const storeTotal = useAppStore((state) => state.storeTotal);

  useEffect(() => {
    void useImportStore.getState().load();
  }, []);

  const { job, outcome, summary } = store;
  const files = job?.files ?? store.finishedFiles;
  const storeEmpty = storeTotal === 0 || (store.scope === 'all' && summary?.total === 0);

  return (
    <section
      className="screen screen-import"
      aria-labelledby="import-title"
      data-finished={store.finishedCount}
    >
      <header className="screen-head">
        <h1 id="import-title">{t('import.title')}</h1>
      </header>
      <p className="screen-intro">{t('import.intro')}</p>

      <DropZone disabled={job !== null} />

      {store.error ? (
        <NoticeBar
          tone="error"
          text={store.error}
          onDismiss={store.dismissError}
          testId="import-error"
        />
      ) : null}

      {job ? (
        <section className="panel" aria-labelledby="import-running-title" data-testid="import-job">
          <div className="panel-head">
            <h2 id="import-running-title" className="panel-title">
              {t('import.running')}
            </h2>
            <button
              type="button"
              className="btn btn-danger btn-small"
              disabled={job.cancelling || job.jobId === null}
              onClick={() => void store.cancel()}
              data-testid="import-cancel"
            >
              {job.cancelling ? t('import.cancelling') : t('import.cancel')}
            </button>
          </div>
          <FileList files={files} />
        </section>
      ) : null}

      {!job && outcome ? (
        <>
          {outcome.state === 'cancelled' ? (
            <NoticeBar tone="warn" text={t('import.cancelled')} testId="import-outcome" />
          ) : outcome.state === 'failed' ? (
            <NoticeBar
              tone="error"
              text={t('import.failed', { error: outcome.error ?? '' })}
              testId="import-outcome"
            />
          ) : null}
          {files.length > 0 && outcome.state !== 'done' ? <FileList files={files} /> : null}
        </>
      ) : null}

      {/* The result of an import shows even when it added nothing (all duplicates, say). */}
      {!job && summary && (summary.total > 0 || store.scope === 'last') ? (
        <ImportSummaryView summary={summary} scope={store.scope} />
      ) : null}

      {!job && !summary && store.loadingSummary ? (
        <p className="muted" role="status" data-testid="import-summary-loading">
          {t('import.loadingSummary')}
        </p>
      ) : null}

      {!job && !outcome && storeEmpty ? (
        <EmptyState
          title={t('import.empty.title')}
          body={t('import.empty.body')}
          testId="import-empty"
        />
      ) : null}
    </section>
  );
}

function DropZone({ disabled }: { disabled: boolean }) {
  const t = useT();
  const [over, setOver] = useState(false);
  const importDropped = useImportStore((state) => state.importDropped);
  const pick = useImportStore((state) => state.pick);

  function onDragOver(event: DragEvent) {
    if (disabled || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    void importDropped([...event.dataTransfer.files]);
  }

  return (
    <div
      className={`drop-zone${over ? ' is-over' : ''}${disabled ? ' is-disabled' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="import-drop-zone"
    >
      <p className="drop-text">{over ? t('import.dropActive') : t('import.drop')}</p>
      <button
        type="button"
        className="btn btn-primary"
        disabled={disabled}
        onClick={() => void pick()}
        data-testid="import-choose"
      >
        {t('import.choose')}
      </button>
    </div>
  );
}

function FileList({ files }: { files: FileProgress[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="file-list" data-testid="import-files">
      {files.map((entry, index) => {
        const progress = entry.progress;
        const ratio =
          entry.state === 'done'
            ? 1
            : progress && progress.bytesTotal > 0
              ? progress.bytesRead / progress.bytesTotal
              : entry.state === 'waiting'
                ? 0
                : null;
        return (
          <li
            key={`${index}-${entry.file}`}
            className={`file-item file-${entry.state}`}
            data-testid="import-file"
            data-state={entry.state}
          >
            <div className="file-head">
              <span className="file-name" title={entry.file}>
                {entry.file.split(/[\\/]/).pop()}
              </span>
              <span className="file-state">{t(`import.fileState.${entry.state}`)}</span>
              <span className="muted">
                {t('import.fileOf', { index: index + 1, count: files.length })}
              </span>
            </div>
            <ProgressBar value={ratio} label={entry.file} testId="import-file-progress" />
            {progress ? (
              <p className="file-numbers">
                <span>
                  {formatBytes(progress.bytesRead, locale)} /{' '}
                  {formatBytes(progress.bytesTotal, locale)}
                </span>
                <span>
                  {t('import.records', {
                    records: formatCount(progress.records, locale),
                    stored: formatCount(progress.stored, locale),
                    problems: formatCount(progress.problems, locale),
                  })}
                </span>
                {entry.state === 'running' ? (
                  <>
                    <span>
                      {t('import.rate', { rate: formatCount(progress.recordsPerSecond, locale) })}
                    </span>
                    {progress.etaSeconds !== null ? (
                      <span data-testid="import-eta">
                        {t('import.eta', { eta: formatDuration(progress.etaSeconds, locale) })}
                      </span>
                    ) : null}
                  </>
                ) : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
