/**
 * The store's schema, as numbered migrations applied in order inside one transaction each.
 * A migration, once released, never changes: a later schema change is a new migration.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE imports (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL,
          name TEXT NOT NULL,
          size INTEGER NOT NULL,
          mtime INTEGER NOT NULL,
          format TEXT NOT NULL,
          encoding TEXT NOT NULL,
          bom_length INTEGER NOT NULL DEFAULT 0,
          state TEXT NOT NULL CHECK (state IN ('running', 'done', 'cancelled', 'failed')),
          started_at INTEGER NOT NULL,
          finished_at INTEGER,
          records INTEGER NOT NULL DEFAULT 0,
          stored INTEGER NOT NULL DEFAULT 0,
          valid INTEGER NOT NULL DEFAULT 0,
          invalid INTEGER NOT NULL DEFAULT 0,
          unsupported INTEGER NOT NULL DEFAULT 0,
          excluded INTEGER NOT NULL DEFAULT 0,
          duplicates INTEGER NOT NULL DEFAULT 0,
          conflicts INTEGER NOT NULL DEFAULT 0,
          warnings INTEGER NOT NULL DEFAULT 0,
          -- Where to carry on after an interruption: the first byte and line not yet stored.
          resume_offset INTEGER NOT NULL DEFAULT 0,
          resume_line INTEGER NOT NULL DEFAULT 1,
          -- Offsets of records are in UTF-8; false when they differ from the file's own bytes.
          offsets_exact INTEGER NOT NULL DEFAULT 1,
          error TEXT
        );

        -- id orders messages by time: msgtime (ms) * 2048 + a slot derived from the msgid.
        -- Every index on one column therefore lists its rows in time order, and the search
        -- index returns matches newest first without sorting them.
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          msgid TEXT NOT NULL,
          import_id INTEGER NOT NULL,
          line INTEGER NOT NULL,
          src_offset INTEGER NOT NULL,
          src_length INTEGER NOT NULL,
          msgtime INTEGER NOT NULL,
          msgtype TEXT NOT NULL,
          sender TEXT NOT NULL,
          room TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN
            ('ready', 'invalid', 'unsupported', 'excluded', 'sending', 'uploaded', 'failed')),
          choice TEXT CHECK (choice IN ('include', 'exclude')),
          problem_count INTEGER NOT NULL DEFAULT 0,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          batch_id INTEGER,
          uploaded_at INTEGER,
          payload TEXT NOT NULL
        );
        CREATE UNIQUE INDEX messages_msgid ON messages (msgid);

        CREATE TABLE problems (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL,
          line INTEGER NOT NULL,
          msgid TEXT,
          message_id INTEGER,
          severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
          code TEXT NOT NULL,
          path TEXT NOT NULL,
          text TEXT NOT NULL
        );
        CREATE INDEX problems_message ON problems (message_id) WHERE message_id IS NOT NULL;
        CREATE INDEX problems_import ON problems (import_id, code);

        -- Counts by type and status, kept by triggers, so badges and facets cost nothing.
        CREATE TABLE message_counts (
          msgtype TEXT NOT NULL,
          status TEXT NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (msgtype, status)
        ) WITHOUT ROWID;

        -- Contentless, without positions or sizes: the smallest and fastest index to build.
        -- Phrases are checked against the message text instead (see search-tokens.ts).
        CREATE VIRTUAL TABLE message_search USING fts5 (
          tokens,
          content = '',
          detail = none,
          columnsize = 0,
          tokenize = 'unicode61 remove_diacritics 2'
        );

        CREATE TABLE upload_runs (
          id INTEGER PRIMARY KEY,
          started_at INTEGER NOT NULL,
          finished_at INTEGER,
          target TEXT NOT NULL,
          base_url TEXT NOT NULL,
          client_id TEXT NOT NULL,
          state TEXT NOT NULL,
          calls INTEGER NOT NULL DEFAULT 0,
          uploaded INTEGER NOT NULL DEFAULT 0,
          failed INTEGER NOT NULL DEFAULT 0,
          note TEXT
        );

        -- A batch is written as 'sending' before its request leaves and settled when the reply
        -- comes; a batch still 'sending' after a crash is sent again.
        CREATE TABLE batches (
          id INTEGER PRIMARY KEY,
          run_id INTEGER,
          state TEXT NOT NULL CHECK (state IN ('sending', 'settled', 'failed')),
          size INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          sent_at INTEGER,
          finished_at INTEGER,
          attempt INTEGER NOT NULL DEFAULT 1,
          code INTEGER,
          msg TEXT,
          fail_ids TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX batches_state ON batches (state) WHERE state = 'sending';

        -- When each upload call left, for the rate limiter's sliding window across restarts.
        CREATE TABLE call_log (
          at INTEGER NOT NULL
        );
        CREATE INDEX call_log_at ON call_log (at);
      `);
      createSecondaryIndexes(db);
      createCountTriggers(db);
    },
  },
  {
    version: 2,
    name: 'import tallies',
    up(db) {
      // What each import brought, by local hour and by type and status, kept as it is written,
      // so that summaries never scan a million messages.
      db.exec(`
        CREATE TABLE import_hours (
          import_id INTEGER NOT NULL,
          hour INTEGER NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (import_id, hour)
        ) WITHOUT ROWID;
        CREATE TABLE import_types (
          import_id INTEGER NOT NULL,
          msgtype TEXT NOT NULL,
          status TEXT NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (import_id, msgtype, status)
        ) WITHOUT ROWID;
        ALTER TABLE imports ADD COLUMN first_msgtime INTEGER;
        ALTER TABLE imports ADD COLUMN last_msgtime INTEGER;

        INSERT INTO import_hours (import_id, hour, n)
          SELECT import_id, msgtime / 3600000, count(*) FROM messages WHERE msgtime > 0 GROUP BY 1, 2;
        INSERT INTO import_types (import_id, msgtype, status, n)
          SELECT import_id, msgtype, status, count(*) FROM messages GROUP BY 1, 2, 3;
        UPDATE imports SET
          first_msgtime = (SELECT min(msgtime) FROM messages WHERE import_id = imports.id AND msgtime > 0),
          last_msgtime = (SELECT max(msgtime) FROM messages WHERE import_id = imports.id AND msgtime > 0);
      `);
    },
  },
];

/**
 * Indexes that only serve browsing and selection. A large import into a small store drops
 * them and builds them again at the end, which is several times faster than keeping them up
 * to date row by row.
 */
export const SECONDARY_INDEXES: Readonly<Record<string, string>> = {
  messages_status: 'CREATE INDEX IF NOT EXISTS messages_status ON messages (status)',
  messages_msgtype: 'CREATE INDEX IF NOT EXISTS messages_msgtype ON messages (msgtype)',
  messages_sender: 'CREATE INDEX IF NOT EXISTS messages_sender ON messages (sender)',
  messages_room: 'CREATE INDEX IF NOT EXISTS messages_room ON messages (room)',
};

export function createSecondaryIndexes(db: Database): void {
  for (const sql of Object.values(SECONDARY_INDEXES)) db.exec(sql);
}

export function dropSecondaryIndexes(db: Database): void {
  for (const name of Object.keys(SECONDARY_INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`);
}

export const COUNT_TRIGGERS = [
  'messages_count_insert',
  'messages_count_update',
  'messages_count_delete',
];

export function createCountTriggers(db: Database): void {
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS messages_count_insert AFTER INSERT ON messages BEGIN
      INSERT INTO message_counts (msgtype, status, n) VALUES (new.msgtype, new.status, 1)
        ON CONFLICT (msgtype, status) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER IF NOT EXISTS messages_count_update AFTER UPDATE OF status, msgtype ON messages
      WHEN old.status IS NOT new.status OR old.msgtype IS NOT new.msgtype BEGIN
      UPDATE message_counts SET n = n - 1 WHERE msgtype = old.msgtype AND status = old.status;
      INSERT INTO message_counts (msgtype, status, n) VALUES (new.msgtype, new.status, 1)
        ON CONFLICT (msgtype, status) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER IF NOT EXISTS messages_count_delete AFTER DELETE ON messages BEGIN
      UPDATE message_counts SET n = n - 1 WHERE msgtype = old.msgtype AND status = old.status;
    END;
  `);
}

export function dropCountTriggers(db: Database): void {
  for (const name of COUNT_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

/** Recounts from scratch; used after a bulk load ran without the triggers. */
export function recountMessages(db: Database): void {
  db.exec(`
    DELETE FROM message_counts;
    INSERT INTO message_counts (msgtype, status, n)
      SELECT msgtype, status, count(*) FROM messages GROUP BY msgtype, status;
  `);
}
