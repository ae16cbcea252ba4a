/**
 * A table over the whole store (or one status of it), however large: only the rows near the
 * viewport exist in the DOM, their data comes page by page from the table store, and past a
 * safe height the scroll space is scaled (see scroll-scale.ts).
 */
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { useStore } from 'zustand';

import type { MessageRow } from '../../../../shared/ipc/messages';
import { EmptyState } from '../../components/empty-state';
import { StatusBadge } from '../../components/status-badge';
import { formatCount, formatTime, zoneOffsetLabel } from '../../i18n/format';
import { msgtypeName, useLocale, useT } from '../../i18n/i18n';
import {
  createScrollScale,
  offsetToReveal,
  rowTop,
  wheelPixels,
  wheelTarget,
  type ScrollScale,
} from './scroll-scale';
import type { TableStore } from './table-store';
import { visibleRows } from './visible-rows';

export const ROW_HEIGHT = 32;

/** Rows rendered beyond each edge of the viewport, so that a quick scroll shows no gap. */
const OVERSCAN_ROWS = 8;

/**
 * Rows are placed inside a window element from a base row that moves in steps of this many
 * rows; the window element follows the scroll position. A row's own position then changes only
 * when the base steps, so a scrolled frame re-renders the rows that came into view and moves
 * one element (in a scaled table that element moves on every scroll; unscaled, only with the
 * base), instead of re-rendering and restyling every row.
 */
const WINDOW_STEP_ROWS = 1024;

interface MessageTableProps {
  store: TableStore;
  /** Prefix of the rows' ids and test ids; two tables can be on one page. */
  testId: string;
  /** Shown when the store (under this table's fixed filter) holds nothing at all. */
  emptyStore: ReactNode;
}

export function MessageTable({ store, testId, emptyStore }: MessageTableProps) {
  const t = useT();
  const locale = useLocale();
  const version = useStore(store, (state) => state.version);
  const generation = useStore(store, (state) => state.generation);
  const total = useStore(store, (state) => state.total);
  const storeTotal = useStore(store, (state) => state.storeTotal);
  const selection = useStore(store, (state) => state.selection);
  const active = useStore(store, (state) => state.active);
  const order = useStore(store, (state) => state.order);
  const loadError = useStore(store, (state) => state.loadError);
  const count = useStore(store, (state) => state.rowCount());

  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(0);
  const [gutter, setGutter] = useState(0);
  const scale = useMemo(() => createScrollScale(count * ROW_HEIGHT, viewport), [count, viewport]);
  const scaleRef = useRef<ScrollScale>(scale);

  // The scroll position in virtual pixels: the element scrolls in real ones.
  const [virtualOffset, setVirtualOffset] = useState(0);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const onScroll = () => setVirtualOffset(scaleRef.current.toVirtual(element.scrollTop));
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, []);

  // When the scale changes (the count arrived), re-read the position under the new mapping.
  useLayoutEffect(() => {
    scaleRef.current = scale;
    scrollRef.current?.dispatchEvent(new Event('scroll'));
  }, [scale]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      setViewport(element.clientHeight);
      setGutter(element.offsetWidth - element.clientWidth);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // In a scaled table the wheel is mapped by hand (see wheelTarget). The last target is kept
  // while the element stays where it was put, so small trackpad deltas that round to no real
  // pixel still add up.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    let target: number | null = null;
    let placedAt = -1;
    function onWheel(event: WheelEvent) {
      const current = scaleRef.current;
      if (current.ratio <= 1 || event.ctrlKey || event.deltaY === 0 || !element) return;
      event.preventDefault();
      const viewport = element.clientHeight;
      const base =
        target !== null && element.scrollTop === placedAt
          ? target
          : current.toVirtual(element.scrollTop);
      const delta = wheelPixels(event.deltaY, event.deltaMode, ROW_HEIGHT, viewport);
      target = wheelTarget(base, delta, current, viewport);
      element.scrollTop = current.toReal(target);
      placedAt = element.scrollTop;
    }
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  // A new filter or order starts at the top.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [generation]);

  const items = visibleRows({
    count,
    rowHeight: ROW_HEIGHT,
    offset: virtualOffset,
    viewport,
    overscan: OVERSCAN_ROWS,
  });
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const base = first - (first % WINDOW_STEP_ROWS);
  useEffect(() => {
    store.getState().ensureRange(first, Math.max(first, last));
  }, [store, first, last, generation, version]);

  const state = store.getState();

  function reveal(index: number) {
    const element = scrollRef.current;
    if (!element) return;
    const target = offsetToReveal(index, ROW_HEIGHT, virtualOffset, viewport);
    if (target !== null) element.scrollTop = scale.toReal(target);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const rows = store.getState().rowCount();
    if (rows === 0) return;
    const current = store.getState().active ?? -1;
    const pageRows = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + pageRows,
      PageUp: current - pageRows,
      Home: 0,
      End: rows - 1,
    };

    if (event.key in moves) {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows - 1, moves[event.key] ?? 0));
      const actions = store.getState();
      if (event.shiftKey) void actions.selectRange(next);
      else if (event.ctrlKey || event.metaKey) actions.setActive(next);
      else {
        actions.selectOnly(next);
        if (actions.detail) void actions.openDetail(next);
      }
      reveal(next);
      return;
    }
    if (event.key === ' ' && current >= 0) {
      event.preventDefault();
      store.getState().toggle(current);
    } else if (event.key === 'Enter' && current >= 0) {
      event.preventDefault();
      void store.getState().openDetail(current);
    } else if (event.key === 'Escape') {
      if (store.getState().detail) store.getState().closeDetail();
      else store.getState().clearSelection();
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      store.getState().selectAllMatching();
    }
  }

  // Stable, so that rows whose data did not change skip rendering (TableRow is memoized).
  const onRowClick = useCallback(
    (event: MouseEvent, index: number) => {
      const actions = store.getState();
      if (event.shiftKey) void actions.selectRange(index);
      else if (event.ctrlKey || event.metaKey) actions.toggle(index);
      else {
        actions.selectOnly(index);
        void actions.openDetail(index);
      }
    },
    [store],
  );

  const onCheckClick = useCallback(
    (event: MouseEvent, index: number) => {
      event.stopPropagation();
      if (event.shiftKey) void store.getState().selectRange(index);
      else store.getState().toggle(index);
    },
    [store],
  );

  const activeRendered = active !== null && items.some((item) => item.index === active);
  const zone = zoneOffsetLabel();
  const empty = total === 0;

  return (
    <div
      className="table"
      role="grid"
      aria-label={t('messages.tableLabel')}
      aria-rowcount={(total ?? count) + 1}
      aria-multiselectable="true"
      aria-activedescendant={activeRendered ? `${testId}-row-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid={testId}
      data-total={total ?? ''}
      data-scaled={scale.ratio > 1 ? 'true' : 'false'}
    >
      <div className="table-head" role="rowgroup" style={{ paddingRight: gutter }}>
        <div className="table-row table-head-row" role="row" aria-rowindex={1}>
          <span className="cell cell-check" role="columnheader" />
          <span
            className="cell cell-time"
            role="columnheader"
            aria-sort={order === 'newest' ? 'descending' : 'ascending'}
          >
            <button
              type="button"
              className="sort-button"
              tabIndex={-1}
              onClick={() => state.setOrder(order === 'newest' ? 'oldest' : 'newest')}
              data-testid={`${testId}-sort-time`}
            >
              {t('messages.col.time')} <span className="muted">{zone}</span>{' '}
              <span aria-hidden="true">{order === 'newest' ? '↓' : '↑'}</span>
            </button>
          </span>
          <span className="cell cell-type" role="columnheader">
            {t('messages.col.type')}
          </span>
          <span className="cell cell-sender" role="columnheader">
            {t('messages.col.sender')}
          </span>
          <span className="cell cell-room" role="columnheader">
            {t('messages.col.room')}
          </span>
          <span className="cell cell-preview" role="columnheader">
            {t('messages.col.preview')}
          </span>
          <span className="cell cell-status" role="columnheader">
            {t('messages.col.status')}
          </span>
        </div>
      </div>

      <div className="table-body" ref={scrollRef} role="rowgroup">
        <div className="table-space" style={{ height: scale.realTotal }}>
          <div
            className="table-window"
            style={{
              transform: `translateY(${rowTop(base * ROW_HEIGHT, virtualOffset, scale)}px)`,
            }}
          >
            {items.map((item) => {
              const row = state.rowAt(item.index);
              const selected =
                selection.kind === 'filter' ||
                (row !== undefined && selection.kind === 'ids' && selection.ids.has(row.id));
              return (
                <TableRow
                  key={item.slot}
                  id={`${testId}-row-${item.index}`}
                  index={item.index}
                  row={row}
                  top={(item.index - base) * ROW_HEIGHT}
                  selected={selected}
                  active={item.index === active}
                  onClick={onRowClick}
                  onCheckClick={onCheckClick}
                />
              );
            })}
          </div>
        </div>
        {empty ? (
          <div className="table-empty">
            {storeTotal === 0 ? (
              emptyStore
            ) : (
              <EmptyState
                title={t('messages.emptyFilter')}
                testId={`${testId}-empty-filter`}
                action={
                  <button type="button" className="btn" onClick={() => state.clearFilters()}>
                    {t('filter.clear')}
                  </button>
                }
              />
            )}
          </div>
        ) : null}
      </div>

      <div className="table-foot">
        <span data-testid={`${testId}-count`}>
          {total === null
            ? t('messages.counting')
            : t('messages.count', { count: formatCount(total, locale) })}
        </span>
        {loadError ? (
          <span className="table-error" role="alert">
            {loadError}
          </span>
        ) : null}
        <span className="muted table-hint">{t('messages.keyboardHint')}</span>
      </div>
    </div>
  );
}

const TableRow = memo(function TableRow({
  id,
  index,
  row,
  top,
  selected,
  active,
  onClick,
  onCheckClick,
}: {
  id: string;
  index: number;
  row: MessageRow | undefined;
  top: number;
  selected: boolean;
  active: boolean;
  onClick: (event: MouseEvent, index: number) => void;
  onCheckClick: (event: MouseEvent, index: number) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const className = `table-row${selected ? ' is-selected' : ''}${active ? ' is-active' : ''}`;
  const style = { transform: `translateY(${top}px)`, height: ROW_HEIGHT };

  if (!row) {
    return (
      <div
        id={id}
        className={`${className} is-placeholder`}
        role="row"
        aria-rowindex={index + 2}
        aria-busy="true"
        style={style}
        data-loading="true"
      >
        <span className="cell cell-check" role="gridcell" />
        <span className="cell cell-placeholder" role="gridcell">
          <span className="placeholder-bar" aria-label={t('messages.loadingRow')} />
        </span>
      </div>
    );
  }

  return (
    <div
      id={id}
      className={className}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={style}
      onClick={(event) => onClick(event, index)}
      data-testid="message-row"
      data-msgid={row.msgid}
      data-id={row.id}
      data-status={row.status}
      data-msgtype={row.msgtype}
    >
      <span className="cell cell-check" role="gridcell">
        <span
          className={`checkmark${selected ? ' is-on' : ''}`}
          aria-hidden="true"
          onClick={(event) => onCheckClick(event, index)}
        />
      </span>
      <span className="cell cell-time" role="gridcell">
        {formatTime(row.msgtime)}
      </span>
      <span className="cell cell-type" role="gridcell">
        {msgtypeName(row.msgtype, locale)}
        {row.media ? <span className="tag">{t('messages.mediaMark')}</span> : null}
      </span>
      <span className="cell cell-sender" role="gridcell" title={row.sender}>
        {row.sender}
      </span>
      <span className="cell cell-room" role="gridcell" title={row.room}>
        {row.room || <span className="muted">{t('messages.oneToOne')}</span>}
      </span>
      <span className="cell cell-preview" role="gridcell" title={row.preview}>
        {row.problemCount > 0 ? (
          <span className="tag tag-warn">
            {t('messages.problems', { count: row.problemCount })}
          </span>
        ) : null}
        {row.preview}
      </span>
      <span className="cell cell-status" role="gridcell">
        <StatusBadge status={row.status} />
      </span>
    </div>
  );
});
