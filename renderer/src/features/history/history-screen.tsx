import { useEffect } from 'react';

import { NoticeBar } from '../../components/notice-bar';
import { formatBytes, formatCount, formatTime, zoneLabel } from '../../i18n/format';
import { useLocale, useMainText, useT, type MessageKey } from '../../i18n/i18n';
import { useHistoryStore } from './history-store';

const RUN_STATES = ['running', 'paused', 'done', 'cancelled', 'failed'] as const;

/** Run states are free text in the contract; the known ones are translated, others shown as is. */
function runStateKey(state: string): MessageKey | null {
  return (RUN_STATES as readonly string[]).includes(state)
    ? (`history.runState.${state}` as MessageKey)
    : null;
}

/** The file name without its folders, which are long and the same for every row. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function HistoryScreen() {
  const t = useT();
  const locale = useLocale();
  const mainText = useMainText();
  const history = useHistoryStore();

  useEffect(() => {
    void useHistoryStore.getState().load();
  }, []);

  const count = (value: number) => formatCount(value, locale);

  return (
    <section className="screen screen-history" aria-labelledby="history-title">
      <header className="screen-head">
        <h1 id="history-title">{t('history.title')}</h1>
        <span className="screen-sub">{t('common.zone', { zone: zoneLabel() })}</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={history.busy}
          onClick={() => void history.exportReport('csv')}
          data-testid="history-export-csv"
        >
          {t('history.exportCsv')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={history.busy}
          onClick={() => void history.exportReport('json')}
          data-testid="history-export-json"
        >
          {t('history.exportJson')}
        </button>
      </header>

      {history.loadError ? <NoticeBar tone="error" text={history.loadError} /> : null}
      {history.notice ? (
        <NoticeBar
          tone={history.notice.tone}
          text={history.notice.text}
          onDismiss={history.dismissNotice}
          testId="history-notice"
        />
      ) : null}

      <section className="panel" aria-labelledby="history-imports-title">
        <h2 id="history-imports-title" className="panel-title">
          {t('history.imports')}
        </h2>
        {history.imports === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : history.imports.length === 0 ? (
          <p className="muted" data-testid="history-imports-empty">
            {t('history.emptyImports')}
          </p>
        ) : (
          <div className="plain-table-wrap">
            <table className="plain-table" data-testid="history-imports">
              <thead>
                <tr>
                  <th>{t('history.col.file')}</th>
                  <th className="num">{t('history.col.size')}</th>
                  <th>{t('history.col.started')}</th>
                  <th>{t('history.col.state')}</th>
                  <th className="num">{t('history.col.records')}</th>
                  <th className="num">{t('history.col.stored')}</th>
                  <th className="num">{t('history.col.duplicates')}</th>
                  <th className="num">{t('history.col.invalid')}</th>
                </tr>
              </thead>
              <tbody>
                {history.imports.map((record) => (
                  <tr key={record.importId} data-testid="history-import">
                    <td className="cell-wrap" title={record.file}>
                      {baseName(record.file)}
                      {record.error ? (
                        <div className="text-error">{mainText(record.error)}</div>
                      ) : null}
                    </td>
                    <td className="num">{formatBytes(record.bytes, locale)}</td>
                    <td>{formatTime(record.startedAt)}</td>
                    <td>{t(`history.importState.${record.state}`)}</td>
                    <td className="num">{count(record.records)}</td>
                    <td className="num">{count(record.stored)}</td>
                    <td className="num">{count(record.duplicates)}</td>
                    <td className="num">{count(record.invalid)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="history-runs-title">
        <h2 id="history-runs-title" className="panel-title">
          {t('history.runs')}
        </h2>
        {history.runs === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : history.runs.length === 0 ? (
          <p className="muted" data-testid="history-runs-empty">
            {t('history.emptyRuns')}
          </p>
        ) : (
          <div className="plain-table-wrap">
            <table className="plain-table" data-testid="history-runs">
              <thead>
                <tr>
                  <th>{t('history.col.started')}</th>
                  <th>{t('history.col.finished')}</th>
                  <th>{t('history.col.target')}</th>
                  <th>{t('history.col.state')}</th>
                  <th className="num">{t('history.col.calls')}</th>
                  <th className="num">{t('history.col.uploaded')}</th>
                  <th className="num">{t('history.col.failed')}</th>
                  <th>{t('history.col.note')}</th>
                </tr>
              </thead>
              <tbody>
                {history.runs.map((run) => (
                  <tr key={run.id} data-testid="history-run">
                    <td>{formatTime(run.startedAt)}</td>
                    <td>{run.finishedAt !== null ? formatTime(run.finishedAt) : '—'}</td>
                    <td>
                      {run.target === 'sandbox' ? (
                        <span className="sandbox-badge">{t('header.sandbox')}</span>
                      ) : run.target === 'production' ? (
                        t('header.production')
                      ) : (
                        run.target
                      )}
                    </td>
                    <td>
                      {runStateKey(run.state) ? t(runStateKey(run.state) as MessageKey) : run.state}
                    </td>
                    <td className="num">{count(run.calls)}</td>
                    <td className="num">{count(run.uploaded)}</td>
                    <td className="num">{count(run.failed)}</td>
                    <td className="cell-wrap">{mainText(run.note ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
