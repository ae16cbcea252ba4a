/** What an import brought in (or what the whole store holds): counts, range, chart, problems. */
import { useMemo } from 'react';

import type { ImportSummary } from '../../../../shared/ipc/imports';
import { MESSAGE_STATUSES } from '../../../../shared/messages/status';
import { StatusBadge } from '../../components/status-badge';
import { useAppStore } from '../../app/app-store';
import { formatBytes, formatCount, formatTimeWithZone } from '../../i18n/format';
import { msgtypeName, useLocale, useMainText, useT, type MessageKey } from '../../i18n/i18n';
import { problemTitle } from '../../i18n/main-text';
import { messagesTable } from '../messages/messages-store';
import { bucketDays } from './day-buckets';
import { PerDayChart } from './per-day-chart';

/** Problem groups show a few located examples; the rest are one filter away in Messages. */
const SAMPLES_SHOWN = 5;

export function ImportSummaryView({
  summary,
  scope,
}: {
  summary: ImportSummary;
  scope: 'last' | 'all';
}) {
  const t = useT();
  const locale = useLocale();
  const mainText = useMainText();
  const navigate = useAppStore((state) => state.navigate);
  const buckets = useMemo(() => bucketDays(summary.perDay), [summary.perDay]);
  const count = (value: number) => formatCount(value, locale);

  const figures: {
    key: MessageKey;
    value: number;
    tone?: string;
    hint?: MessageKey;
    id: string;
  }[] = [
    { key: 'import.total', value: summary.total, id: 'total' },
    { key: 'import.valid', value: summary.valid, tone: 'ok', id: 'valid' },
    { key: 'import.invalid', value: summary.invalid, tone: 'bad', id: 'invalid' },
    { key: 'import.duplicates', value: summary.duplicates, id: 'duplicates' },
    {
      key: 'import.conflicts',
      value: summary.conflicts,
      tone: 'bad',
      hint: 'import.conflictsHint',
      id: 'conflicts',
    },
    { key: 'import.unsupported', value: summary.unsupported, tone: 'warn', id: 'unsupported' },
    { key: 'import.excluded', value: summary.excluded, tone: 'warn', id: 'excluded' },
    { key: 'import.warnings', value: summary.warnings, tone: 'warn', id: 'warnings' },
  ];

  const types = Object.entries(summary.byType).sort((a, b) => b[1] - a[1]);
  const maxType = Math.max(1, ...types.map(([, value]) => value));

  function showMessages(withProblems: boolean) {
    messagesTable.getState().start();
    messagesTable.getState().clearFilters();
    if (withProblems) messagesTable.getState().setFilter({ withProblems: true });
    navigate('messages');
  }

  return (
    <section
      className="summary"
      aria-labelledby="import-summary-title"
      data-testid="import-summary"
    >
      <div className="panel-head">
        <h2 id="import-summary-title" className="panel-title">
          {t(scope === 'last' ? 'import.summaryLast' : 'import.summaryAll')}
        </h2>
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={() => showMessages(false)}>
          {t('import.viewMessages')}
        </button>
        {summary.problemGroups.length > 0 ? (
          <button type="button" className="btn btn-small" onClick={() => showMessages(true)}>
            {t('import.viewProblems')}
          </button>
        ) : null}
      </div>

      {scope === 'last' && summary.files.length > 0 ? (
        <ul className="summary-files" aria-label={t('import.files')}>
          {summary.files.map((file) => (
            <li key={file.importId} title={file.file}>
              <span className="file-name">{file.file.split(/[\\/]/).pop()}</span>{' '}
              <span className="muted">
                {formatBytes(file.bytes, locale)} · {file.format} · {file.encoding}
              </span>
              {file.error ? <span className="text-error"> {file.error}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}

      <dl className="figures">
        {figures.map((figure) => (
          <div
            key={figure.id}
            className={`figure${figure.tone && figure.value > 0 ? ` figure-${figure.tone}` : ''}`}
            data-testid={`import-figure-${figure.id}`}
          >
            <dt>{t(figure.key)}</dt>
            <dd>{count(figure.value)}</dd>
            {figure.hint ? <span className="figure-hint">{t(figure.hint)}</span> : null}
          </div>
        ))}
      </dl>

      {summary.firstMsgtime !== null && summary.lastMsgtime !== null ? (
        <p className="range" data-testid="import-range">
          <span className="muted range-label">{t('import.range')}</span>
          {t('import.rangeValue', {
            from: formatTimeWithZone(summary.firstMsgtime),
            to: formatTimeWithZone(summary.lastMsgtime),
          })}
        </p>
      ) : null}

      <div className="summary-grid">
        <PerDayChart data={buckets} />

        <section
          className="type-bars"
          aria-labelledby="import-by-type"
          data-testid="import-by-type"
        >
          <h3 id="import-by-type" className="subhead">
            {t('import.byType')}
          </h3>
          <ul>
            {types.map(([type, value]) => (
              <li key={type} className="bar-row">
                <span className="bar-label">{msgtypeName(type, locale)}</span>
                <span className="bar-track">
                  <span className="bar-fill" style={{ width: `${(value / maxType) * 100}%` }} />
                </span>
                <span className="bar-value">{count(value)}</span>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="import-by-status" data-testid="import-by-status">
          <h3 id="import-by-status" className="subhead">
            {t('import.byStatus')}
          </h3>
          <ul className="status-list">
            {MESSAGE_STATUSES.filter((status) => (summary.byStatus[status] ?? 0) > 0).map(
              (status) => (
                <li key={status}>
                  <StatusBadge status={status} />
                  <span className="bar-value">{count(summary.byStatus[status] ?? 0)}</span>
                </li>
              ),
            )}
          </ul>
        </section>
      </div>

      <section aria-labelledby="import-problems" data-testid="import-problems">
        <h3 id="import-problems" className="subhead">
          {t('import.problems')}
        </h3>
        {summary.problemGroups.length === 0 ? (
          <p className="muted">{t('import.problemsNone')}</p>
        ) : (
          <ul className="problem-groups">
            {summary.problemGroups.map((group) => (
              <li
                key={`${group.severity}-${group.code}`}
                data-testid="import-problem-group"
                data-code={group.code}
              >
                <details>
                  <summary>
                    <span className={`severity severity-${group.severity}`}>
                      {t(`import.severity.${group.severity}`)}
                    </span>
                    {/* A kind's name, not its first example: one kind holds many sentences. */}
                    <span className="problem-example">
                      {problemTitle(group.code, locale) ?? mainText(group.example)}
                    </span>
                    <span className="muted" title={group.code}>
                      {t('import.problemCount', { count: count(group.count) })}
                    </span>
                  </summary>
                  <ul className="samples">
                    {group.samples.slice(0, SAMPLES_SHOWN).map((sample, index) => (
                      <li key={index}>
                        <span className="sample-where">
                          {t('import.sampleLine', {
                            file: sample.file.split(/[\\/]/).pop() ?? sample.file,
                            line: sample.line,
                          })}
                        </span>
                        {sample.msgid ? <code>{sample.msgid}</code> : null}
                        {sample.path ? <code>{sample.path}</code> : null}
                        <span>{mainText(sample.message)}</span>
                      </li>
                    ))}
                  </ul>
                  {group.count > Math.min(SAMPLES_SHOWN, group.samples.length) ? (
                    <p className="muted samples-more">
                      {t('import.moreSamples', {
                        count: count(group.count - Math.min(SAMPLES_SHOWN, group.samples.length)),
                      })}
                    </p>
                  ) : null}
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
