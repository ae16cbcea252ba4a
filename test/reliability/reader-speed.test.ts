/**
 * How fast the reader finds records must not depend on how the export is laid out: WeCom's
 * GetChatData replies and JSON.stringify write a whole document on one line, other tools one
 * record per line. Timed against each other in the same process, so that a busy machine slows
 * both alike.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ExportReader } from '../../electron/core/reader/export-reader.js';
import { FIXTURE_LINES } from '../support/export-mutations.js';
import { tempDir } from '../support/temp-dir.js';

/** Four reads of the reader's 1 MB: enough that per-read work outweighs everything fixed. */
const DOCUMENT_BYTES = 4 * 1024 * 1024;
const ROUNDS = 3;
/** The one-line document was 25 times slower; the same work may differ by noise, not by this. */
const MOST_TIMES_SLOWER = 4;

let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir('reader-speed-');
});

afterEach(() => dir.remove());

/** Fixture messages with msgids of their own, to about `bytes` of JSON. */
function messages(bytes: number): string[] {
  const out: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index += 1) {
    const fixture = FIXTURE_LINES[index % FIXTURE_LINES.length]!;
    const line = fixture.replace(/"msgid":"[^"]*"/, `"msgid":"speed-${index}"`);
    out.push(line);
    size += line.length + 2;
  }
  return out;
}

/** The fastest of a few reads of the whole file, in ms, and how many records it held. */
function fastestRead(file: string): { ms: number; records: number } {
  let fastest = Infinity;
  let records = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    records = 0;
    for (const batch of new ExportReader(file).batches()) records += batch.records.length;
    fastest = Math.min(fastest, performance.now() - started);
  }
  return { ms: fastest, records };
}

describe('the reader of JSON documents', () => {
  it('reads a document written on one line about as fast as one written a record per line (regression: every string searched the rest of its read for a line break, 25 times slower)', () => {
    const list = messages(DOCUMENT_BYTES);
    const oneLine = path.join(dir.path, 'one-line.json');
    const perLine = path.join(dir.path, 'per-line.json');
    writeFileSync(oneLine, `{"errcode":0,"errmsg":"ok","chatdata":[${list.join(',')}]}`);
    writeFileSync(perLine, `{"errcode":0,"errmsg":"ok","chatdata":[\n${list.join(',\n')}\n]}\n`);

    const flat = fastestRead(oneLine);
    const tall = fastestRead(perLine);

    expect(flat.records).toBe(list.length);
    expect(tall.records).toBe(list.length);
    expect(flat.ms).toBeLessThan(tall.ms * MOST_TIMES_SLOWER + 20);
  });
});
