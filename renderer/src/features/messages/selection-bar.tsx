/** What is selected in a table, and what can be done with it. */
import type { ReactNode } from 'react';
import { useStore } from 'zustand';

import { formatCount } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import type { TableStore } from './table-store';

export function SelectionBar({
  store,
  testId,
  children,
}: {
  store: TableStore;
  testId: string;
  /** The actions this screen offers on the selection. */
  children: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const selection = useStore(store, (state) => state.selection);
  const total = useStore(store, (state) => state.total);
  const actions = store.getState();
  const count = selection.kind === 'filter' ? (total ?? 0) : selection.ids.size;

  return (
    <div className="selection-bar" data-testid={testId}>
      <span className="selection-count" data-testid={`${testId}-count`} aria-live="polite">
        {selection.kind === 'filter'
          ? t('messages.selectedAll', { count: formatCount(count, locale) })
          : t('messages.selected', { count: formatCount(count, locale) })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => actions.selectAllMatching()}
        disabled={selection.kind === 'filter' || !total}
        data-testid={`${testId}-select-all`}
      >
        {t('messages.selectAll')}
      </button>
      <button
        type="button"
        className="btn btn-small btn-quiet"
        onClick={() => actions.clearSelection()}
        disabled={count === 0}
        data-testid={`${testId}-clear`}
      >
        {t('messages.clearSelection')}
      </button>
      <span className="selection-actions">{children}</span>
    </div>
  );
}
