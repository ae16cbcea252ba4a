/** One message in full: what will be sent, where it came from, and what is wrong with it. */
import { useStore } from 'zustand';

import { StatusBadge } from '../../components/status-badge';
import { formatCount, formatTimeWithZone } from '../../i18n/format';
import { msgtypeName, useLocale, useMainText, useT } from '../../i18n/i18n';
import type { TableStore } from './table-store';

export function DetailPane({ store, testId }: { store: TableStore; testId: string }) {
  const t = useT();
  const locale = useLocale();
  const mainText = useMainText();
  const detail = useStore(store, (state) => state.detail);
  if (!detail) return null;
  const data = detail.data;
  const row = data?.row;

  return (
    <aside className="detail" aria-label={t('detail.title')} data-testid={testId}>
      <header className="detail-head">
        <h2 className="detail-title">{t('detail.title')}</h2>
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={() => store.getState().closeDetail()}
          aria-label={t('detail.close')}
          data-testid={`${testId}-close`}
        >
          ✕
        </button>
      </header>

      {detail.error ? (
        <p className="detail-error" role="alert">
          {detail.error}
        </p>
      ) : null}
      {!data || !row ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <div className="detail-body">
          <p className="detail-msgid" data-testid={`${testId}-msgid`}>
            {row.msgid}
          </p>
          <dl className="facts">
            <dt>{t('detail.time')}</dt>
            <dd>{formatTimeWithZone(row.msgtime)}</dd>
            <dt>{t('messages.col.type')}</dt>
            <dd>
              {msgtypeName(row.msgtype, locale)} <span className="muted">{row.msgtype}</span>
            </dd>
            <dt>{t('messages.col.status')}</dt>
            <dd data-testid={`${testId}-status`}>
              <StatusBadge status={row.status} />
              {row.excludedBy ? (
                <span className="muted"> {t(`detail.excludedBy.${row.excludedBy}`)}</span>
              ) : null}
            </dd>
            <dt>{t('messages.col.sender')}</dt>
            <dd>{row.sender}</dd>
            <dt>{t('messages.col.room')}</dt>
            <dd>{row.room || <span className="muted">{t('messages.oneToOne')}</span>}</dd>
            <dt>{t('detail.attempts')}</dt>
            <dd>{formatCount(row.attempts, locale)}</dd>
            {row.lastError ? (
              <>
                <dt>{t('detail.lastError')}</dt>
                <dd className="text-error" data-testid={`${testId}-last-error`}>
                  {mainText(row.lastError)}
                </dd>
              </>
            ) : null}
            {data.file ? (
              <>
                <dt>{t('detail.source')}</dt>
                <dd data-testid={`${testId}-source`}>
                  {data.line !== null
                    ? t('detail.sourceValue', { file: data.file, line: data.line })
                    : data.file}
                </dd>
              </>
            ) : null}
          </dl>
          {row.media ? <p className="hint">{t('detail.media')}</p> : null}

          <h3 className="detail-section">{t('detail.problems')}</h3>
          {data.problems.length === 0 ? (
            <p className="muted">{t('detail.noProblems')}</p>
          ) : (
            <ul className="problem-list" data-testid={`${testId}-problems`}>
              {data.problems.map((problem, index) => (
                <li key={index} className={`problem problem-${problem.severity}`}>
                  <span className="problem-severity">
                    {t(`import.severity.${problem.severity}`)}
                  </span>
                  {problem.path ? <code className="problem-path">{problem.path}</code> : null}
                  <span>{mainText(problem.message)}</span>
                </li>
              ))}
            </ul>
          )}

          <h3 className="detail-section">{t('detail.payload')}</h3>
          <pre className="code" data-testid={`${testId}-payload`} tabIndex={0}>
            {data.payload}
          </pre>

          <h3 className="detail-section">{t('detail.original')}</h3>
          {data.original !== null ? (
            <pre className="code" data-testid={`${testId}-original`} tabIndex={0}>
              {data.original}
            </pre>
          ) : (
            <p className="muted">{mainText(data.originalNote ?? '')}</p>
          )}
        </div>
      )}
    </aside>
  );
}
