/**
 * Write side of browsing: the operator includes or excludes messages, retries failures, or
 * moves the cutoff, and statuses follow the rules in status-rules.ts.
 */
import type { Database } from 'better-sqlite3';

import type { Selection } from '../../../shared/ipc/messages.js';
import { filterSql } from './message-filter-sql.js';
import { PENDING_STATUS_SQL, RULED_STATUSES_SQL } from './status-rules.js';

function selectionSql(selection: Selection): { sql: string; params: unknown[] } {
  if ('ids' in selection) {
    return { sql: `id IN (${selection.ids.map(() => '?').join(', ')})`, params: selection.ids };
  }
  const filter = filterSql(selection.filter);
  if (filter.empty) return { sql: '0', params: [] };
  return { sql: `id IN (SELECT m.id FROM ${filter.from} ${filter.where})`, params: filter.params };
}

export class MessageChoices {
  constructor(private readonly db: Database) {}

  /** Sets or clears the operator's choice; only messages not yet handed to the uploader change. */
  setChoice(
    selection: Selection,
    choice: 'include' | 'exclude' | 'default',
    cutoff: number | null,
  ): number {
    const target = selectionSql(selection);
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE messages SET choice = @choice WHERE status IN ${RULED_STATUSES_SQL}
             AND choice IS NOT @choice AND ${target.sql}`,
        )
        .run(...bindNamed(target.params, { choice: choice === 'default' ? null : choice })).changes;
      this.applyRules(cutoff, target);
      return changed;
    })();
  }

  /** Re-derives the status of every message the rules govern, after the cutoff changed. */
  applyCutoff(cutoff: number | null): number {
    return this.db.transaction(() => this.applyRules(cutoff, null))();
  }

  /** Makes failed messages eligible again, with a fresh count of attempts. */
  retry(
    target: { all: true } | { ids: number[] } | { reason: string },
    cutoff: number | null,
  ): number {
    let where = "status = 'failed'";
    const params: unknown[] = [];
    if ('ids' in target) {
      where += ` AND id IN (${target.ids.map(() => '?').join(', ')})`;
      params.push(...target.ids);
    } else if ('reason' in target) {
      where += ' AND last_error = ?';
      params.push(target.reason);
    }
    return this.db
      .prepare(`UPDATE messages SET status = ${PENDING_STATUS_SQL}, attempts = 0 WHERE ${where}`)
      .run(...bindNamed(params, { cutoff })).changes;
  }

  private applyRules(
    cutoff: number | null,
    target: { sql: string; params: unknown[] } | null,
  ): number {
    const extra = target ? ` AND ${target.sql}` : '';
    return this.db
      .prepare(
        `UPDATE messages SET status = ${PENDING_STATUS_SQL}
         WHERE status IN ${RULED_STATUSES_SQL} AND status IS NOT ${PENDING_STATUS_SQL}${extra}`,
      )
      .run(...bindNamed(target?.params ?? [], { cutoff })).changes;
  }
}

/** better-sqlite3 takes positional values followed by one object of named values. */
function bindNamed(positional: unknown[], named: Record<string, unknown>): unknown[] {
  return [...positional, named];
}
