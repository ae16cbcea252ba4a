/**
 * Read side of the store for the window and the CLI: pages of rows, counts, facets, distinct
 * senders and rooms, and one message in full.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { TextDecoder } from 'node:util';

import type { Database } from 'better-sqlite3';
import { stringify as stringifyLossless } from 'lossless-json';

import type {
  Facets,
  MessageDetail,
  MessageFilter,
  MessageRow,
} from '../../../shared/ipc/messages.js';
import { isSupportedMsgtype, MSGTYPES } from '../../../shared/messages/msgtypes.js';
import type { Problem } from '../../../shared/messages/problem.js';
import type { MessageStatus } from '../../../shared/messages/status.js';
import { parseExact } from '../json/exact-json.js';
import { messageText } from '../normalize/message-text.js';
import { filterSql, isCountable } from './message-filter-sql.js';
import { PageAnchors } from './page-anchors.js';

/** Characters of message text shown in a table row. */
export const PREVIEW_CHARS = 120;

/** The original record is shown up to this size; larger ones are cut with a note. */
const MAX_ORIGINAL_BYTES = 256 * 1024;

interface RowData {
  id: number;
  msgid: string;
  msgtime: number;
  msgtype: string;
  sender: string;
  room: string;
  status: MessageStatus;
  choice: 'include' | 'exclude' | null;
  problem_count: number;
  attempts: number;
  last_error: string | null;
  payload: string;
}

const ROW_COLUMNS =
  'm.id, m.msgid, m.msgtime, m.msgtype, m.sender, m.room, m.status, m.choice, m.problem_count, m.attempts, m.last_error, m.payload';

export function previewOf(payload: string): string {
  try {
    const text = messageText(JSON.parse(payload) as Record<string, unknown>)
      .replace(/\s+/g, ' ')
      .trim();
    return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
  } catch {
    return '';
  }
}

function toRow(data: RowData): MessageRow {
  return {
    id: data.id,
    msgid: data.msgid,
    msgtime: data.msgtime,
    msgtype: data.msgtype,
    sender: data.sender,
    room: data.room,
    status: data.status,
    preview: previewOf(data.payload),
    problemCount: data.problem_count,
    attempts: data.attempts,
    lastError: data.last_error,
    excludedBy:
      data.status === 'excluded' ? (data.choice === 'exclude' ? 'operator' : 'cutoff') : null,
    media: isSupportedMsgtype(data.msgtype) ? MSGTYPES[data.msgtype].media : false,
  };
}

export class MessageBrowser {
  private readonly anchors = new PageAnchors();
  private readonly totalChanges;
  /** Pages started from an earlier page's last row instead of an OFFSET from the top. */
  pagesFromAnchor = 0;

  constructor(private readonly db: Database) {
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
  }

  page(
    filter: MessageFilter,
    order: 'newest' | 'oldest',
    offset: number,
    limit: number,
  ): MessageRow[] {
    const sql = filterSql(filter);
    if (sql.empty) return [];
    const descending = order === 'newest';
    // One read transaction: the store's state that the anchors are checked against is the one
    // the rows are read from (PRAGMA data_version is read inside it, so it starts the read).
    return this.db.transaction(() => {
      this.anchors.use(`${order} ${JSON.stringify(filter)}`, this.storeState());
      const anchor = this.anchors.before(offset);
      let where = sql.where;
      const params = [...sql.params];
      let skip = offset;
      if (anchor) {
        const bound = `${sql.orderColumn} ${descending ? '<' : '>'} ?`;
        where = where ? `${where} AND ${bound}` : `WHERE ${bound}`;
        params.push(anchor.key);
        skip = offset - anchor.index - 1;
        this.pagesFromAnchor += 1;
      }
      const rows = this.db
        .prepare(
          `SELECT ${ROW_COLUMNS} FROM ${sql.from} ${where} ORDER BY ${sql.orderColumn} ${descending ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`,
        )
        .all(...params, limit, skip) as RowData[];
      const last = rows[rows.length - 1];
      // The order column is the message id, or the search rowid, which equals it.
      if (last) this.anchors.remember(offset + rows.length - 1, last.id);
      return rows.map(toRow);
    })();
  }

  /**
   * Changes whenever the store's rows may have changed: data_version moves when another
   * connection (an import or upload job) commits, total_changes when this one writes.
   */
  private storeState(): string {
    return `${this.db.pragma('data_version', { simple: true }) as number}:${this.totalChanges.get() as number}`;
  }

  count(filter: MessageFilter): number {
    if (isCountable(filter)) return this.countFromTable(filter);
    const sql = filterSql(filter);
    if (sql.empty) return 0;
    return this.db
      .prepare(`SELECT count(*) FROM ${sql.from} ${sql.where}`)
      .pluck()
      .get(...sql.params) as number;
  }

  facets(filter: MessageFilter): Facets {
    const byType: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    let total = 0;
    if (isCountable(filter) && !filter.msgtypes?.length && !filter.statuses?.length) {
      const rows = this.db
        .prepare('SELECT msgtype, status, n FROM message_counts WHERE n > 0')
        .all() as {
        msgtype: string;
        status: string;
        n: number;
      }[];
      for (const row of rows) {
        byType[row.msgtype] = (byType[row.msgtype] ?? 0) + row.n;
        byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
        total += row.n;
      }
      return { total, byType, byStatus };
    }
    const sql = filterSql(filter);
    if (sql.empty) return { total: 0, byType, byStatus };
    const rows = this.db
      .prepare(
        `SELECT m.msgtype AS msgtype, m.status AS status, count(*) AS n FROM ${sql.from} ${sql.where} GROUP BY 1, 2`,
      )
      .all(...sql.params) as { msgtype: string; status: string; n: number }[];
    for (const row of rows) {
      byType[row.msgtype] = (byType[row.msgtype] ?? 0) + row.n;
      byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
      total += row.n;
    }
    return { total, byType, byStatus };
  }

  distinct(field: 'sender' | 'room', prefix: string, limit: number): string[] {
    // Walks the column's index from the prefix on; the upper bound ends the prefix's range.
    return this.db
      .prepare(
        `SELECT DISTINCT ${field} FROM messages WHERE ${field} >= ? AND ${field} < ? ORDER BY ${field} LIMIT ?`,
      )
      .pluck()
      .all(prefix, `${prefix}\uffff`, limit) as string[];
  }

  detail(id: number): MessageDetail | null {
    const data = this.db
      .prepare(
        `SELECT ${ROW_COLUMNS}, m.line, m.src_offset, m.src_length, m.import_id FROM messages m WHERE m.id = ?`,
      )
      .get(id) as
      | (RowData & { line: number; src_offset: number; src_length: number; import_id: number })
      | undefined;
    if (!data) return null;
    const problems = this.db
      .prepare(
        'SELECT severity, code, path, text AS message FROM problems WHERE message_id = ? ORDER BY id',
      )
      .all(id) as Problem[];
    const source = this.db
      .prepare(
        'SELECT path, size, mtime, encoding, bom_length, offsets_exact FROM imports WHERE id = ?',
      )
      .get(data.import_id) as ImportSource | undefined;
    const original = source
      ? readOriginal(source, data.src_offset, data.src_length)
      : { text: null, note: 'The import this message came from is no longer recorded.' };
    return {
      row: toRow(data),
      payload: prettyJson(data.payload),
      file: source?.path ?? null,
      line: data.line,
      original: original.text,
      originalNote: original.note,
      problems,
    };
  }

  private countFromTable(filter: MessageFilter): number {
    const clauses: string[] = [];
    const params: string[] = [];
    if (filter.msgtypes?.length) {
      clauses.push(`msgtype IN (${filter.msgtypes.map(() => '?').join(', ')})`);
      params.push(...filter.msgtypes);
    }
    if (filter.statuses?.length) {
      clauses.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      params.push(...filter.statuses);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return (
      (this.db
        .prepare(`SELECT coalesce(sum(n), 0) FROM message_counts ${where}`)
        .pluck()
        .get(...params) as number) ?? 0
    );
  }
}

interface ImportSource {
  path: string;
  size: number;
  mtime: number;
  encoding: string;
  bom_length: number;
  offsets_exact: number;
}

function prettyJson(payload: string): string {
  try {
    return stringifyLossless(parseExact(payload), undefined, 2) ?? payload;
  } catch {
    return payload;
  }
}

/** Reads the record from the export file, if that file is still there and unchanged. */
function readOriginal(
  source: ImportSource,
  offset: number,
  length: number,
): { text: string | null; note: string | null } {
  let stat;
  try {
    stat = statSync(source.path);
  } catch {
    return {
      text: null,
      note: `The file ${source.path} is no longer there, so the original record cannot be shown.`,
    };
  }
  if (stat.size !== source.size || Math.trunc(stat.mtimeMs) !== source.mtime) {
    return {
      text: null,
      note: `The file ${source.path} changed since it was imported, so the original record cannot be shown.`,
    };
  }
  if (!source.offsets_exact) {
    return {
      text: null,
      note: 'The file is not UTF-8, so its original bytes are not shown; the payload above is what was read from it.',
    };
  }
  const shown = Math.min(length, MAX_ORIGINAL_BYTES);
  const buffer = Buffer.alloc(shown);
  const fd = openSync(source.path, 'r');
  try {
    readSync(fd, buffer, 0, shown, source.bom_length + offset);
  } finally {
    closeSync(fd);
  }
  const text = new TextDecoder('utf-8').decode(buffer);
  return shown < length
    ? {
        text,
        note: `The record is ${Math.round(length / 1024)} KB long; only its first ${MAX_ORIGINAL_BYTES / 1024} KB are shown.`,
      }
    : { text, note: null };
}
