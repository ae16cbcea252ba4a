import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  ARCHIVE_START,
  messageRecords,
  statusCounts,
  storeWith,
  tempFolder,
  textExport,
} from '../../../test/support/archive-store.js';
import { batchDocument } from '../upload/batch-document.js';
import { UploadQueue } from './upload-queue.js';

const NOW = Date.UTC(2024, 5, 1);
const MAX_ATTEMPTS = 3;

let folder: ReturnType<typeof tempFolder>;
let db: Database;
let queue: UploadQueue;

beforeEach(async () => {
  folder = tempFolder('upload-queue');
  // Written newest first: the queue must still hand them out oldest first.
  ({ db } = await storeWith(folder.dir, textExport(50).reverse()));
  queue = new UploadQueue(db);
});

afterEach(() => {
  db.close();
  folder.remove();
});

function next(maxMessages = 10, maxBytes = 1024 * 1024) {
  return queue.nextBatch({ maxMessages, maxBytes, includeMedia: true });
}

function openNext(maxMessages = 10) {
  const messages = next(maxMessages);
  return queue.open(1, messages, batchDocument(messages).length, NOW);
}

function record(msgid: string) {
  return messageRecords(db).find((message) => message.msgid === msgid)!;
}

describe('nextBatch', () => {
  it('hands out the oldest ready messages first, at most maxMessages', () => {
    const batch = next(10);

    expect(batch.map((message) => message.msgid)).toEqual(
      textExport(10).map((message) => message.msgid),
    );
  });

  it('fills a batch up to maxBytes exactly, counting the JSON around the payloads', () => {
    // Regression: a comma was counted before the first message too, so a batch that fitted
    // the cap to the byte was cut one message short.
    const all = next(50);
    const cap = batchDocument(all.slice(0, 7)).length;

    const batch = next(50, cap);

    expect(batch).toHaveLength(7);
    expect(batchDocument(batch).length).toBeLessThanOrEqual(cap);
    expect(next(50, cap - 1)).toHaveLength(6);
  });

  it('sends a message larger than maxBytes alone rather than never', () => {
    expect(next(50, 10)).toHaveLength(1);
  });

  it('leaves media out unless asked to include it', () => {
    db.prepare("UPDATE messages SET msgtype = 'image' WHERE msgid = ?").run('msg-0000000');

    const without = queue.nextBatch({ maxMessages: 3, maxBytes: 1e6, includeMedia: false });
    const with_ = queue.nextBatch({ maxMessages: 3, maxBytes: 1e6, includeMedia: true });

    expect(without.map((message) => message.msgid)).not.toContain('msg-0000000');
    expect(with_[0]!.msgid).toBe('msg-0000000');
  });
});

describe('open, settle and unsettled', () => {
  it('writes the batch as sending, marks its messages and logs the call in one step', () => {
    const batch = openNext(10);

    expect(queue.batch(batch.id)).toMatchObject({ state: 'sending', size: 10, attempt: 1 });
    expect(statusCounts(db)).toEqual({ sending: 10, ready: 40 });
    expect(queue.callLog.since(0)).toEqual([NOW]);
    expect(queue.unsettled()).toEqual([{ ...batch, callId: null }]);
    expect(batch.callId).toBe(1);
  });

  it('leaves nothing half-done when the call cannot be logged', () => {
    db.exec('DROP TABLE call_log');
    const messages = next(10);

    expect(() => queue.open(1, messages, 100, NOW)).toThrow();
    expect(statusCounts(db)).toEqual({ ready: 50 });
    expect(db.prepare('SELECT count(*) FROM batches').pluck().get()).toBe(0);
  });

  it('marks every message uploaded on a code-0 reply without failures', () => {
    const batch = openNext(10);

    const result = queue.settleAccepted({
      batchId: batch.id,
      failIds: [],
      code: 0,
      msg: 'ok',
      now: NOW + 100,
      maxAttempts: MAX_ATTEMPTS,
      cutoff: null,
    });

    expect(result).toEqual({ uploaded: 10, retried: 0, failed: 0 });
    expect(statusCounts(db)).toEqual({ uploaded: 10, ready: 40 });
    expect(queue.batch(batch.id)).toMatchObject({
      state: 'settled',
      code: 0,
      finishedAt: NOW + 100,
    });
    expect(queue.unsettled()).toEqual([]);
  });

  it('puts fail_id_list messages back with an attempt counted, then fails them after maxAttempts with the last reason', () => {
    const failing = 'msg-0000003';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const batch = openNext(5);
      expect(batch.messages.map((message) => message.msgid)).toContain(failing);

      const result = queue.settleAccepted({
        batchId: batch.id,
        failIds: [failing, 'not-in-this-batch'],
        code: 0,
        msg: `try ${attempt}`,
        now: NOW,
        maxAttempts: MAX_ATTEMPTS,
        cutoff: null,
      });

      const last = attempt === MAX_ATTEMPTS;
      expect(result).toEqual({
        uploaded: attempt === 1 ? 4 : 4,
        retried: last ? 0 : 1,
        failed: last ? 1 : 0,
      });
      expect(record(failing)).toMatchObject({
        attempts: attempt,
        status: last ? 'failed' : 'ready',
        last_error: `The SCRM listed this message in fail_id_list (code 0: try ${attempt}).`,
      });
    }
    expect(statusCounts(db)).toEqual({ uploaded: 12, failed: 1, ready: 37 });
  });

  it('counts an attempt for every message of a call the SCRM refused', () => {
    const batch = openNext(4);

    const result = queue.settleRejected({
      batchId: batch.id,
      code: 10001,
      msg: 'system unknown error',
      reason: 'The SCRM refused the call (code 10001: system unknown error).',
      now: NOW,
      maxAttempts: MAX_ATTEMPTS,
      cutoff: null,
    });

    expect(result).toEqual({ retried: 4, failed: 0 });
    expect(queue.batch(batch.id)).toMatchObject({ state: 'failed', code: 10001 });
    for (const message of batch.messages) {
      expect(record(message.msgid)).toMatchObject({
        status: 'ready',
        attempts: 1,
        last_error: 'The SCRM refused the call (code 10001: system unknown error).',
      });
    }
  });

  it('fails the messages of refused calls once they have had maxAttempts', () => {
    let failed = 0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const batch = openNext(4);
      failed = queue.settleRejected({
        batchId: batch.id,
        code: 10001,
        msg: 'system unknown error',
        reason: `refused, attempt ${attempt}.`,
        now: NOW,
        maxAttempts: MAX_ATTEMPTS,
        cutoff: null,
      }).failed;
    }

    expect(failed).toBe(4);
    expect(statusCounts(db)).toEqual({ failed: 4, ready: 46 });
    expect(record('msg-0000000').last_error).toBe(`refused, attempt ${MAX_ATTEMPTS}.`);
  });

  it('records a call that got no answer on its batch and keeps the batch in flight', () => {
    const batch = openNext(4);

    queue.noteFailedCall(batch.id, 10001, 'system unknown error');

    expect(queue.batch(batch.id)).toMatchObject({
      state: 'sending',
      code: 10001,
      msg: 'system unknown error',
    });
    for (const message of batch.messages) {
      expect(record(message.msgid)).toMatchObject({ status: 'sending', attempts: 0 });
    }
  });

  it('gives a released batch back to the queue without charging an attempt', () => {
    const batch = openNext(4);

    const released = queue.release(batch.id, NOW, null);

    expect(released).toBe(4);
    expect(queue.batch(batch.id)).toMatchObject({ state: 'failed', finishedAt: NOW });
    expect(queue.unsettled()).toEqual([]);
    for (const message of batch.messages) {
      expect(record(message.msgid)).toMatchObject({ status: 'ready', attempts: 0 });
    }
    expect(
      queue
        .nextBatch({ maxMessages: 4, maxBytes: 1 << 20, includeMedia: true })
        .map((message) => message.msgid),
    ).toEqual(batch.messages.map((message) => message.msgid));
  });

  it('charges no attempt for a resend: the call is logged, the batch counts it, the messages do not', () => {
    const batch = openNext(4);

    const { attempt, callId } = queue.resend(batch.id, 2, NOW + 5);

    expect(attempt).toBe(2);
    expect(callId).toBe(batch.callId! + 1);
    expect(queue.batch(batch.id)).toMatchObject({ state: 'sending', attempt: 2, runId: 2 });
    expect(queue.callLog.since(0)).toEqual([NOW, NOW + 5]);
    expect(messageRecords(db).filter((message) => message.attempts > 0)).toEqual([]);
  });

  it('lists batches a previous process left in flight, oldest first, with their messages', () => {
    const first = openNext(3);
    const second = openNext(2);
    queue.settleAccepted({
      batchId: openNext(1).id,
      failIds: [],
      code: 0,
      msg: 'ok',
      now: NOW,
      maxAttempts: MAX_ATTEMPTS,
      cutoff: null,
    });

    const reopened = new UploadQueue(db).unsettled();

    expect(reopened.map((batch) => batch.id)).toEqual([first.id, second.id]);
    expect(reopened[0]!.messages.map((message) => message.msgid)).toEqual(
      first.messages.map((message) => message.msgid),
    );
    expect(reopened[1]!.messages).toEqual(second.messages);
  });
});

describe('cutoff re-evaluation', () => {
  it.each<[string, 'fail_id_list' | 'rejected' | 'released']>([
    ['named in fail_id_list', 'fail_id_list'],
    ['in a call the SCRM refused', 'rejected'],
    ['in a batch given back to the queue', 'released'],
  ])('keeps a message %s out once the cutoff falls before it', (_, how) => {
    const batch = openNext(10);
    const cutoff = ARCHIVE_START + 5_000;
    db.prepare("UPDATE messages SET choice = 'include' WHERE msgid = 'msg-0000008'").run();
    const failIds = batch.messages.map((message) => message.msgid);

    if (how === 'fail_id_list') {
      queue.settleAccepted({
        batchId: batch.id,
        failIds,
        code: 0,
        msg: 'ok',
        now: NOW,
        maxAttempts: MAX_ATTEMPTS,
        cutoff,
      });
    } else if (how === 'rejected') {
      queue.settleRejected({
        batchId: batch.id,
        code: 10001,
        msg: 'x',
        reason: 'x',
        now: NOW,
        maxAttempts: MAX_ATTEMPTS,
        cutoff,
      });
    } else {
      queue.release(batch.id, NOW, cutoff);
    }

    const statuses = batch.messages.map((message) => record(message.msgid).status);
    expect(statuses).toEqual([
      ...Array<string>(5).fill('ready'),
      'excluded',
      'excluded',
      'excluded',
      // The operator's explicit choice wins over the cutoff.
      'ready',
      'excluded',
    ]);
  });
});

describe('call log', () => {
  it('dates a call by when its reply came, never earlier than it left', () => {
    const batch = openNext(3);
    const second = openNext(3);

    queue.callLog.completed(batch.callId!, NOW + 4_000);
    queue.callLog.completed(second.callId!, NOW - 1);

    expect(queue.callLog.since(0)).toEqual([NOW, NOW + 4_000]);
  });

  it('dates the latest call by the restart when a crash kept its reply from coming', () => {
    openNext(3);
    openNext(3);

    queue.callLog.completedLatest(NOW + 30_000);

    expect(queue.callLog.since(0)).toEqual([NOW, NOW + 30_000]);
  });
});
