/** The summary shown after an import: counts, time range, messages per day, problems by kind. */
import type { Database } from 'better-sqlite3';

import type { ImportSummary } from '../../../shared/ipc/imports.js';
import type { ImportRow } from '../store/imports-repo.js';

const DAY_MS = 86_400_000;
/** Examples kept per problem kind: enough to find the pattern, few enough to read. */
const SAMPLES_PER_KIND = 5;

export function importSummary(
  db: Database,
  importIds: number[],
  utcOffsetMinutes: number,
): ImportSummary {
  const ids = importIds.length
    ? importIds
    : (db
        .prepare("SELECT id FROM imports WHERE state != 'running' ORDER BY id")
        .pluck()
        .all() as number[]);
  const placeholders = ids.map(() => '?').join(', ') || 'NULL';
  const imports = db
    .prepare(`SELECT * FROM imports WHERE id IN (${placeholders}) ORDER BY id`)
    .all(...ids) as ImportRow[];

  const byType: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const perDayMap = new Map<number, number>();
  const offset = utcOffsetMinutes * 60_000;
  // better-sqlite3 binds a JS number as REAL, and REAL / integer keeps its fraction: without
  // the cast every message was its own "day" (a million-entry reply for a million messages).
  const groups = db
    .prepare(
      `SELECT msgtype, status, (msgtime + CAST(? AS INTEGER)) / ${DAY_MS} AS day, count(*) AS n, min(msgtime) AS first, max(msgtime) AS last
       FROM messages WHERE import_id IN (${placeholders}) GROUP BY 1, 2, 3`,
    )
    .all(offset, ...ids) as {
    msgtype: string;
    status: string;
    day: number;
    n: number;
    first: number;
    last: number;
  }[];
  let first: number | null = null;
  let last: number | null = null;
  for (const group of groups) {
    byType[group.msgtype] = (byType[group.msgtype] ?? 0) + group.n;
    byStatus[group.status] = (byStatus[group.status] ?? 0) + group.n;
    // msgtime 0 means unknown: it belongs to no day and does not stretch the range.
    if (group.last > 0) {
      perDayMap.set(group.day, (perDayMap.get(group.day) ?? 0) + group.n);
      const groupFirst = group.first > 0 ? group.first : group.last;
      first = first === null ? groupFirst : Math.min(first, groupFirst);
      last = last === null ? group.last : Math.max(last, group.last);
    }
  }
  const perDay = [...perDayMap.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, count]) => ({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), count }));

  const problemKinds = db
    .prepare(
      `SELECT code, severity, count(*) AS n, min(id) AS firstId FROM problems WHERE import_id IN (${placeholders})
       GROUP BY code, severity ORDER BY n DESC`,
    )
    .all(...ids) as { code: string; severity: 'error' | 'warning'; n: number; firstId: number }[];
  const samples = db.prepare(
    `SELECT p.line, p.msgid, p.path, p.text, i.path AS file FROM problems p JOIN imports i ON i.id = p.import_id
     WHERE p.import_id IN (${placeholders}) AND p.code = ? AND p.severity = ? ORDER BY p.id LIMIT ${SAMPLES_PER_KIND}`,
  );
  const problemGroups = problemKinds.map((kind) => {
    const rows = samples.all(...ids, kind.code, kind.severity) as {
      line: number;
      msgid: string | null;
      path: string;
      text: string;
      file: string;
    }[];
    return {
      code: kind.code,
      severity: kind.severity,
      example: rows[0]?.text ?? kind.code,
      count: kind.n,
      samples: rows.map((row) => ({
        file: row.file,
        line: row.line,
        msgid: row.msgid,
        path: row.path,
        message: row.text,
      })),
    };
  });

  const sum = (key: keyof ImportRow) =>
    imports.reduce((total, row) => total + Number(row[key] ?? 0), 0);
  return {
    importIds: ids,
    files: imports.map((row) => ({
      importId: row.id,
      file: row.path,
      bytes: row.size,
      format: row.format,
      encoding: row.encoding,
      state: row.state,
      error: row.error,
    })),
    total: sum('records'),
    valid: sum('valid'),
    invalid: sum('invalid'),
    duplicates: sum('duplicates'),
    conflicts: sum('conflicts'),
    unsupported: sum('unsupported'),
    excluded: sum('excluded'),
    warnings: sum('warnings'),
    byType,
    byStatus,
    firstMsgtime: first,
    lastMsgtime: last,
    perDay,
    problemGroups,
  };
}
