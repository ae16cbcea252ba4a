/** The filters above a message table. Counts beside each choice come from `messages:facets`. */
import { useEffect, useId, useRef } from 'react';
import { useStore } from 'zustand';

import { MSGTYPE_NAMES } from '../../../../shared/messages/msgtypes';
import { MESSAGE_STATUSES, type MessageStatus } from '../../../../shared/messages/status';
import { formatCount, zoneLabel, zoneOffsetLabel } from '../../i18n/format';
import { msgtypeName, statusName, useLocale, useT } from '../../i18n/i18n';
import { isFilterEmpty, isRangeBackwards } from './filter-state';
import type { TableStore } from './table-store';

export function FilterBar({
  store,
  testId,
  showStatus = true,
}: {
  store: TableStore;
  testId: string;
  showStatus?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const filter = useStore(store, (state) => state.filter);
  const statusCounts = useStore(store, (state) => state.statusCounts);
  const suggestions = useStore(store, (state) => state.suggestions);
  const actions = store.getState();
  const id = useId();

  const countOf = (counts: Record<string, number> | null, key: string) =>
    counts ? formatCount(counts[key] ?? 0, locale) : '…';

  return (
    <div className="filter-bar" role="search" aria-label={t('filter.label')} data-testid={testId}>
      {/* Type and status share a row: on a small window every row given to filters is taken
          from the table. */}
      <div className="filter-top">
        <TypePicker store={store} testId={`${testId}-types`} />

        {showStatus ? (
          <div className="chip-group" role="group" aria-label={t('filter.status')}>
            {MESSAGE_STATUSES.map((status: MessageStatus) => {
              const on = filter.statuses.includes(status);
              return (
                <button
                  key={status}
                  type="button"
                  className={`chip chip-${status}${on ? ' is-on' : ''}`}
                  aria-pressed={on}
                  onClick={() =>
                    actions.setFilter({
                      statuses: on
                        ? filter.statuses.filter((item) => item !== status)
                        : [...filter.statuses, status],
                    })
                  }
                  data-testid={`${testId}-status-${status}`}
                >
                  {statusName(status, locale)}{' '}
                  <span className="chip-count">{countOf(statusCounts, status)}</span>
                </button>
              );
            })}
          </div>
        ) : null}
      </div>

      <div className="filter-fields">
        <label className="field-inline">
          <span className="field-label when-wide">{t('filter.text')}</span>
          <input
            type="search"
            value={filter.text}
            placeholder={t('filter.textPlaceholder')}
            maxLength={200}
            onChange={(event) => actions.setFilter({ text: event.target.value })}
            data-testid={`${testId}-text`}
          />
        </label>
        {(['sender', 'room'] as const).map((field) => (
          <label key={field} className="field-inline">
            <span className="field-label when-wide">{t(`filter.${field}`)}</span>
            <input
              type="text"
              list={`${id}-${field}`}
              value={filter[field]}
              placeholder={t(
                field === 'sender' ? 'filter.senderPlaceholder' : 'filter.roomPlaceholder',
              )}
              onChange={(event) => {
                actions.setFilter({ [field]: event.target.value });
                void actions.suggest(field, event.target.value);
              }}
              onFocus={() => void actions.suggest(field, filter[field])}
              data-testid={`${testId}-${field}`}
            />
            <datalist id={`${id}-${field}`}>
              {suggestions[field].map((value) => (
                <option key={value} value={value} />
              ))}
            </datalist>
          </label>
        ))}
        <label className="field-inline">
          <span className="field-label">{t('filter.from')}</span>
          <input
            type="datetime-local"
            step={1}
            value={filter.from}
            onChange={(event) => actions.setFilter({ from: event.target.value })}
            aria-invalid={isRangeBackwards(filter)}
            data-testid={`${testId}-from`}
          />
        </label>
        <label className="field-inline">
          <span className="field-label">{t('filter.to')}</span>
          <input
            type="datetime-local"
            step={1}
            value={filter.to}
            onChange={(event) => actions.setFilter({ to: event.target.value })}
            aria-invalid={isRangeBackwards(filter)}
            data-testid={`${testId}-to`}
          />
          <span className="muted filter-zone" title={zoneLabel()}>
            {zoneOffsetLabel()}
          </span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.withProblems}
            onChange={(event) => actions.setFilter({ withProblems: event.target.checked })}
            data-testid={`${testId}-with-problems`}
          />
          <span>{t('filter.withProblems')}</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.mediaOnly}
            onChange={(event) => actions.setFilter({ mediaOnly: event.target.checked })}
            data-testid={`${testId}-media-only`}
          />
          <span>{t('filter.mediaOnly')}</span>
        </label>
        {!isFilterEmpty(filter) ? (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => actions.clearFilters()}
            data-testid={`${testId}-clear`}
          >
            {t('filter.clear')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * A drop-down list of message types with their counts. Known types come first in the API's
 * order; types only the store knows (unsupported ones) follow.
 */
function TypePicker({ store, testId }: { store: TableStore; testId: string }) {
  const t = useT();
  const locale = useLocale();
  const selected = useStore(store, (state) => state.filter.msgtypes);
  const counts = useStore(store, (state) => state.typeCounts);
  const ref = useRef<HTMLDetailsElement>(null);

  // <details> does not close by itself when the operator clicks elsewhere.
  useEffect(() => {
    function close(event: Event) {
      const details = ref.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    }
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const extra = Object.keys(counts ?? {}).filter((name) => !MSGTYPE_NAMES.includes(name as never));
  const names = [...MSGTYPE_NAMES, ...extra.sort()].filter(
    (name) => selected.includes(name) || counts === null || (counts[name] ?? 0) > 0,
  );

  function toggle(name: string) {
    const next = selected.includes(name)
      ? selected.filter((item) => item !== name)
      : [...selected, name];
    store.getState().setFilter({ msgtypes: next });
  }

  return (
    <details className="picker" ref={ref} data-testid={testId}>
      <summary className="btn picker-summary">
        {t('filter.type')}:{' '}
        {selected.length === 0
          ? t('filter.anyType')
          : selected.length === 1
            ? msgtypeName(selected[0] ?? '', locale)
            : t('filter.typesSelected', { count: selected.length })}
      </summary>
      <div className="picker-menu" role="group" aria-label={t('filter.type')}>
        {names.map((name) => (
          <label key={name} className="check picker-item">
            <input
              type="checkbox"
              checked={selected.includes(name)}
              onChange={() => toggle(name)}
              data-testid={`${testId}-${name}`}
            />
            <span className="picker-name">{msgtypeName(name, locale)}</span>
            <span className="chip-count">
              {counts ? formatCount(counts[name] ?? 0, locale) : '…'}
            </span>
          </label>
        ))}
      </div>
    </details>
  );
}
