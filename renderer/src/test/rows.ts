import type { MessageRow } from '../../../shared/ipc/messages';

/** A synthetic message row; id = index + 1 so tests can tell rows apart by position. */
export function makeRow(index: number, patch: Partial<MessageRow> = {}): MessageRow {
  return {
    id: index + 1,
    msgid: `msg-${index}`,
    msgtime: Date.UTC(2024, 0, 1) + index * 1000,
    msgtype: 'text',
    sender: 'ZhangSan',
    room: '',
    status: 'ready',
    preview: `message ${index}`,
    problemCount: 0,
    attempts: 0,
    lastError: null,
    excludedBy: null,
    media: false,
    ...patch,
  };
}

/** A `messages:query` handler over `total` synthetic rows. */
export function pagedRows(total: number) {
  return ({ offset = 0, limit = 100 }: { offset?: number; limit?: number }) => ({
    rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) =>
      makeRow(offset + i),
    ),
  });
}
