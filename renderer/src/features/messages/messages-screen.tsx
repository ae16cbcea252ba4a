import { useEffect } from 'react';
import { useStore } from 'zustand';

import { EmptyState } from '../../components/empty-state';
import { NoticeBar } from '../../components/notice-bar';
import { useT } from '../../i18n/i18n';
import { useAppStore } from '../../app/app-store';
import { DetailPane } from './detail-pane';
import { FilterBar } from './filter-bar';
import { MessageTable } from './message-table';
import { messagesTable } from './messages-store';
import { SelectionBar } from './selection-bar';

export function MessagesScreen() {
  const t = useT();
  const notice = useStore(messagesTable, (state) => state.notice);
  const busy = useStore(messagesTable, (state) => state.busy);
  const hasSelection = useStore(messagesTable, (state) => state.selectedCount() > 0);
  const detailOpen = useStore(messagesTable, (state) => state.detail !== null);
  const navigate = useAppStore((state) => state.navigate);

  useEffect(() => messagesTable.getState().start(), []);

  const actions = messagesTable.getState();
  return (
    <section className="screen screen-messages" aria-labelledby="messages-title">
      <header className="screen-head">
        <h1 id="messages-title">{t('messages.title')}</h1>
      </header>
      <FilterBar store={messagesTable} testId="messages-filter" />
      <SelectionBar store={messagesTable} testId="messages-selection">
        <button
          type="button"
          className="btn btn-small"
          disabled={!hasSelection || busy}
          onClick={() => void actions.setChoice('include')}
          data-testid="messages-include"
        >
          {t('messages.include')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!hasSelection || busy}
          onClick={() => void actions.setChoice('exclude')}
          data-testid="messages-exclude"
        >
          {t('messages.exclude')}
        </button>
        <button
          type="button"
          className="btn btn-small btn-quiet"
          disabled={!hasSelection || busy}
          onClick={() => void actions.setChoice('default')}
          data-testid="messages-default"
        >
          {t('messages.default')}
        </button>
      </SelectionBar>
      {notice ? (
        <NoticeBar
          tone={notice.tone}
          text={notice.text}
          onDismiss={() => actions.setNotice(null)}
          testId="messages-notice"
        />
      ) : null}
      <div className={`table-area${detailOpen ? ' with-detail' : ''}`}>
        <MessageTable
          store={messagesTable}
          testId="messages-table"
          emptyStore={
            <EmptyState
              title={t('import.empty.title')}
              body={t('messages.emptyStore')}
              testId="messages-empty-store"
              action={
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => navigate('import')}
                >
                  {t('nav.import')}
                </button>
              }
            />
          }
        />
        <DetailPane store={messagesTable} testId="message-detail" />
      </div>
    </section>
  );
}
