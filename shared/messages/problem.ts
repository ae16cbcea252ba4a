/**
 * A defect found in an input record. Errors keep the message from being uploaded; warnings
 * describe a safe treatment that was applied (and say which).
 */
export type ProblemSeverity = 'error' | 'warning';

export interface Problem {
  readonly severity: ProblemSeverity;
  /** A stable identifier for grouping, e.g. `invalid_type`, `msgtime_in_seconds`. */
  readonly code: string;
  /** Field path inside the record, e.g. `text.content` or `chatrecord.item[2].type`; '' for the record. */
  readonly path: string;
  /** A sentence for the operator. */
  readonly message: string;
}

/** A problem located in a file: what the CLI's `import --json` reports. */
export interface LocatedProblem extends Problem {
  readonly file: string;
  readonly line: number;
  readonly msgid: string | null;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
