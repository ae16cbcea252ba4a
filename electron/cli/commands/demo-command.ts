/**
 * `demo`: the whole pipeline with no credentials. Starts the sandbox on a free loopback port,
 * writes a sample export derived from the fixtures (with the defects real exports carry),
 * imports it, uploads it at a sandbox rate that takes about a minute, and prints the report.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Rate } from '../../../shared/settings.js';
import { sampleLines } from '../../core/demo/sample-export.js';
import { type CliContext, CliError, createContext } from '../cli-context.js';
import { count } from '../format.js';
import { integerOption } from './browse-commands.js';
import { importCommand } from './import-command.js';
import { rateFromOptions, runUpload } from './upload-command.js';

/** 2 calls every 10 s: twelve calls of 1000 messages take about 50 s, and the wait is visible. */
const DEMO_RATE: Rate = { calls: 2, windowSeconds: 10 };
const DEMO_MESSAGES = 12_000;

function fixturesText(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'demo-fixtures.jsonl'),
    path.join(here, '..', '..', 'test', 'fixtures', 'wecom-messages.jsonl'),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found)
    throw new CliError(
      'The sample messages the demo derives its export from are missing; rebuild with `npm run build`.',
    );
  return readFileSync(found, 'utf8');
}

export async function demoCommand(ctx: CliContext): Promise<number> {
  const messages = integerOption(ctx, 'count', DEMO_MESSAGES, 2_000_000);
  const rate = rateFromOptions(ctx, DEMO_RATE);
  const explicitDb = ctx.values['db'] !== undefined || ctx.env['ARCHIVE_IMPORTER_DB'] !== undefined;
  const folder = explicitDb
    ? path.dirname(ctx.db)
    : path.join(tmpdir(), `scrm-archive-importer-demo-${Date.now()}`);
  mkdirSync(folder, { recursive: true });
  const dbPath = explicitDb ? ctx.db : path.join(folder, 'demo.db');
  const demo = createContext({ ...ctx, db: dbPath, positionals: [] }, ctx.env);

  // Two files: JSON Lines, and a wrapped JSON document as GetChatData tools write it.
  const lines = [...sampleLines({ fixtures: fixturesText(), count: messages, defects: true })];
  const split = Math.floor(lines.length * 0.7);
  const jsonl = path.join(folder, 'sample-export.jsonl');
  const wrapped = path.join(folder, 'sample-export-chatdata.json');
  writeFileSync(jsonl, `${lines.slice(0, split).join('\n')}\n`);
  const tail = lines
    .slice(split)
    .flatMap((line) => line.split('\n'))
    .filter((line) => {
      try {
        JSON.parse(line);
        return true;
      } catch {
        return false;
      }
    });
  writeFileSync(
    wrapped,
    `{\n  "errcode": 0,\n  "errmsg": "ok",\n  "chatdata": [\n    ${tail.join(',\n    ')}\n  ]\n}\n`,
  );
  if (!ctx.json) {
    ctx.out(`Demo store: ${dbPath}`);
    ctx.out(`Sample export: ${count(lines.length)} records in ${jsonl} and ${wrapped}`);
    ctx.out('');
  }

  const importContext = { ...demo, positionals: [jsonl, wrapped], json: false };
  if (ctx.json) importContext.out = () => {};
  await importCommand(importContext);

  const service = demo.openService({ sandboxRate: rate });
  try {
    const sandbox = await service.ensureSandbox();
    if (!ctx.json) {
      ctx.out('');
      ctx.out(
        `Sandbox SCRM on ${sandbox.url}, ${rate.calls} calls per ${rate.windowSeconds} s; uploading…`,
      );
    }
    const code = await runUpload(
      { ...demo, json: ctx.json, values: { ...ctx.values, cutoff: undefined } },
      service,
      sandbox.credentials,
      rate,
    );
    const stats = sandbox.stats();
    const facets = service.facets({});
    const uploadedIds = service.db
      .prepare("SELECT msgid FROM messages WHERE status = 'uploaded'")
      .pluck()
      .all() as string[];
    const arrived = sandbox.accepted();
    const missing = uploadedIds.filter((msgid) => !arrived.has(msgid)).length;
    const report = {
      store: dbPath,
      byStatus: facets.byStatus,
      sandbox: {
        url: sandbox.url,
        calls: stats.calls,
        messagesKept: stats.storedMessages,
        duplicatesReceived: stats.duplicates,
        maxCallsInAnyWindow: stats.maxCallsInAnyWindow,
        rateLimited: stats.rateLimited,
      },
      agreement: { uploadedInStore: uploadedIds.length, missingAtSandbox: missing },
    };
    if (ctx.json) {
      ctx.printJson(report);
    } else {
      ctx.out('');
      ctx.out('Report');
      ctx.out(
        `  Store by status: ${Object.entries(facets.byStatus)
          .map(([status, n]) => `${status} ${count(n)}`)
          .join(', ')}`,
      );
      ctx.out(
        `  Sandbox: ${count(stats.storedMessages)} messages kept from ${count(stats.calls)} calls; at most ${stats.maxCallsInAnyWindow} calls in any ${rate.windowSeconds} s window (limit ${rate.calls}).`,
      );
      ctx.out(
        `  Store and sandbox ${missing === 0 ? 'agree' : 'DISAGREE'}: ${count(uploadedIds.length)} uploaded, ${count(missing)} missing at the sandbox.`,
      );
      ctx.out(`  Look around: npm run -s cli -- status --db ${dbPath}`);
    }
    return code === 0 && missing === 0 ? 0 : 1;
  } finally {
    await service.close();
  }
}
