/** What every command gets: parsed options, the output streams and a way to open the store. */
import path from 'node:path';

import { configureLogging } from '../core/logging/logger.js';
import { ArchiveService } from '../core/service/archive-service.js';
import type { Rate } from '../../shared/settings.js';

export const VERSION = '0.1.0';
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
  openService(options?: { sandboxRate?: Rate }): ArchiveService;
  env: NodeJS.ProcessEnv;
}

export function createContext(options: CliOptions, env: NodeJS.ProcessEnv): CliContext {
  const dbPath = path.resolve(options.db);
  configureLogging({
    dir: path.join(path.dirname(dbPath), 'logs'),
    level: options.verbose ? 'debug' : 'info',
    echo: options.verbose,
  });
  return {
    ...options,
    db: dbPath,
    env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    printJson: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    openService: (serviceOptions = {}) =>
      ArchiveService.open({
        dbPath,
        version: VERSION,
        utcOffsetMinutes: () => -new Date().getTimezoneOffset(),
        ...(serviceOptions.sandboxRate ? { sandboxRate: serviceOptions.sandboxRate } : {}),
      }),
  };
}
