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
  const types = db
    .prepare(
      `SELECT msgtype, status, sum(n) AS n FROM import_types WHERE import_id IN (${placeholders}) GROUP BY 1, 2`,
    )
    .all(...ids) as { msgtype: string; status: string; n: number }[];
  for (const row of types) {
    byType[row.msgtype] = (byType[row.msgtype] ?? 0) + row.n;
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
  }
  if (importIds.length === 0) {
    // The whole store: statuses as they are now (uploads change them), not as imported.
    for (const key of Object.keys(byStatus)) delete byStatus[key];
    const current = db
      .prepare('SELECT status, sum(n) AS n FROM message_counts GROUP BY 1')
      .all() as {
      status: string;
      n: number;
    }[];
    for (const row of current) if (row.n > 0) byStatus[row.status] = row.n;
  }

  // Tallies are kept by UTC hour; a local day is 24 of them. Zones with half-hour offsets move
  // a day's edge by thirty minutes, which a bar chart of days cannot show anyway.
  const offsetHours = Math.round(utcOffsetMinutes / 60);
  const perDayMap = new Map<number, number>();
  const hours = db
    .prepare(
      `SELECT (hour + CAST(? AS INTEGER)) / 24 AS day, sum(n) AS n FROM import_hours WHERE import_id IN (${placeholders}) GROUP BY 1`,
    )
    .all(offsetHours, ...ids) as { day: number; n: number }[];
  for (const row of hours) perDayMap.set(row.day, row.n);
  const range = db
    .prepare(
      `SELECT min(first_msgtime) AS first, max(last_msgtime) AS last FROM imports WHERE id IN (${placeholders})`,
    )
    .get(...ids) as { first: number | null; last: number | null };
  const first = range.first;
  const last = range.last;
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
     WHERE p.import_id IN (${placeholders}) AND p.code = ? AND p.severity = ?
     ORDER BY p.import_id, p.line, p.id LIMIT ${SAMPLES_PER_KIND}`,
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
