/**
 * Turns a message filter into SQL. Time bounds become bounds on the primary key (see
 * message-id.ts), so every filter walks an index in time order and the first page of any view
 * costs about the same on ten thousand messages as on ten million.
 */
import type { MessageFilter } from '../../../shared/ipc/messages.js';
import { firstIdAt } from './message-id.js';
import { searchQuery } from './search-tokens.js';
import { MEDIA_MSGTYPES_SQL } from './status-rules.js';

export interface FilterSql {
  /** FROM clause: messages alone, or driven by the search index. */
  from: string;
  where: string;
  params: unknown[];
  /** The column to order by (the search index's rowid when it drives the query). */
  orderColumn: string;
  /** The filter's text held nothing searchable (only punctuation): nothing matches. */
  empty: boolean;
}

export function filterSql(filter: MessageFilter): FilterSql {
  const clauses: string[] = [];
  const params: unknown[] = [];
  let from = 'messages m';
  let orderColumn = 'm.id';
  let empty = false;

  if (filter.text && filter.text.trim()) {
    const query = searchQuery(filter.text);
    if (query === null) {
      empty = true;
    } else {
      from = 'message_search s JOIN messages m ON m.id = s.rowid';
      orderColumn = 's.rowid';
      clauses.push('s.message_search MATCH ?');
      params.push(query.match);
      if (query.verify.length) {
        clauses.push('message_text_contains(m.payload, ?)');
        params.push(JSON.stringify(query.verify));
      }
    }
  }
  if (filter.msgtypes?.length) {
    clauses.push(`m.msgtype IN (${filter.msgtypes.map(() => '?').join(', ')})`);
    params.push(...filter.msgtypes);
  }
  if (filter.statuses?.length) {
    clauses.push(`m.status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  if (filter.sender !== undefined) {
    clauses.push('m.sender = ?');
    params.push(filter.sender);
  }
  if (filter.room !== undefined) {
    clauses.push('m.room = ?');
    params.push(filter.room);
  }
  if (filter.from !== undefined) {
    clauses.push(`${orderColumn} >= ?`);
    params.push(firstIdAt(filter.from));
  }
  if (filter.to !== undefined) {
    clauses.push(`${orderColumn} < ?`);
    params.push(firstIdAt(filter.to));
  }
  if (filter.importId !== undefined) {
    clauses.push('m.import_id = ?');
    params.push(filter.importId);
  }
  if (filter.withProblems) clauses.push('m.problem_count > 0');
  if (filter.mediaOnly) clauses.push(`m.msgtype IN ${MEDIA_MSGTYPES_SQL}`);

  return {
    from,
    where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '',
    params,
    orderColumn,
    empty,
  };
}

/** True when only type and status are filtered: then the count table answers instantly. */
export function isCountable(filter: MessageFilter): boolean {
  return Object.entries(filter).every(
    ([key, value]) => value === undefined || key === 'msgtypes' || key === 'statuses',
  );
}
