/**
 * One logger per subsystem, writing JSON lines to a size-rotated file in the app's data
 * folder. Hand-written because it is small and must run unchanged in the Electron main
 * process, in worker threads and in the CLI; the common libraries bring worker-thread
 * transports that would fight with our own workers.
 *
 * Never log message bodies or secrets: fields whose names look secret are replaced, and
 * `accessToken` is cut out of URLs, as a second line of defence.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Rotate at 5 MB and keep three old files: weeks of batch logs, bounded disk use. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const KEPT_FILES = 3;

const SECRET_KEY = /secret|token|aes.?key|password|authorization/i;
const ACCESS_TOKEN_IN_URL = /([?&]accessToken=)[^&#\s"]*/gi;

interface Sink {
  file: string | null;
  level: LogLevel;
  /** Also echo warnings and errors to stderr (the CLI's --verbose). */
  echo: boolean;
}

const sink: Sink = { file: null, level: 'info', echo: false };

export function configureLogging(options: {
  dir?: string | null;
  level?: LogLevel;
  echo?: boolean;
}): void {
  if (options.dir) {
    try {
      mkdirSync(options.dir, { recursive: true });
      sink.file = path.join(options.dir, 'archive-importer.log');
    } catch {
      // A folder that cannot be written must not stop the app before it can say why in a
      // sentence (the store beside it will); there is no log file until another is set.
      sink.file = null;
    }
  } else if (options.dir === null) {
    sink.file = null;
  }
  if (options.level) sink.level = options.level;
  if (options.echo !== undefined) sink.echo = options.echo;
}

export function logFilePath(): string | null {
  return sink.file;
}

export function redactUrl(url: string): string {
  return url.replace(ACCESS_TOKEN_IN_URL, '$1[redacted]');
}

function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrl(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: redactUrl(value.message) };
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return out;
}

function rotateIfLarge(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size < MAX_FILE_BYTES) return;
  rmSync(`${file}.${KEPT_FILES}`, { force: true });
  for (let index = KEPT_FILES - 1; index >= 1; index -= 1) {
    try {
      renameSync(`${file}.${index}`, `${file}.${index + 1}`);
    } catch {
      // A missing older file is normal.
    }
  }
  try {
    renameSync(file, `${file}.1`);
  } catch {
    // Another thread rotated first.
  }
}

function write(
  name: string,
  level: LogLevel,
  message: string,
  fields?: Record<string, unknown>,
): void {
  if (LEVEL_RANK[level] < LEVEL_RANK[sink.level]) return;
  const entry = {
    time: new Date().toISOString(),
    level,
    name,
    message: redactUrl(message),
    ...(fields ? (redact(fields) as object) : {}),
  };
  const line = `${JSON.stringify(entry)}\n`;
  if (sink.file) {
    try {
      rotateIfLarge(sink.file);
      appendFileSync(sink.file, line);
    } catch {
      // Logging must never take the app down; a full disk shows up elsewhere.
    }
  }
  if (sink.echo && LEVEL_RANK[level] >= LEVEL_RANK.warn) process.stderr.write(line);
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(name: string): Logger {
  return {
    debug: (message, fields) => write(name, 'debug', message, fields),
    info: (message, fields) => write(name, 'info', message, fields),
    warn: (message, fields) => write(name, 'warn', message, fields),
    error: (message, fields) => write(name, 'error', message, fields),
  };
}
