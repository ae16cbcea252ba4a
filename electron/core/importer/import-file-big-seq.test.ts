import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  ARCHIVE_START,
  messageRecords,
  storeWith,
  tempFolder,
  textExport,
} from '../../../test/support/archive-store.js';

let folder: ReturnType<typeof tempFolder>;

beforeEach(() => {
  folder = tempFolder('import-file');
});

afterEach(() => {
  folder.remove();
});

describe('importFile', () => {
  it('keeps a message after the cutoff out even when its seq is above 2^53', async () => {
    // Regression: the large seq made the message's msgtime read as 0, before any cutoff.
    const messages = textExport(10, { bigSeqAt: 8 });
    const cutoff = ARCHIVE_START + 5_000;

    const { db } = await storeWith(folder.dir, messages, { cutoff });
    const records = messageRecords(db);
    db.close();

    expect(records.map((record) => record.msgid)).toEqual(messages.map((m) => m.msgid));
    expect(records.map((record) => record.status)).toEqual([
      ...Array<string>(5).fill('ready'),
      ...Array<string>(5).fill('excluded'),
    ]);
    expect(records[8]!.msgtime).toBe(messages[8]!.msgtime);
    expect(records[8]!.payload).toContain('"seq":18446744073709551615');
  });
});
