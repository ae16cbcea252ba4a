import { useEffect } from 'react';
import { useStore } from 'zustand';

import { EmptyState } from '../../components/empty-state';
import { NoticeBar } from '../../components/notice-bar';
import { formatCount } from '../../i18n/format';
import { msgtypeName, useLocale, useMainText, useT } from '../../i18n/i18n';
import { DetailPane } from '../messages/detail-pane';
import { FilterBar } from '../messages/filter-bar';
import { MessageTable } from '../messages/message-table';
import { SelectionBar } from '../messages/selection-bar';
import { failedTable, useFailedStore } from './failed-store';

/** Reasons longer than this are cut in the group list; the full text is in the title. */
const REASON_SHOWN = 160;

export function FailedScreen() {
  const t = useT();
  const locale = useLocale();
  const mainText = useMainText();
  const failed = useFailedStore();
  const listSeparator = locale === 'zh-CN' ? '、' : ', ';
  const hasSelection = useStore(failedTable, (state) => state.selectedCount() > 0);
  const detailOpen = useStore(failedTable, (state) => state.detail !== null);

  useEffect(() => {
    failedTable.getState().start();
    void useFailedStore.getState().load();
  }, []);

  const empty = failed.total === 0;

  return (
    <section className="screen screen-failed" aria-labelledby="failed-title">
      <header className="screen-head">
        <h1 id="failed-title">{t('failed.title')}</h1>
        <span className="screen-sub" data-testid="failed-total">
          {failed.total !== null
            ? t('failed.total', { count: formatCount(failed.total, locale) })
            : ''}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={failed.busy || empty}
          onClick={() => void failed.exportAs('jsonl')}
          data-testid="failed-export-jsonl"
        >
          {t('failed.exportJsonl')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={failed.busy || empty}
          onClick={() => void failed.exportAs('csv')}
          data-testid="failed-export-csv"
        >
          {t('failed.exportCsv')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={failed.busy || empty}
          onClick={() => void failed.retry({ all: true })}
          data-testid="failed-retry-all"
        >
          {t('failed.retryAll')}
        </button>
      </header>

      {failed.loadError ? <NoticeBar tone="error" text={failed.loadError} /> : null}
      {failed.notice ? (
        <NoticeBar
          tone={failed.notice.tone}
          text={failed.notice.text}
          onDismiss={failed.dismissNotice}
          testId="failed-notice"
        />
      ) : null}

      {empty ? (
        <EmptyState
          title={t('failed.empty.title')}
          body={t('failed.empty.body')}
          testId="failed-empty"
        />
      ) : (
        <>
          {failed.groups.length > 0 ? (
            <section className="panel" aria-labelledby="failed-groups-title">
              <h2 id="failed-groups-title" className="panel-title">
                {t('failed.groups')}
              </h2>
              <div className="plain-table-wrap groups-wrap">
                <table className="plain-table" data-testid="failed-groups">
                  <thead>
                    <tr>
                      <th>{t('failed.reason')}</th>
                      <th className="num">{t('failed.count')}</th>
                      <th>{t('failed.types')}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {failed.groups.map((group) => {
                      const reason = mainText(group.reason);
                      return (
                        <tr
                          key={group.reason}
                          data-testid="failed-group"
                          data-reason={group.reason}
                        >
                          <td className="cell-wrap" title={reason}>
                            {reason.length > REASON_SHOWN
                              ? `${reason.slice(0, REASON_SHOWN)}…`
                              : reason}
                          </td>
                          <td className="num">{formatCount(group.count, locale)}</td>
                          <td className="cell-wrap">
                            {Object.entries(group.msgtypes)
                              .sort((a, b) => b[1] - a[1])
                              .map(
                                ([type, count]) =>
                                  `${msgtypeName(type, locale)} ${formatCount(count, locale)}`,
                              )
                              .join(listSeparator)}
                          </td>
                          <td>
                            <button
                              type="button"
                              className="btn btn-small"
                              disabled={failed.busy}
                              onClick={() => void failed.retry({ reason: group.reason })}
                              data-testid="failed-retry-group"
                            >
                              {t('failed.retryGroup')}
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          <FilterBar store={failedTable} testId="failed-filter" showStatus={false} />
          <SelectionBar store={failedTable} testId="failed-selection">
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={!hasSelection || failed.busy}
              onClick={() => void failed.retry({ selected: true })}
              data-testid="failed-retry-selected"
            >
              {t('failed.retrySelected')}
            </button>
          </SelectionBar>
          <div className={`table-area${detailOpen ? ' with-detail' : ''}`}>
            <MessageTable
              store={failedTable}
              testId="failed-table"
              emptyStore={<EmptyState title={t('failed.empty.title')} />}
            />
            <DetailPane store={failedTable} testId="failed-detail" />
          </div>
        </>
      )}
    </section>
  );
}
