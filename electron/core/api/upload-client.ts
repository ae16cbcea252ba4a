/**
 * The chat-data push call: one sealed envelope in, one UploadOutcome out. It never throws for
 * what the server or the network does, only for unusable settings (UnsafeBaseUrlError) and
 * for cancellation through `signal`.
 */
import type { Envelope } from '../crypto/envelope.js';
import { createLogger, redactUrl } from '../logging/logger.js';
import { endpointUrl } from './base-url.js';
import { postJson } from './http-post.js';
import { describeReply, readReplyBody } from './reply-body.js';
import type { ReplyBody } from './reply-body.js';
import { classifyReply, DEFAULT_REPLY_CODES } from './reply-codes.js';
import type { ReplyCodes } from './reply-codes.js';
import { parseRetryAfter } from './retry-after.js';
import type { UploadOutcome } from './upload-outcome.js';

export const CHAT_DATA_PATH = '/open-integration-api/chat-data/v1/push/chatdata';

/** A batch is up to 1000 messages and megabytes of base64; slow links need the time. */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 30_000;

const log = createLogger('api.upload');

export interface PushChatDataOptions {
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly envelope: Envelope;
  readonly fetchImpl?: typeof fetch;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly replyCodes?: ReplyCodes;
  /** The clock for Retry-After dates. */
  readonly now?: () => number;
}

export async function pushChatData(options: PushChatDataOptions): Promise<UploadOutcome> {
  const url = endpointUrl(options.baseUrl, CHAT_DATA_PATH);
  url.searchParams.set('accessToken', options.accessToken);
  const { encryptData, msgSignature, timeStamp, nonce } = options.envelope;
  const body = JSON.stringify({ encryptData, msgSignature, timeStamp, nonce });

  const exchange = await postJson({
    url,
    body,
    timeoutMs: options.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
    fetchImpl: options.fetchImpl,
    signal: options.signal,
  });

  const logFields = {
    method: 'POST',
    url: redactUrl(url.href),
    requestBytes: body.length,
    durationMs: exchange.durationMs,
  };
  if (exchange.kind === 'no-reply') {
    const outcome: UploadOutcome = {
      kind: 'transient',
      reason: `No complete reply from the SCRM (${exchange.reason}: ${exchange.detail}).`,
    };
    log.warn('push chat data: no reply', {
      ...logFields,
      outcome: outcome.kind,
      reason: exchange.reason,
      detail: exchange.detail,
    });
    return outcome;
  }

  const reply = readReplyBody(exchange.text);
  const outcome = judgeReply(exchange.status, exchange.headers, reply, options);
  const fields = {
    ...logFields,
    status: exchange.status,
    code: reply.code,
    outcome: outcome.kind,
    failIds: outcome.kind === 'accepted' ? outcome.failIds.length : undefined,
  };
  if (outcome.kind === 'accepted') log.info('push chat data', fields);
  else log.warn('push chat data', { ...fields, msg: reply.msg });
  return outcome;
}

function judgeReply(
  status: number,
  headers: Headers,
  reply: ReplyBody,
  options: PushChatDataOptions,
): UploadOutcome {
  const verdict = classifyReply(reply.code, status, options.replyCodes ?? DEFAULT_REPLY_CODES);
  const msg = reply.msg;

  if (verdict === 'rate-limited') {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), (options.now ?? Date.now)());
    return {
      kind: 'rate-limited',
      msg,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(reply.code === undefined ? {} : { code: reply.code }),
    };
  }
  if (verdict === 'token-rejected')
    return { kind: 'token-rejected', code: reply.code ?? status, msg };

  if (status >= 500) {
    return {
      kind: 'transient',
      status,
      reason: `The SCRM had a server error (${describeReply(status, reply)}).`,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'transient',
      status,
      reason: `The SCRM redirected the upload (HTTP ${status}); check the base URL.`,
    };
  }
  if (verdict === null) {
    return {
      kind: 'transient',
      status,
      reason: `The SCRM's reply was not understood (${describeReply(status, reply)}).`,
    };
  }
  if (verdict === 'ok') {
    if (status < 200 || status >= 300) {
      return { kind: 'transient', status, reason: `The SCRM answered code 0 with HTTP ${status}.` };
    }
    return { kind: 'accepted', code: 0, msg, failIds: readFailIds(reply.data) };
  }
  return { kind: 'rejected', code: reply.code ?? status, msg };
}

/** `data.fail_id_list`, which may be missing or null when nothing failed. */
function readFailIds(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return [];
  const list = (data as Record<string, unknown>)['fail_id_list'];
  if (!Array.isArray(list)) return [];
  const ids: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') ids.push(item);
    else if (typeof item === 'number' || typeof item === 'bigint') ids.push(String(item));
  }
  return ids;
}
