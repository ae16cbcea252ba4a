/**
 * Thousands of export files mutated from the fixtures (test/support/export-mutations.ts) fed
 * through the reader and the record pipeline in this process, and a sample of them through a
 * whole import into a real store that already holds the fixtures. Whatever the input:
 *
 * - nothing throws: a file is refused with a sentence, or yields records and problems;
 * - nothing hangs: each input is read within MAX_INPUT_MS, and a watchdog ends the run if one
 *   never finishes (a stuck loop would block every timer of the test itself);
 * - every problem has a line that exists in the file and a sentence; every record's line and
 *   offset point at its own text; a fixture line left intact in JSON Lines still imports;
 * - every message has a msgid, a time the store can key, and a payload that is well-formed JSON;
 * - the store passes its own checks and the fixtures' import is still there, unchanged.
 *
 * The inputs depend only on the seed. A failure names the seed, the input and what was done
 * to it, and keeps the input's bytes. ARCHIVE_IMPORTER_FUZZ_SEED picks another seed,
 * ARCHIVE_IMPORTER_FUZZ_INPUT runs one input alone, and ARCHIVE_IMPORTER_SOAK=1
 * (npm run test:soak) runs twenty times as many inputs.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importFile } from '../../electron/core/importer/import-file.js';
import {
  MAX_MSGTIME,
  processRecord,
  type RecordOutcome,
} from '../../electron/core/importer/process-record.js';
import { parseExact } from '../../electron/core/json/exact-json.js';
import { sniffEncoding, Utf8Transcoder } from '../../electron/core/reader/encoding.js';
import {
  ExportFileError,
  ExportReader,
  READ_CHUNK_BYTES,
} from '../../electron/core/reader/export-reader.js';
import type { FileProblem, RawRecord } from '../../electron/core/reader/raw-record.js';
import { FIXTURE_LINES, mutatedExport, type MutatedExport } from '../support/export-mutations.js';
import { startHangWatchdog, type HangWatchdog } from '../support/hang-watchdog.js';
import {
  importRow,
  isSentence,
  locatedProblems,
  messagesOfImport,
  storeDefects,
  storeWithFixtures,
  type StoreWithFixtures,
} from '../support/import-checks.js';
import { inputSeed, seededRandom, type Random } from '../support/seeded-random.js';
import { tempDir } from '../support/temp-dir.js';

const SOAK = process.env['ARCHIVE_IMPORTER_SOAK'] === '1';
const SEED = Number(process.env['ARCHIVE_IMPORTER_FUZZ_SEED'] ?? 20_240_301);
const ONLY_INPUT = process.env['ARCHIVE_IMPORTER_FUZZ_INPUT'];

/** About ten seconds on the two shared cores of the build machine; the soak runs twenty times more. */
const INPUTS = SOAK ? 60_000 : 3_000;
/** Every so many inputs also go through a whole import into the store. */
const IMPORT_EVERY = 20;
/** Reading and processing one input (at most a few hundred KB) must take less than this. */
const MAX_INPUT_MS = 500;
/** An input this slow is stuck, not slow: the watchdog ends the run. */
const HANG_MS = 15_000;
/** The whole run, inputs and imports, must end within this. */
const BUDGET_MS = SOAK ? 40 * 60_000 : 30_000;
/** Reads at most this many per input when read in small pieces, so that time goes to parsing. */
const MAX_READS_PER_INPUT = 2000;

let dir: ReturnType<typeof tempDir>;
let store: StoreWithFixtures;
let watchdog: HangWatchdog;

beforeAll(async () => {
  dir = tempDir('fuzz-');
  store = await storeWithFixtures(dir.path);
  watchdog = startHangWatchdog(HANG_MS);
});

afterAll(async () => {
  await watchdog.stop();
  if (store.db.open) store.db.close();
  dir.remove();
});

// -- reading one input ---------------------------------------------------------------------

interface Reading {
  /** The sentence of a refused file, or null when it was read. */
  refusal: string | null;
  records: { record: RawRecord; outcomes: RecordOutcome[] }[];
  problems: FileProblem[];
  /** Records or problems that came after a fatal problem. */
  afterFatal: number;
  format: string | null;
  bomLength: number;
  /** The encoding at the start and at the end (a UTF-8 guess may turn GB18030). */
  encodings: [string, string] | null;
  ms: number;
}

/**
 * Reads the file as the importer does, in reads of a random size, and turns every record into
 * outcomes. Anything thrown other than the refusal of the file escapes and fails the input.
 */
function readInput(file: string, size: number, random: Random): Reading {
  const started = performance.now();
  const reading: Reading = {
    refusal: null,
    records: [],
    problems: [],
    afterFatal: 0,
    format: null,
    bomLength: 0,
    encodings: null,
    ms: 0,
  };
  let reader: ExportReader;
  try {
    reader = new ExportReader(file);
  } catch (error) {
    if (!(error instanceof ExportFileError)) throw error;
    reading.refusal = error.message;
    reading.ms = performance.now() - started;
    return reading;
  }
  reading.format = reader.info.format;
  reading.bomLength = reader.info.bomLength;
  const firstEncoding = reader.encoding;
  const smallest = Math.ceil(size / MAX_READS_PER_INPUT);
  const chunkBytes = random.chance(0.3)
    ? Math.max(smallest, random.between(1, 4096))
    : READ_CHUNK_BYTES;
  let fatal = false;
  for (const batch of reader.batches({ batchSize: random.between(1, 64), chunkBytes })) {
    if (fatal) reading.afterFatal += batch.records.length + batch.problems.length;
    reading.problems.push(...batch.problems, ...batch.warnings);
    fatal ||= batch.problems.some((problem) => problem.fatal);
    for (const record of batch.records)
      reading.records.push({ record, outcomes: processRecord(record.text, record.line) });
  }
  reading.encodings = [firstEncoding, reader.encoding];
  reading.ms = performance.now() - started;
  return reading;
}

// -- what must hold of a reading -------------------------------------------------------------

/** The file as UTF-8, as the reader decodes it, and where its lines start. */
function decoded(bytes: Buffer): { utf8: Buffer; lineStarts: number[] } {
  const sniffed = sniffEncoding(bytes.subarray(0, READ_CHUNK_BYTES));
  const transcoder = new Utf8Transcoder(sniffed.encoding);
  const utf8 = Buffer.concat([
    transcoder.push(bytes.subarray(sniffed.bomLength)),
    transcoder.end(),
  ]);
  const lineStarts = [0];
  for (let at = utf8.indexOf(0x0a); at !== -1; at = utf8.indexOf(0x0a, at + 1))
    lineStarts.push(at + 1);
  return { utf8, lineStarts };
}

/** 1-based line of a UTF-8 offset. */
function lineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

const NON_ASCII = /[\u0080-\uffff]/;

function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([key, item]) => key.isWellFormed() && wellFormed(item));
  return true;
}

/** Lines of a JSON Lines file that are a fixture message exactly, by line number. */
function intactFixtureLines(bytes: Buffer, bomLength: number): Map<number, string> {
  const fixtures = new Set(FIXTURE_LINES);
  const intact = new Map<number, string>();
  const text = bytes.subarray(bomLength).toString('latin1');
  text.split('\n').forEach((raw, index) => {
    const line = Buffer.from(raw.replace(/\r$/, ''), 'latin1').toString('utf8');
    if (fixtures.has(line)) intact.set(index + 1, line);
  });
  return intact;
}

/**
 * What the sentence of each kind of reading problem must say: the code groups problems on the
 * screen, so a sentence filed under another kind's code is shown under the wrong heading.
 */
const SENTENCE_OF_CODE: Record<string, RegExp> = {
  bad_json: /is cut off|is not valid JSON/,
  too_deep: /nested (too deeply|deeper)/,
  not_an_object: /not a JSON object|not an object/,
  broken_json: /ends before its JSON is complete|closes a bracket|outside any JSON value/,
  line_too_long: /longer than/,
  record_too_large: /larger than/,
  invalid_bytes: /not valid (UTF-8|UTF-16|GB18030)/,
  read_as_gb18030: /read as GB18030/,
};

/** A problem whose sentence does not fit its code, or null. */
function misfiled(problem: { code: string; message: string }): string | null {
  const pattern = SENTENCE_OF_CODE[problem.code];
  return pattern && !pattern.test(problem.message)
    ? `a problem filed as ${problem.code} says: ${problem.message}`
    : null;
}

function outcomeDefects(outcome: RecordOutcome, line: number): string[] {
  const defects: string[] = [];
  if (outcome.kind === 'rejected') {
    if (outcome.problems.length === 0) defects.push(`line ${line} was rejected without a problem`);
    for (const problem of outcome.problems) {
      if (!isSentence(problem.message))
        defects.push(`line ${line}: not a sentence: ${problem.message}`);
      defects.push(...(misfiled(problem) ?? []));
    }
    return defects;
  }
  if (outcome.kind !== 'message') return defects;
  const message = outcome.message;
  if (message.msgid === '') defects.push(`line ${line} gave a message without a msgid`);
  if (
    !Number.isSafeInteger(message.msgtime) ||
    message.msgtime < 0 ||
    message.msgtime > MAX_MSGTIME
  )
    defects.push(`line ${line} gave msgtime ${message.msgtime}, which the store cannot key`);
  let payload: unknown;
  try {
    payload = parseExact(message.payload);
  } catch {
    defects.push(`line ${line} gave a payload that is not JSON: ${message.payload.slice(0, 200)}`);
  }
  if (!wellFormed(payload)) defects.push(`line ${line} gave a payload with a lone surrogate`);
  if (message.valid === message.problems.some((problem) => problem.severity === 'error'))
    defects.push(`line ${line}: valid is ${message.valid} against its problems`);
  for (const problem of message.problems)
    if (!isSentence(problem.message))
      defects.push(`line ${line}: not a sentence: ${problem.message}`);
  return defects;
}

function readingDefects(input: MutatedExport, reading: Reading): string[] {
  const defects: string[] = [];
  if (reading.ms > MAX_INPUT_MS) defects.push(`it took ${reading.ms.toFixed(0)} ms`);
  if (reading.refusal !== null) {
    if (!isSentence(reading.refusal))
      defects.push(`refused without a sentence: ${reading.refusal}`);
    return defects;
  }
  if (reading.records.length === 0 && reading.problems.length === 0)
    defects.push('it was read, but yielded neither records nor problems');
  if (reading.afterFatal > 0)
    defects.push(`${reading.afterFatal} entries came after a fatal problem`);

  const { utf8, lineStarts } = decoded(input.bytes);
  for (const problem of reading.problems) {
    if (!isSentence(problem.message)) defects.push(`not a sentence: ${problem.message}`);
    defects.push(...(misfiled(problem) ?? []));
    if (problem.line < 1 || problem.line > lineStarts.length)
      defects.push(`problem at line ${problem.line} of ${lineStarts.length}: ${problem.message}`);
    else if (lineOf(lineStarts, problem.offset) !== problem.line)
      defects.push(
        `problem at line ${problem.line} points into line ${lineOf(lineStarts, problem.offset)}: ${problem.message}`,
      );
  }
  for (const { record, outcomes } of reading.records) {
    const at = utf8.toString('utf8', record.offset, record.offset + record.length);
    if (at !== record.text)
      defects.push(`the record at line ${record.line} is not the text at its offset`);
    if (lineOf(lineStarts, record.offset) !== record.line)
      defects.push(
        `the record at line ${record.line} starts on line ${lineOf(lineStarts, record.offset)}`,
      );
    for (const outcome of outcomes) defects.push(...outcomeDefects(outcome, record.line));
  }

  // A JSON Lines file is read line by line: damage to one line must not cost another.
  const [startEncoding, endEncoding] = reading.encodings!;
  if (reading.format === 'jsonl' && (startEncoding === 'utf8' || startEncoding === 'gb18030')) {
    const byLine = new Map(reading.records.map((entry) => [entry.record.line, entry.outcomes]));
    for (const [line, text] of intactFixtureLines(input.bytes, reading.bomLength)) {
      // Read as GB18030 from some point on, a UTF-8 line with Chinese in it is read otherwise.
      if (endEncoding === 'gb18030' && NON_ASCII.test(text)) continue;
      const outcomes = byLine.get(line);
      const only = outcomes?.length === 1 ? outcomes[0] : undefined;
      const fine = only?.kind === 'message' && only.message.valid;
      if (!fine)
        defects.push(
          `the intact fixture at line ${line} did not import: ${JSON.stringify(outcomes)}`,
        );
    }
  }
  return defects;
}

// -- a whole import ------------------------------------------------------------------------

async function importDefects(
  db: Database,
  file: string,
  lines: number,
  random: Random,
): Promise<string[]> {
  const defects: string[] = [];
  const before = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  const result = await importFile({
    db,
    file,
    cutoff: random.chance(0.2) ? 1_600_000_000_000 : null,
    recordsPerTransaction: random.between(1, 200),
    ...(random.chance(0.3) ? { chunkBytes: random.between(64, 8192) } : {}),
  });
  if (result.state !== 'done' && result.state !== 'failed')
    defects.push(`the import ended ${result.state}`);
  if (
    result.error !== null &&
    !(isSentence(result.error) && result.error.includes(path.basename(file)))
  )
    defects.push(`its error does not name the file in a sentence: ${result.error}`);
  if (result.importId === null) return [...defects, 'the import left no record of itself'];

  const row = importRow(db, result.importId);
  const after = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  if (after - before !== row.stored)
    defects.push(`it says ${row.stored} were stored, but the store grew by ${after - before}`);
  for (const problem of locatedProblems(db, result.importId)) {
    if (problem.file !== file) defects.push(`a problem names ${problem.file}`);
    if (problem.line < 1 || problem.line > lines)
      defects.push(`a problem at line ${problem.line} of ${lines}: ${problem.message}`);
    if (!isSentence(problem.message)) defects.push(`not a sentence: ${problem.message}`);
  }
  defects.push(...storeDefects(db, { quick: true }));
  if (
    JSON.stringify(messagesOfImport(db, store.fixtureImportId)) !== JSON.stringify(store.baseline)
  )
    defects.push('the fixtures imported before are no longer as they were');
  return defects;
}

// -- the run -------------------------------------------------------------------------------

/** Keeps a failing input where the next run does not remove it, and says where. */
function keep(file: string, index: number, input: MutatedExport): string {
  const kept = path.join(tmpdir(), `archive-fuzz-${SEED}-${index}.${input.extension}`);
  copyFileSync(file, kept);
  return kept;
}

describe('the reader and the record pipeline, given mutated exports', () => {
  it(
    `read ${ONLY_INPUT === undefined ? INPUTS : 1} inputs mutated from the fixtures (seed ${SEED}) without throwing, hanging or harming the store`,
    async () => {
      const started = performance.now();
      const indexes =
        ONLY_INPUT === undefined
          ? Array.from({ length: INPUTS }, (_, i) => i)
          : [Number(ONLY_INPUT)];
      const tally = { refused: 0, records: 0, problems: 0, imports: 0, slowestMs: 0, slowest: '' };

      for (const index of indexes) {
        const random = seededRandom(inputSeed(SEED, index));
        const input = mutatedExport(random);
        const file = path.join(dir.path, `input-${index}.${input.extension}`);
        writeFileSync(file, input.bytes);
        const label = `input ${index} of seed ${SEED} (${input.steps.join(', ')})`;

        watchdog.step(label);
        let defects: string[];
        try {
          const reading = readInput(file, input.bytes.length, random);
          defects = readingDefects(input, reading);
          if (reading.refusal !== null) tally.refused += 1;
          tally.records += reading.records.length;
          tally.problems += reading.problems.length;
          if (reading.ms > tally.slowestMs) {
            tally.slowestMs = reading.ms;
            tally.slowest = label;
          }
          if (index % IMPORT_EVERY === 0 || ONLY_INPUT !== undefined) {
            const lines = input.bytes.filter((byte) => byte === 0x0a).length + 1;
            defects.push(...(await importDefects(store.db, file, lines, random)));
            tally.imports += 1;
          }
        } catch (error) {
          defects = [`it threw ${(error as Error).stack ?? String(error)}`];
        }
        watchdog.idle();

        if (defects.length > 0) {
          const kept = keep(file, index, input);
          expect.fail(
            `The ${label} went wrong:\n- ${defects.slice(0, 10).join('\n- ')}\nIts bytes are kept at ${kept}; ARCHIVE_IMPORTER_FUZZ_SEED=${SEED} ARCHIVE_IMPORTER_FUZZ_INPUT=${index} runs it alone.`,
          );
        }
        if (index % 50 === 0) await yieldToEventLoop();
      }

      const elapsed = performance.now() - started;
      console.log(
        `fuzz seed ${SEED}: ${indexes.length} inputs (${tally.refused} refused, ${tally.records} records, ${tally.problems} file problems), ${tally.imports} imports, ${(elapsed / 1000).toFixed(1)} s; slowest ${tally.slowestMs.toFixed(0)} ms: ${tally.slowest}`,
      );
      expect(storeDefects(store.db)).toEqual([]);
      expect(elapsed).toBeLessThan(BUDGET_MS);
    },
    BUDGET_MS * 2,
  );
});
