/** The common frame of the SCRM's JSON replies: `{code, msg, data}`. */

export interface ReplyBody {
  /** Undefined when the reply is not JSON or its code is not a whole number. */
  readonly code: number | undefined;
  readonly msg: string;
  readonly data: unknown;
  readonly isJson: boolean;
}

/**
 * Reads a reply text. A code written as digits in a string ("0") counts as a number: taking
 * it costs nothing, and refusing it would resend an accepted batch until the retries run out.
 */
export function readReplyBody(text: string): ReplyBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { code: undefined, msg: '', data: undefined, isJson: false };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { code: undefined, msg: '', data: undefined, isJson: false };
  }

  const body = parsed as Record<string, unknown>;
  return {
    code: readCode(body['code']),
    msg: typeof body['msg'] === 'string' ? body['msg'] : '',
    data: body['data'],
    isJson: true,
  };
}

function readCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,10}$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A short description of a reply for logs and outcome reasons, never its content. */
export function describeReply(status: number, body: ReplyBody): string {
  if (!body.isJson) return `HTTP ${status} with a reply that is not JSON`;
  if (body.code === undefined) return `HTTP ${status} with a reply that has no numeric code`;
  return `HTTP ${status} with code ${body.code}`;
}
