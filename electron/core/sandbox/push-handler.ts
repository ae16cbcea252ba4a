/**
 * What the sandbox does with one chat-data push that got past the rate limit and the
 * connection faults: check the token, the signature and the receiver, read the message list,
 * validate each message, keep the good ones, and answer as the SCRM documents.
 */
import {
  DecryptError,
  ReceiveIdMismatchError,
  SignatureMismatchError,
} from '../crypto/crypto-errors.js';
import { openEnvelope } from '../crypto/envelope.js';
import type { Envelope } from '../crypto/envelope.js';
import { parseExact, stringifyExact } from '../json/exact-json.js';
import { validateMessage } from '../validate/validate-message.js';
import { MAX_MESSAGES_PER_CALL } from '../../../shared/messages/schemas.js';
import type { AcceptedStore, StoreResult } from './accepted-store.js';
import type { FaultPlan } from './faults.js';
import type { SandboxCredentials } from './sandbox-credentials.js';
import { SANDBOX_CODES } from './sandbox-codes.js';
import type { TokenRegistry } from './token-registry.js';

export interface ScrmReply {
  /** Both examples on the API page say false, success or not; clients must read `code`. */
  readonly success: false;
  readonly code: number;
  readonly msg: string;
  readonly data: { readonly fail_id_list: string[]; readonly is_success: boolean } | null;
}

export interface PushContext {
  readonly credentials: SandboxCredentials;
  readonly tokens: TokenRegistry;
  readonly store: AcceptedStore;
  readonly faults: FaultPlan;
  readonly random: () => number;
  readonly now: number;
}

export interface PushRequest {
  readonly accessToken: string | null;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface PushResult {
  readonly reply: ScrmReply;
  /** Messages in the decrypted list (0 when it was never read). */
  readonly messages: number;
  readonly failIds: number;
  /** Entries without a msgid, which no fail_id_list can name. */
  readonly unnamed: number;
  readonly stored: StoreResult | null;
  /** Which fault shaped the answer, if one did. */
  readonly fault: 'expiredToken' | 'systemError' | 'partialFailure' | null;
}

export function handlePush(request: PushRequest, context: PushContext): PushResult {
  const token = context.tokens.check(request.accessToken, context.now);
  if (token === 'unknown') return refuse(SANDBOX_CODES.invalidToken, 'invalid access token');
  if (token === 'expired') return refuse(SANDBOX_CODES.expiredToken, 'access token expired');
  if (context.faults.draw('expiredToken')) {
    context.tokens.expire(request.accessToken ?? '', context.now);
    return { ...refuse(SANDBOX_CODES.expiredToken, 'access token expired'), fault: 'expiredToken' };
  }

  if (!/^application\/json\b/i.test(request.contentType ?? '')) {
    return refuse(SANDBOX_CODES.invalidRequest, 'Content-Type must be application/json');
  }
  const envelope = readEnvelope(request.body);
  if (!envelope) {
    return refuse(
      SANDBOX_CODES.invalidRequest,
      'the body must be JSON with the strings encryptData, msgSignature, timeStamp and nonce',
    );
  }

  let plaintext: Buffer;
  try {
    plaintext = openEnvelope(envelope, context.credentials);
  } catch (error) {
    if (error instanceof SignatureMismatchError) {
      return refuse(SANDBOX_CODES.badSignature, 'msgSignature does not match');
    }
    if (error instanceof ReceiveIdMismatchError) {
      return refuse(SANDBOX_CODES.badReceiveId, 'the data was encrypted for another receiveId');
    }
    if (error instanceof DecryptError) {
      return refuse(SANDBOX_CODES.decryptFailed, `encryptData does not decrypt (${error.reason})`);
    }
    throw error;
  }

  const list = readMessageList(plaintext);
  if (typeof list === 'string') return refuse(SANDBOX_CODES.invalidRequest, list);

  if (context.faults.draw('systemError')) {
    return {
      ...refuse(SANDBOX_CODES.systemError, 'system unknown error'),
      messages: list.length,
      fault: 'systemError',
    };
  }
  return keepValid(list, context);
}

function keepValid(list: unknown[], context: PushContext): PushResult {
  const failIds: string[] = [];
  const valid: Array<[string, string]> = [];
  let unnamed = 0;
  for (const entry of list) {
    const msgid = isRecord(entry) ? entry['msgid'] : undefined;
    if (typeof msgid !== 'string' || msgid === '') {
      unnamed += 1;
      continue;
    }
    if (!isRecord(entry) || validateMessage(entry).length > 0) failIds.push(msgid);
    else valid.push([msgid, stringifyExact(entry)]);
  }

  let fault: PushResult['fault'] = null;
  const partial = context.faults.faults.partialFailure;
  if (partial && valid.length > 0 && context.faults.draw('partialFailure')) {
    fault = 'partialFailure';
    const failing = Math.max(1, Math.round(partial.fraction * valid.length));
    for (const [msgid] of pickRandom(valid, failing, context.random)) failIds.push(msgid);
  }

  const failed = new Set(failIds);
  const stored = context.store.keep(valid.filter(([msgid]) => !failed.has(msgid)));
  return {
    reply: {
      success: false,
      code: SANDBOX_CODES.ok,
      msg: 'ok',
      data: { fail_id_list: failIds, is_success: failIds.length === 0 && unnamed === 0 },
    },
    messages: list.length,
    failIds: failIds.length,
    unnamed,
    stored,
    fault,
  };
}

function refuse(code: number, msg: string): PushResult {
  return {
    reply: { success: false, code, msg, data: null },
    messages: 0,
    failIds: 0,
    unnamed: 0,
    stored: null,
    fault: null,
  };
}

function readEnvelope(body: string): Envelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const { encryptData, msgSignature, timeStamp, nonce } = parsed;
  if (
    typeof encryptData !== 'string' ||
    typeof msgSignature !== 'string' ||
    typeof timeStamp !== 'string' ||
    typeof nonce !== 'string'
  ) {
    return null;
  }
  return { encryptData, msgSignature, timeStamp, nonce };
}

/** The decrypted `{"msg_list": [...]}`, or a sentence saying what is wrong with it. */
function readMessageList(plaintext: Buffer): unknown[] | string {
  let document: unknown;
  try {
    // parseExact, so that integers above 2^53 are kept digit for digit.
    document = parseExact(plaintext.toString('utf8'));
  } catch {
    return 'the decrypted data is not JSON';
  }
  const list = isRecord(document) ? document['msg_list'] : undefined;
  if (!Array.isArray(list)) return 'the decrypted data must be {"msg_list": [...]}';
  if (list.length === 0) return 'msg_list is empty';
  if (list.length > MAX_MESSAGES_PER_CALL) {
    return `msg_list holds ${list.length} messages; at most ${MAX_MESSAGES_PER_CALL} are allowed per call`;
  }
  return list;
}

function pickRandom<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let index = 0; index < count; index += 1) {
    const swap = index + Math.floor(random() * (pool.length - index));
    [pool[index], pool[swap]] = [pool[swap] as T, pool[index] as T];
  }
  return pool.slice(0, count);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
