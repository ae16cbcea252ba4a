/** What every command gets: parsed options, the output streams and a way to open the store. */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { configureLogging } from '../core/logging/logger.js';
import { ArchiveService } from '../core/service/archive-service.js';
import type { Rate } from '../../shared/settings.js';

/** The repository root is two folders up from both this source file and its bundle. */
export const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
export const DEFAULT_DB = 'archive-importer.db';

/** A usage mistake (exit code 2) or a failure the operator can act on (exit code 1). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliOptions {
  db: string;
  json: boolean;
  verbose: boolean;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface CliContext extends CliOptions {
  out(text: string): void;
  err(text: string): void;
  /** Prints the one JSON document of --json. */
  printJson(value: unknown): void;
  /**
   * Opens the store. `mustExist` is for commands that only read or send what is stored: a
   * mistyped --db then gets a sentence instead of a new, empty store.
   */
  openService(options?: { sandboxRate?: Rate; mustExist?: boolean }): ArchiveService;
  env: NodeJS.ProcessEnv;
}

export function createContext(options: CliOptions, env: NodeJS.ProcessEnv): CliContext {
  const dbPath = path.resolve(options.db);
  return {
    ...options,
    db: dbPath,
    env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    printJson: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    openService: (serviceOptions = {}) => {
      if (existsSync(dbPath) && statSync(dbPath).isDirectory()) {
        throw new CliError(`${dbPath} is a folder; --db names the store file itself.`, 2);
      }
      if (serviceOptions.mustExist && !existsSync(dbPath)) {
        throw new CliError(
          `There is no store at ${dbPath} yet: import export files first, or name the store with --db.`,
        );
      }
      // Logs go beside the store, and only once there is a store to speak of.
      configureLogging({
        dir: path.join(path.dirname(dbPath), 'logs'),
        level: options.verbose ? 'debug' : 'info',
        echo: options.verbose,
      });
      return ArchiveService.open({
        dbPath,
        version: VERSION,
        utcOffsetMinutes: () => -new Date().getTimezoneOffset(),
        ...(serviceOptions.sandboxRate ? { sandboxRate: serviceOptions.sandboxRate } : {}),
      });
    },
  };
}
