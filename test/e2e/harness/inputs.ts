/**
 * Export files the tests import: the real-format fixtures, and generated exports (with the
 * defects real exports carry) written into the test's own folder.
 */
import { copyFileSync, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

import { sampleLines, type SampleOptions } from '../../../electron/core/demo/sample-export.js';

export const FIXTURES_FILE = path.resolve(
  import.meta.dirname,
  '../../fixtures/wecom-messages.jsonl',
);

/** Messages in the fixtures file. */
export const FIXTURE_COUNT = 29;

let fixturesText: string | null = null;

export function fixturesSource(): string {
  fixturesText ??= readFileSync(FIXTURES_FILE, 'utf8');
  return fixturesText;
}

/** Copies the fixtures into `dir` under `name`, as an operator's export would sit on disk. */
export function copyFixtures(dir: string, name = 'wecom-messages.jsonl'): string {
  const file = path.join(dir, name);
  copyFileSync(FIXTURES_FILE, file);
  return file;
}

/** Lines are written in slices of this many, which keeps a million-line export quick. */
const LINES_PER_WRITE = 5000;

/** Writes a generated export of `count` messages as JSON Lines; returns its path. */
export async function writeSample(
  file: string,
  options: Omit<SampleOptions, 'fixtures'>,
): Promise<string> {
  const out = createWriteStream(file);
  let slice: string[] = [];
  const flush = async () => {
    if (slice.length === 0) return;
    const text = `${slice.join('\n')}\n`;
    slice = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const line of sampleLines({ fixtures: fixturesSource(), ...options })) {
    slice.push(line);
    if (slice.length >= LINES_PER_WRITE) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return file;
}

/**
 * The generated export most specs use: 2,000 messages over 60 days before 2024-05-01 with one
 * of each defect kind (broken line, seconds, missing field, unknown type, duplicate, huge seq,
 * bad tolist, conflict), Chinese text with 合同 and 报价 in it.
 */
export const DEFECT_SAMPLE = { count: 2000, defects: true } as const;
