/**
 * The headless command line: the same core as the desktop app, for scripts and checks.
 * `--json` prints exactly one JSON document on stdout; errors are one sentence on stderr.
 */
import { parseArgs } from 'node:util';

import { StoreError } from '../core/store/store-errors.js';
import { type CliContext, CliError, createContext, DEFAULT_DB } from './cli-context.js';
import { failedCommand, listCommand, statusCommand } from './commands/browse-commands.js';
import { exportCommand, retryCommand } from './commands/change-commands.js';
import { demoCommand } from './commands/demo-command.js';
import { importCommand } from './commands/import-command.js';
import { sandboxCommand } from './commands/sandbox-command.js';
import { uploadCommand } from './commands/upload-command.js';

const USAGE = `Usage: npm run -s cli -- <command> [options]

Commands:
  import <file...>          stream, normalize, validate and store export files
  status                    counts by status and by msgtype
  list                      messages: --type T --status S --search TEXT --sender ID --room ID --limit N --offset N
  upload                    send every eligible message, resuming what was left (--limit N calls)
  failed                    failed messages with reasons
  retry [--msgid ID...]     make failed messages eligible again (all of them without --msgid)
  export --out FILE         messages in the upload shape as JSON Lines (or --format csv); filters as for list
  sandbox                   run the local SCRM emulator (--port N, --rate C/S, --data FILE)
  demo                      sandbox + sample export + import + upload, end to end (--count N)

Global options:
  --db FILE                 the store (default ./${DEFAULT_DB}, or $ARCHIVE_IMPORTER_DB)
  --json                    print one JSON document on stdout
  --verbose                 log to stderr and show stack traces

Upload options (or DUSTESS_BASE_URL, DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET, DUSTESS_TOKEN,
DUSTESS_AES_KEY, DUSTESS_RECEIVE_ID):
  --base-url URL --client-id ID --client-secret S --token T --aes-key KEY --receive-id ID
  --rate CALLS/SECONDS      default 10/60
  --cutoff ISO-8601         when Dustess's own archive sync was switched on; later messages stay out
  --include-after-cutoff    upload them anyway (only if you are sure no data is lost)
`;

const COMMANDS: Record<string, (ctx: CliContext) => Promise<number>> = {
  import: importCommand,
  status: statusCommand,
  list: listCommand,
  upload: uploadCommand,
  failed: failedCommand,
  retry: retryCommand,
  export: exportCommand,
  sandbox: sandboxCommand,
  demo: demoCommand,
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        type: { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        search: { type: 'string' },
        sender: { type: 'string' },
        room: { type: 'string' },
        limit: { type: 'string' },
        offset: { type: 'string' },
        'base-url': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        token: { type: 'string' },
        'aes-key': { type: 'string' },
        'receive-id': { type: 'string' },
        rate: { type: 'string' },
        cutoff: { type: 'string' },
        'include-after-cutoff': { type: 'boolean' },
        msgid: { type: 'string', multiple: true },
        out: { type: 'string' },
        format: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        count: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`${usageSentence(error)} See --help.\n`);
    return 2;
  }
  const [command, ...positionals] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(USAGE);
    return command || parsed.values.help ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(
      `Unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`,
    );
    return 2;
  }
  const verbose = parsed.values.verbose ?? false;
  try {
    const ctx = createContext(
      {
        db: parsed.values.db ?? process.env['ARCHIVE_IMPORTER_DB'] ?? DEFAULT_DB,
        json: parsed.values.json ?? false,
        verbose,
        values: parsed.values,
        positionals,
      },
      process.env,
    );
    return await run(ctx);
  } catch (error) {
    const known = error instanceof CliError || error instanceof StoreError;
    const sentence = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${known ? sentence : `Something went wrong: ${sentence}`}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/**
 * parseArgs' first line, except for a value that starts with a dash (a secret can): the
 * first line only calls it ambiguous, and how to write it is on the lines left out.
 */
function usageSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous)
    return `The value given to ${ambiguous[1]} starts with a dash; write it as ${ambiguous[1]}=VALUE.`;
  return message.split('\n')[0] ?? message;
}

// A reader that goes away (`status | head`) is no error of ours: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
