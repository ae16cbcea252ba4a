/** The first N lines of a JSON Lines file, written once. */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export async function firstLines(source: string, count: number, target: string): Promise<string> {
  if (existsSync(target)) return target;
  const out = createWriteStream(target);
  const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
  let written = 0;
  for await (const line of lines) {
    if (written >= count) break;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    written += 1;
  }
  lines.close();
  out.end();
  await once(out, 'finish');
  return target;
}
