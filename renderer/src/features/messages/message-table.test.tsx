// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { installStubArchive, settle, type StubArchive } from '../../test/stub-archive';
import { pagedRows } from '../../test/rows';
import { MessageTable, ROW_HEIGHT } from './message-table';
import { createTableStore, type TableStore } from './table-store';

const VIEWPORT = 320;

// happy-dom lays nothing out; give the scrolling element the size a window would.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get() {
      return (this as HTMLElement).classList.contains('table-body') ? VIEWPORT : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get() {
      return (this as HTMLElement).classList.contains('table-body') ? VIEWPORT : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
    configurable: true,
    get: () => 1000,
  });
});

let stub: StubArchive;
let store: TableStore;

beforeEach(() => {
  stub = installStubArchive({
    'messages:query': pagedRows(1_000_000),
    'messages:count': () => ({ total: 1_000_000 }),
    'messages:facets': () => ({ total: 1_000_000, byType: {}, byStatus: {} }),
    'messages:detail': ({ id }) => ({
      row: pagedRows(1_000_000)({ offset: id - 1, limit: 1 }).rows[0]!,
      payload: '{}',
      file: 'a.jsonl',
      line: id,
      original: '{}',
      originalNote: null,
      problems: [],
    }),
  });
  store = createTableStore();
  store.getState().start();
});

afterEach(cleanup);

async function renderTable() {
  render(<MessageTable store={store} testId="t" emptyStore={<p>empty</p>} />);
  await act(() => settle(10));
}

describe('MessageTable', () => {
  it('renders only the rows near the viewport of a million', async () => {
    await renderTable();
    const rows = screen.getAllByTestId('message-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(VIEWPORT / ROW_HEIGHT + 20);
    expect(screen.getByTestId('t').dataset.scaled).toBe('true');
    expect(screen.getByTestId('t-count').textContent).toContain('1,000,000');
  });

  it('shows placeholder rows where pages have not arrived', async () => {
    stub.set({ 'messages:query': () => new Promise(() => {}) });
    store.getState().reset();
    store.getState().start();
    store.setState({ total: 500 });
    render(<MessageTable store={store} testId="t" emptyStore={<p>empty</p>} />);
    await act(() => settle());
    expect(document.querySelectorAll('[data-loading="true"]').length).toBeGreaterThan(0);
    expect(screen.queryAllByTestId('message-row')).toHaveLength(0);
  });

  it('moves and selects with the arrow keys, toggles with Space, opens details with Enter', async () => {
    await renderTable();
    const grid = screen.getByTestId('t');
    grid.focus();

    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(store.getState().active).toBe(1);
    expect(await store.getState().selectionRequest()).toEqual({ ids: [2] });

    fireEvent.keyDown(grid, { key: ' ' });
    expect(await store.getState().selectionRequest()).toBeNull();

    fireEvent.keyDown(grid, { key: 'Enter' });
    await act(() => settle());
    expect(store.getState().detail?.id).toBe(2);
  });

  it('selects with clicks: plain, ctrl and shift', async () => {
    await renderTable();
    const rows = screen.getAllByTestId('message-row');
    fireEvent.click(rows[1]!);
    fireEvent.click(rows[3]!, { ctrlKey: true });
    expect(await store.getState().selectionRequest()).toEqual({ ids: [2, 4] });
    fireEvent.click(rows[5]!, { shiftKey: true });
    await act(() => settle());
    expect(await store.getState().selectionRequest()).toEqual({ ids: [4, 5, 6] });
    expect(rows[4]!.getAttribute('aria-selected')).toBe('true');
  });

  it('says so when the store is empty', async () => {
    stub.set({ 'messages:query': pagedRows(0), 'messages:count': () => ({ total: 0 }) });
    store.getState().reset();
    store.getState().start();
    await renderTable();
    expect(screen.getByText('empty')).toBeTruthy();
  });
});
