/**
 * Turns SQLite's failures into sentences an operator can act on. The detail (code, message)
 * goes to the log; the sentence goes to the screen or stderr.
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

function sqliteCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}

/** Whether SQLite (rather than the app) raised the error. */
export function isSqliteError(error: unknown): boolean {
  return sqliteCode(error)?.startsWith('SQLITE_') ?? false;
}

export function describeStoreError(error: unknown, dbPath: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error) ?? 'UNKNOWN';
  const sentence = (() => {
    if (code.startsWith('SQLITE_FULL')) {
      return `The disk that holds the store (${dbPath}) is full. Free some space and try again; everything stored before this point is intact.`;
    }
    if (
      code.startsWith('SQLITE_READONLY') ||
      code === 'EACCES' ||
      code === 'EPERM' ||
      code === 'EROFS'
    ) {
      return `The store (${dbPath}) cannot be written: its folder or file is read-only. Choose a folder you can write to, or change its permissions.`;
    }
    if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOENT' || code === 'ENOTDIR') {
      return `The store (${dbPath}) cannot be opened: its folder does not exist or cannot be written.`;
    }
    if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
      return `${dbPath} is not a readable store of this app (it is not an intact SQLite database). Open another file or move this one aside.`;
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return `The store (${dbPath}) is busy with another task. Wait for it to finish and try again.`;
    }
    if (code.startsWith('SQLITE_IOERR')) {
      return `Reading or writing the store (${dbPath}) failed at the disk. Check the disk and try again; everything stored before this point is intact.`;
    }
    return `The store (${dbPath}) reported an error (${code}). Try again; if it persists, see the log.`;
  })();
  return new StoreError(code, sentence, { cause: error });
}
