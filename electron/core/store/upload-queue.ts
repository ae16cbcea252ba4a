/**
 * The upload's bookkeeping in the store. Every step is one transaction:
 * - open: the batch is written as 'sending', its messages marked, the call logged, all before
 *   the request leaves;
 * - settle: the reply is applied to every message of the batch at once;
 * - recover: after a crash, batches still 'sending' are sent again (the msgid makes a second
 *   copy harmless), so at most one batch per crash is sent twice.
 */
import type { Database, Statement } from 'better-sqlite3';

import type { BatchRow } from '../../../shared/ipc/upload.js';
import { CallLog } from './call-log.js';
import { MEDIA_MSGTYPES_SQL, PENDING_STATUS_SQL } from './status-rules.js';

export interface QueuedMessage {
  id: number;
  msgid: string;
  payload: string;
}

export interface OpenBatch {
  id: number;
  messages: QueuedMessage[];
  bytes: number;
  attempt: number;
  /** The call-log entry of the call that carries it now (null for one left by a crash). */
  callId: number | null;
}

interface BatchData {
  id: number;
  run_id: number | null;
  state: 'sending' | 'settled' | 'failed';
  size: number;
  bytes: number;
  sent_at: number | null;
  finished_at: number | null;
  attempt: number;
  code: number | null;
  msg: string | null;
  fail_ids: string;
}

/** Bytes a message adds to the document beside its payload: the comma between entries. */
const SEPARATOR_BYTES = 1;
/** `{"msg_list":[` and `]}` */
const ENVELOPE_BYTES = 15;

export class UploadQueue {
  readonly callLog: CallLog;
  private readonly selectReady: Statement;
  private readonly selectReadyNoMedia: Statement;
  private readonly selectAfterCutoff: Statement;
  private readonly selectAfterCutoffNoMedia: Statement;

  constructor(private readonly db: Database) {
    this.callLog = new CallLog(db);
    this.selectReady = db.prepare(
      "SELECT id, msgid, payload FROM messages WHERE status = 'ready' AND id > ? ORDER BY id LIMIT ?",
    );
    this.selectReadyNoMedia = db.prepare(
      `SELECT id, msgid, payload FROM messages WHERE status = 'ready' AND id > ? AND msgtype NOT IN ${MEDIA_MSGTYPES_SQL}
       ORDER BY id LIMIT ?`,
    );
    // Excluded by the cutoff alone (the operator made no choice): what an override sends too.
    this.selectAfterCutoff = db.prepare(
      "SELECT id, msgid, payload FROM messages WHERE status = 'excluded' AND choice IS NULL AND id > ? ORDER BY id LIMIT ?",
    );
    this.selectAfterCutoffNoMedia = db.prepare(
      `SELECT id, msgid, payload FROM messages WHERE status = 'excluded' AND choice IS NULL AND id > ?
         AND msgtype NOT IN ${MEDIA_MSGTYPES_SQL} ORDER BY id LIMIT ?`,
    );
  }

  /**
   * The next messages to send, oldest first: at most `maxMessages`, and at most `maxBytes`
   * of JSON (a single larger message still goes alone).
   */
  nextBatch(options: {
    maxMessages: number;
    maxBytes: number;
    includeMedia: boolean;
    /** For this run only, send messages the cutoff keeps out too (the operator confirmed). */
    includeAfterCutoff?: boolean;
  }): QueuedMessage[] {
    const statement = options.includeMedia ? this.selectReady : this.selectReadyNoMedia;
    let rows = statement.all(-1, options.maxMessages) as QueuedMessage[];
    if (options.includeAfterCutoff) {
      // Two walks of the status index in key order, merged: an OR would sort the whole store.
      const later = options.includeMedia ? this.selectAfterCutoff : this.selectAfterCutoffNoMedia;
      const extra = later.all(-1, options.maxMessages) as QueuedMessage[];
      rows = [...rows, ...extra].sort((a, b) => a.id - b.id).slice(0, options.maxMessages);
    }
    const out: QueuedMessage[] = [];
    let bytes = ENVELOPE_BYTES;
    for (const row of rows) {
      // n messages are joined by n - 1 commas: the first one brings none.
      const size = Buffer.byteLength(row.payload) + (out.length > 0 ? SEPARATOR_BYTES : 0);
      if (out.length > 0 && bytes + size > options.maxBytes) break;
      out.push(row);
      bytes += size;
    }
    return out;
  }

  /** Writes the batch as 'sending' and logs the call; returns it with its id. */
  open(runId: number | null, messages: QueuedMessage[], bytes: number, now: number): OpenBatch {
    return this.db
      .transaction(() => {
        const id = Number(
          this.db
            .prepare(
              "INSERT INTO batches (run_id, state, size, bytes, created_at, sent_at) VALUES (?, 'sending', ?, ?, ?, ?)",
            )
            .run(runId, messages.length, bytes, now, now).lastInsertRowid,
        );
        // Only messages still waiting may be marked: anything else means another process is
        // working on this store, and the batch is rolled back rather than sent twice.
        const mark = this.db.prepare(
          "UPDATE messages SET status = 'sending', batch_id = ? WHERE id = ? AND status IN ('ready', 'excluded')",
        );
        for (const message of messages) {
          if (mark.run(id, message.id).changes !== 1) {
            throw new Error(
              'The upload queue changed under this upload: another process is working on this store.',
            );
          }
        }
        const callId = this.callLog.record(now);
        return { id, messages, bytes, attempt: 1, callId };
      })
      .immediate();
  }

  /** Batches a previous process left in flight, with their messages, oldest first. */
  unsettled(): OpenBatch[] {
    const batches = this.db
      .prepare("SELECT id, bytes, attempt FROM batches WHERE state = 'sending' ORDER BY id")
      .all() as {
      id: number;
      bytes: number;
      attempt: number;
    }[];
    const select = this.db.prepare(
      "SELECT id, msgid, payload FROM messages WHERE batch_id = ? AND status = 'sending' ORDER BY id",
    );
    return batches.map((batch) => ({
      ...batch,
      messages: select.all(batch.id) as QueuedMessage[],
      callId: null,
    }));
  }

  /** Logs another call for a batch already 'sending' (a resend); returns its attempt and call. */
  resend(batchId: number, runId: number | null, now: number): { attempt: number; callId: number } {
    return this.db
      .transaction(() => {
        this.db
          .prepare(
            'UPDATE batches SET attempt = attempt + 1, sent_at = ?, run_id = coalesce(?, run_id) WHERE id = ?',
          )
          .run(now, runId, batchId);
        const callId = this.callLog.record(now);
        const attempt = this.db
          .prepare('SELECT attempt FROM batches WHERE id = ?')
          .pluck()
          .get(batchId) as number;
        return { attempt, callId };
      })
      .immediate();
  }

  /**
   * Applies a code-0 reply: every message not named in `failIds` is uploaded; named ones get
   * one more attempt, or fail once they have had `maxAttempts`.
   */
  settleAccepted(input: {
    batchId: number;
    failIds: readonly string[];
    code: number;
    msg: string;
    now: number;
    maxAttempts: number;
    cutoff: number | null;
  }): { uploaded: number; retried: number; failed: number } {
    return this.db
      .transaction(() => {
        const failed = new Set(input.failIds);
        const messages = this.db
          .prepare("SELECT id, msgid FROM messages WHERE batch_id = ? AND status = 'sending'")
          .all(input.batchId) as { id: number; msgid: string }[];
        const uploaded = this.db.prepare(
          "UPDATE messages SET status = 'uploaded', uploaded_at = ?, last_error = NULL WHERE id = ?",
        );
        const reason = `The SCRM listed this message in fail_id_list (code ${input.code}: ${input.msg || 'no message'}).`;
        let counts = { uploaded: 0, retried: 0, failed: 0 };
        const failedIds: number[] = [];
        for (const message of messages) {
          if (failed.has(message.msgid)) failedIds.push(message.id);
          else {
            uploaded.run(input.now, message.id);
            counts.uploaded += 1;
          }
        }
        const outcome = this.countAttempt(failedIds, reason, input.maxAttempts, input.cutoff);
        counts = { ...counts, retried: outcome.retried, failed: outcome.failed };
        this.db
          .prepare(
            "UPDATE batches SET state = 'settled', finished_at = ?, code = ?, msg = ?, fail_ids = ? WHERE id = ?",
          )
          .run(input.now, input.code, input.msg, JSON.stringify([...failed]), input.batchId);
        return counts;
      })
      .immediate();
  }

  /**
   * Applies a call the SCRM refused with a non-zero code: every message of the batch used up
   * one attempt; those that have had `maxAttempts` fail with the reason, the others go back to
   * the queue.
   */
  settleRejected(input: {
    batchId: number;
    code: number;
    msg: string;
    reason: string;
    now: number;
    maxAttempts: number;
    cutoff: number | null;
  }): { retried: number; failed: number } {
    return this.db
      .transaction(() => {
        const ids = this.db
          .prepare("SELECT id FROM messages WHERE batch_id = ? AND status = 'sending'")
          .pluck()
          .all(input.batchId) as number[];
        const outcome = this.countAttempt(ids, input.reason, input.maxAttempts, input.cutoff);
        this.db
          .prepare(
            "UPDATE batches SET state = 'failed', finished_at = ?, code = ?, msg = ? WHERE id = ?",
          )
          .run(input.now, input.code, input.msg, input.batchId);
        return outcome;
      })
      .immediate();
  }

  /** Records the reason a call got no answer; the batch stays in flight. */
  noteFailedCall(batchId: number, code: number | null, msg: string): void {
    this.db.prepare('UPDATE batches SET code = ?, msg = ? WHERE id = ?').run(code, msg, batchId);
  }

  /**
   * Gives an unsettled batch back to the queue when a run stops without a verdict on it: its
   * messages follow the status rules again, without an attempt charged.
   */
  release(batchId: number, now: number, cutoff: number | null): number {
    return this.db
      .transaction(() => {
        const changed = this.db
          .prepare(
            `UPDATE messages SET status = ${PENDING_STATUS_SQL} WHERE batch_id = @batchId AND status = 'sending'`,
          )
          .run({ batchId, cutoff }).changes;
        this.db
          .prepare(
            "UPDATE batches SET state = 'failed', finished_at = ? WHERE id = ? AND state = 'sending'",
          )
          .run(now, batchId);
        return changed;
      })
      .immediate();
  }

  private countAttempt(ids: number[], reason: string, maxAttempts: number, cutoff: number | null) {
    const update = this.db.prepare(
      `UPDATE messages SET attempts = attempts + 1, last_error = @reason,
         status = CASE WHEN attempts + 1 >= @max THEN 'failed' ELSE ${PENDING_STATUS_SQL} END
       WHERE id = @id RETURNING status`,
    );
    let failed = 0;
    for (const id of ids) {
      const row = update.get({ id, reason, max: maxAttempts, cutoff }) as
        { status: string } | undefined;
      if (row?.status === 'failed') failed += 1;
    }
    return { retried: ids.length - failed, failed };
  }

  readyCount(includeMedia: boolean, includeAfterCutoff = false): number {
    const sql = includeMedia
      ? "SELECT coalesce(sum(n), 0) FROM message_counts WHERE status = 'ready'"
      : `SELECT coalesce(sum(n), 0) FROM message_counts WHERE status = 'ready' AND msgtype NOT IN ${MEDIA_MSGTYPES_SQL}`;
    const ready = this.db.prepare(sql).pluck().get() as number;
    if (!includeAfterCutoff) return ready;
    const later = this.db
      .prepare(
        `SELECT count(*) FROM messages WHERE status = 'excluded' AND choice IS NULL${
          includeMedia ? '' : ` AND msgtype NOT IN ${MEDIA_MSGTYPES_SQL}`
        }`,
      )
      .pluck()
      .get() as number;
    return ready + later;
  }

  statusCount(status: string): number {
    return this.db
      .prepare('SELECT coalesce(sum(n), 0) FROM message_counts WHERE status = ?')
      .pluck()
      .get(status) as number;
  }

  batches(offset: number, limit: number, runId?: number): BatchRow[] {
    const rows = (
      runId === undefined
        ? this.db
            .prepare('SELECT * FROM batches ORDER BY id DESC LIMIT ? OFFSET ?')
            .all(limit, offset)
        : this.db
            .prepare('SELECT * FROM batches WHERE run_id = ? ORDER BY id DESC LIMIT ? OFFSET ?')
            .all(runId, limit, offset)
    ) as BatchData[];
    return rows.map(toBatchRow);
  }

  batch(id: number): BatchRow | null {
    const row = this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as
      BatchData | undefined;
    return row ? toBatchRow(row) : null;
  }
}

export function toBatchRow(row: BatchData): BatchRow {
  let failIds: string[] = [];
  try {
    failIds = JSON.parse(row.fail_ids) as string[];
  } catch {
    failIds = [];
  }
  return {
    id: row.id,
    runId: row.run_id,
    size: row.size,
    bytes: row.bytes,
    state: row.state,
    sentAt: row.sent_at,
    finishedAt: row.finished_at,
    code: row.code,
    msg: row.msg,
    failIds,
    attempt: row.attempt,
  };
}
