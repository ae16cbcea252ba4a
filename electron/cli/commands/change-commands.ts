/** `retry` and `export`. */
import path from 'node:path';

import { type CliContext, CliError } from '../cli-context.js';
import { count } from '../format.js';
import { filterFromOptions } from './browse-commands.js';

const MSGIDS_PER_QUERY = 500;

export async function retryCommand(ctx: CliContext): Promise<number> {
  const raw = ctx.values['msgid'];
  const msgids = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map(String);
  const service = ctx.openService({ mustExist: true });
  try {
    let retried: number;
    if (msgids.length) {
      // SQLite takes a few thousand values per statement; ask in slices.
      retried = 0;
      let unknown = 0;
      for (let start = 0; start < msgids.length; start += MSGIDS_PER_QUERY) {
        const slice = msgids.slice(start, start + MSGIDS_PER_QUERY);
        const ids = service.db
          .prepare(`SELECT id FROM messages WHERE msgid IN (${slice.map(() => '?').join(', ')})`)
          .pluck()
          .all(...slice) as number[];
        unknown += slice.length - ids.length;
        if (ids.length) retried += service.retry({ ids });
      }
      if (unknown) ctx.err(`${unknown} of the msgids given are not in the store.`);
    } else {
      retried = service.retry({ all: true });
    }
    if (ctx.json) ctx.printJson({ retried });
    else ctx.out(`${count(retried)} failed messages are eligible for upload again.`);
    return 0;
  } finally {
    await service.close();
  }
}

export async function exportCommand(ctx: CliContext): Promise<number> {
  const out = ctx.values['out'];
  if (typeof out !== 'string') throw new CliError('Name the file to write with --out FILE.', 2);
  const format = ctx.values['format'] ?? (out.endsWith('.csv') ? 'csv' : 'jsonl');
  if (format !== 'jsonl' && format !== 'csv') throw new CliError('--format is jsonl or csv.', 2);
  const filter = filterFromOptions(ctx);
  const service = ctx.openService({ mustExist: true });
  try {
    const file = path.resolve(out);
    let exported: number;
    try {
      exported = await service.exportMessages(filter, format, file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new CliError(
        `The export file ${file} cannot be written${code ? ` (${code})` : ''}; choose another place.`,
      );
    }
    if (ctx.json) ctx.printJson({ exported, file });
    else ctx.out(`${count(exported)} messages written to ${file}.`);
    return 0;
  } finally {
    await service.close();
  }
}
