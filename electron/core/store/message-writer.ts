/**
 * Stores the outcome of an import's records, one transaction per batch: new messages with
 * their search tokens and problems, duplicates and conflicts counted, the import's counters
 * and resume point moved in the same transaction. A crash therefore leaves the store at the
 * end of the last complete batch, and the import resumes from exactly there.
 */
import type { Database, Statement } from 'better-sqlite3';

import type { Problem } from '../../../shared/messages/problem.js';
import type { MessageStatus } from '../../../shared/messages/status.js';
import type { MessageInput, RecordOutcome } from '../importer/process-record.js';
import { parseExact, stringifyExact } from '../json/exact-json.js';
import type { FileProblem } from '../reader/raw-record.js';
import { ImportTally } from './import-tally.js';
import { emptyCounters, type ImportCounters, ImportsRepo } from './imports-repo.js';
import { preferredId, SLOTS_PER_MS, timeKeyBase } from './message-id.js';
import { pendingStatus } from './status-rules.js';

export interface WriteItem {
  line: number;
  offset: number;
  length: number;
  outcomes: RecordOutcome[];
}

export interface WriteBatch {
  items: readonly WriteItem[];
  /** Problems of the file; each stands for one entry that could not be read as a record. */
  fileProblems: readonly FileProblem[];
  /** Warnings about the file's bytes; each kind is stored once per import. */
  fileWarnings: readonly FileProblem[];
  /** Where the import carries on after an interruption: past everything in this batch. */
  resumeOffset: number;
  resumeLine: number;
  /** False once the UTF-8 offsets of records no longer equal offsets in the file. */
  offsetsExact: boolean;
}

export interface BatchResult {
  counters: ImportCounters;
  /** New messages by msgtype, for progress and the CLI's summary. */
  byType: Map<string, number>;
}

/** How far past its own millisecond a message may be moved when slots collide. */
const MAX_SPILL_MS = 1 << 20;

export class MessageWriter {
  private readonly insertMessage: Statement;
  private readonly findByMsgid: Statement;
  private readonly maxIdInRange: Statement;
  private readonly insertSearch: Statement;
  private readonly insertProblem: Statement;
  private readonly insertFileWarning: Statement;
  private readonly imports: ImportsRepo;
  /** Per millisecond whose slots are full, the next millisecond to spill into. */
  private readonly spill = new Map<number, number>();

  constructor(
    private readonly db: Database,
    private readonly importId: number,
    private readonly cutoff: number | null,
  ) {
    this.insertMessage = db.prepare(
      `INSERT INTO messages (id, msgid, import_id, line, src_offset, src_length, msgtime, msgtype, sender, room,
         status, problem_count, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.findByMsgid = db.prepare(
      `SELECT m.id, m.import_id AS importId, m.line, m.payload, i.path
       FROM messages m LEFT JOIN imports i ON i.id = m.import_id WHERE m.msgid = ?`,
    );
    this.maxIdInRange = db.prepare('SELECT max(id) FROM messages WHERE id >= ? AND id < ?').pluck();
    this.insertSearch = db.prepare('INSERT INTO message_search (rowid, tokens) VALUES (?, ?)');
    this.insertProblem = db.prepare(
      `INSERT INTO problems (import_id, line, msgid, message_id, severity, code, path, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A resumed import reads the start of the file again and meets the same warning again.
    this.insertFileWarning = db.prepare(
      `INSERT INTO problems (import_id, line, msgid, message_id, severity, code, path, text)
       SELECT @importId, @line, NULL, NULL, 'warning', @code, '', @text
       WHERE NOT EXISTS (SELECT 1 FROM problems
         WHERE import_id = @importId AND code = @code AND message_id IS NULL)`,
    );
    this.imports = new ImportsRepo(db);
  }

  /** Writes one batch and moves the resume point past it, atomically. */
  write(batch: WriteBatch): BatchResult {
    const result: BatchResult = { counters: emptyCounters(), byType: new Map() };
    this.db
      .transaction(() => {
        for (const warning of batch.fileWarnings) {
          result.counters.warnings += this.insertFileWarning.run({
            importId: this.importId,
            line: warning.line,
            code: warning.code,
            text: warning.message,
          }).changes;
        }
        for (const problem of batch.fileProblems) {
          this.addProblem(problem.line, null, null, {
            severity: 'error',
            code: problem.code,
            path: '',
            message: problem.message,
          });
          if (!problem.fatal) result.counters.invalid += 1;
          result.counters.records += problem.fatal ? 0 : 1;
        }
        const search: Array<[number, string]> = [];
        const tally = new ImportTally();
        // Messages go in msgid order: their unique index is the one index a bulk load keeps,
        // and sorted keys touch each of its pages once per batch instead of at random (the
        // sort is stable, so the first of two copies of a msgid still wins).
        const entries: Array<[WriteItem, RecordOutcome]> = [];
        for (const item of batch.items) {
          for (const outcome of item.outcomes) entries.push([item, outcome]);
        }
        entries.sort(([, a], [, b]) => compareMsgid(msgidOf(a), msgidOf(b)));
        for (const [item, outcome] of entries)
          this.writeOutcome(item, outcome, result, search, tally);
        tally.save(this.db, this.importId);
        // Search rows go last: a statement with triggers opens a savepoint, and FTS5 writes its
        // pending rows to disk at every savepoint, which would make thousands of tiny segments.
        for (const [id, tokens] of search) this.insertSearch.run(id, tokens);
        this.imports.advance(this.importId, result.counters, batch);
      })
      .immediate();
    return result;
  }

  private writeOutcome(
    item: WriteItem,
    outcome: RecordOutcome,
    result: BatchResult,
    search: Array<[number, string]>,
    tally: ImportTally,
  ): void {
    const counters = result.counters;
    counters.records += 1;
    if (outcome.kind === 'encrypted') return;
    if (outcome.kind === 'rejected') {
      counters.invalid += 1;
      for (const problem of outcome.problems) {
        this.addProblem(item.line, outcome.msgid, null, problem);
        if (problem.severity === 'warning') counters.warnings += 1;
      }
      return;
    }
    const message = outcome.message;
    const status = pendingStatus({
      valid: message.valid,
      supported: message.supported,
      msgtime: message.msgtime,
      choice: null,
      cutoff: this.cutoff,
    });
    const id = this.insert(item, message, status);
    if (id === null) {
      this.onExisting(item, message, counters);
      return;
    }
    counters.stored += 1;
    result.byType.set(message.msgtype, (result.byType.get(message.msgtype) ?? 0) + 1);
    tally.add(message.msgtype, status, message.msgtime);
    if (status === 'invalid') counters.invalid += 1;
    else if (status === 'unsupported') counters.unsupported += 1;
    else counters.valid += 1;
    if (status === 'excluded') counters.excluded += 1;
    for (const problem of message.problems) {
      this.addProblem(item.line, message.msgid, id, problem);
      if (problem.severity === 'warning') counters.warnings += 1;
    }
    if (message.searchTokens) search.push([id, message.searchTokens]);
  }

  /** Inserts the message under a free time-ordered key; null when its msgid is already stored. */
  private insert(item: WriteItem, message: MessageInput, status: MessageStatus): number | null {
    let id = preferredId(message.msgid, message.msgtime);
    for (let attempt = 0; attempt < 64; attempt += 1) {
      const changes = this.insertMessage.run(
        id,
        message.msgid,
        this.importId,
        item.line,
        item.offset,
        item.length,
        message.msgtime,
        message.msgtype,
        message.sender,
        message.room,
        status,
        message.problems.length,
        message.payload,
      ).changes;
      if (changes === 1) return id;
      if (this.findByMsgid.get(message.msgid)) return null;
      id = this.nextFreeId(message.msgtime);
    }
    throw new Error(`No free key for message ${message.msgid} at msgtime ${message.msgtime}.`);
  }

  /** The slot after the highest one used in this millisecond, spilling into later ones. */
  private nextFreeId(msgtime: number): number {
    let ms = this.spill.get(msgtime) ?? msgtime;
    for (let step = 0; step < MAX_SPILL_MS; step += 1, ms += 1) {
      const base = timeKeyBase(ms);
      const max = this.maxIdInRange.get(base, base + SLOTS_PER_MS) as number | null;
      if (max === null) return base;
      if (max < base + SLOTS_PER_MS - 1) {
        if (ms !== msgtime) this.spill.set(msgtime, ms);
        return max + 1;
      }
    }
    throw new Error(`Too many messages share msgtime ${msgtime}.`);
  }

  private onExisting(item: WriteItem, message: MessageInput, counters: ImportCounters): void {
    const existing = this.findByMsgid.get(message.msgid) as
      | { id: number; importId: number; line: number; payload: string; path: string | null }
      | undefined;
    if (!existing || samePayload(existing.payload, message.payload)) {
      counters.duplicates += 1;
      return;
    }
    counters.conflicts += 1;
    const where = existing.path
      ? `${existing.path} line ${existing.line}`
      : `line ${existing.line}`;
    this.addProblem(item.line, message.msgid, null, {
      severity: 'warning',
      code: 'conflict',
      path: 'msgid',
      message: `msgid ${message.msgid} was already imported from ${where} with different content; the first copy was kept and this one was not stored.`,
    });
    counters.warnings += 1;
  }

  private addProblem(
    line: number,
    msgid: string | null,
    messageId: number | null,
    problem: Problem,
  ): void {
    this.insertProblem.run(
      this.importId,
      line,
      msgid,
      messageId,
      problem.severity,
      problem.code,
      problem.path,
      problem.message,
    );
  }
}

/**
 * Payloads are stored as written when nothing needed normalizing, so the same message may be
 * spelled differently in two exports (spacing, escapes, key order is kept); compare meaning.
 */
export function samePayload(stored: string, incoming: string): boolean {
  if (stored === incoming) return true;
  try {
    return stringifyExact(parseExact(stored)) === stringifyExact(parseExact(incoming));
  } catch {
    return false;
  }
}

function msgidOf(outcome: RecordOutcome): string {
  return outcome.kind === 'message' ? outcome.message.msgid : '';
}

function compareMsgid(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
