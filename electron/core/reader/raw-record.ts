/** One record's text as found in an export file, with where it was found. */
export interface RawRecord {
  text: string;
  /** 1-based line where the record starts. */
  line: number;
  /** Offset of the record's first byte in the UTF-8 text of the file (after any BOM). */
  offset: number;
  /** Length of the record in UTF-8 bytes. */
  length: number;
}

/** A defect of the file itself (not of one message), located by line. */
export interface FileProblem {
  line: number;
  /**
   * UTF-8 offset of the first byte of what the problem concerns (the skipped line, list entry
   * or record; where reading stopped for a fatal problem). It orders problems among records,
   * so that an import resumed after an interruption neither loses nor repeats them.
   */
  offset: number;
  code: string;
  message: string;
  /** True when reading cannot go on past this point. */
  fatal: boolean;
}

export interface RecordSink {
  record(record: RawRecord): void;
  problem(problem: FileProblem): void;
}

/**
 * The largest record read into memory. The upload API takes whole batches of a few MB, so a
 * single message larger than this is a damaged file, not a message.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Records nested deeper than this are refused before any recursive code sees them. */
export const MAX_NESTING = 64;
