/**
 * What the sandbox accepted, keyed by msgid, as the exact JSON text of each message so that
 * large integers can be compared digit for digit. With a data file, every accepted message
 * is appended as one JSON line (the upload shape, readable by the importer), and the file is
 * read back on start; a later line for the same msgid wins.
 */
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { parseExact } from '../json/exact-json.js';
import { createLogger } from '../logging/logger.js';

const log = createLogger('sandbox.store');

export interface StoreResult {
  /** msgids not seen before. */
  readonly added: number;
  /** Re-sent msgids whose text is identical to what was kept: nothing changes. */
  readonly duplicates: number;
  /** Re-sent msgids with a different text: the newer text replaces the kept one. */
  readonly changed: number;
}

export class AcceptedStore {
  private readonly messages = new Map<string, string>();
  /** Appends run one after another so that lines never interleave. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly dataFile: string | undefined) {}

  static async open(dataFile?: string): Promise<AcceptedStore> {
    const store = new AcceptedStore(dataFile);
    if (dataFile) {
      mkdirSync(path.dirname(dataFile), { recursive: true });
      if (existsSync(dataFile)) await store.load(dataFile);
    }
    return store;
  }

  get view(): ReadonlyMap<string, string> {
    return this.messages;
  }

  /** Keeps messages given as [msgid, exact JSON text]; appends new and changed ones to the file. */
  keep(entries: ReadonlyArray<readonly [string, string]>): StoreResult {
    let added = 0;
    let duplicates = 0;
    let changed = 0;
    const lines: string[] = [];
    for (const [msgid, text] of entries) {
      const kept = this.messages.get(msgid);
      if (kept === text) {
        duplicates += 1;
        continue;
      }
      if (kept === undefined) added += 1;
      else changed += 1;
      this.messages.set(msgid, text);
      lines.push(`${text}\n`);
    }

    const file = this.dataFile;
    if (file && lines.length > 0) {
      const chunk = lines.join('');
      this.writing = this.writing
        .then(() => appendFile(file, chunk, 'utf8'))
        .catch((error: unknown) => log.error('could not append to the data file', { error }));
    }
    return { added, duplicates, changed };
  }

  /** Resolves when every accepted message so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private async load(dataFile: string): Promise<void> {
    let lineNumber = 0;
    let unreadable = 0;
    const lines = createInterface({
      input: createReadStream(dataFile, 'utf8'),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const msgid = msgidOf(line);
      if (msgid === null) {
        // A line cut short by a crash while appending; the message will arrive again.
        unreadable += 1;
        log.warn('skipped an unreadable line of the data file', { line: lineNumber });
        continue;
      }
      this.messages.set(msgid, line);
    }
    log.info('loaded accepted messages', { messages: this.messages.size, unreadable });
  }
}

function msgidOf(line: string): string | null {
  try {
    const value = parseExact(line);
    if (value === null || typeof value !== 'object') return null;
    const msgid = (value as Record<string, unknown>)['msgid'];
    return typeof msgid === 'string' && msgid !== '' ? msgid : null;
  } catch {
    return null;
  }
}
