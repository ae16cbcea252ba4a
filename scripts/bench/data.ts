/** Benchmark inputs generated from the fixtures: JSON Lines and a JSON array of the same messages. */
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

import { sampleLines } from '../../electron/core/demo/sample-export.js';

const fixtures = readFileSync(
  path.resolve(import.meta.dirname, '../../test/fixtures/wecom-messages.jsonl'),
  'utf8',
);

async function write(file: string, lines: Iterable<string>, array: boolean): Promise<void> {
  const out = createWriteStream(file);
  let first = true;
  if (array) out.write('[\n');
  for (const line of lines) {
    const text = array ? `${first ? '' : ',\n'}${line}` : `${line}\n`;
    first = false;
    if (!out.write(text)) await once(out, 'drain');
  }
  if (array) out.write('\n]\n');
  out.end();
  await once(out, 'finish');
}

/** Writes (once) `count` messages as JSON Lines and as a JSON array; returns both paths. */
export async function benchFiles(
  dir: string,
  count: number,
): Promise<{ jsonl: string; array: string; bytes: number }> {
  const jsonl = path.join(dir, `messages-${count}.jsonl`);
  const array = path.join(dir, `messages-${count}.json`);
  const lines = () => sampleLines({ fixtures, count, seed: 7, days: 365 });
  if (!existsSync(jsonl)) await write(jsonl, lines(), false);
  if (!existsSync(array)) await write(array, lines(), true);
  return { jsonl, array, bytes: statSync(jsonl).size };
}
