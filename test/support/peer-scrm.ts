/**
 * An independent peer of the SCRM for reliability tests: both endpoints over node:http on
 * 127.0.0.1, written from the API page alone. It shares no code with the app's sandbox,
 * crypto or JSON handling: every call is checked with the official `@wecom/crypto` package
 * (signature, decryption, receiveId) and read with `lossless-json`, so that a mistake the
 * app's own encoder and decoder share cannot hide.
 *
 * It enforces the rate limit on arrival, records every call (when it arrived, which msgids
 * it carried, what was answered) and puts on the faults a test schedules.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { decrypt, getSignature } from '@wecom/crypto';
import { isLosslessNumber, parse, stringify } from 'lossless-json';

/** The paths of the API page. */
export const PEER_TOKEN_PATH = '/auth/v1/access_token/token';
export const PEER_PUSH_PATH = '/open-integration-api/chat-data/v1/push/chatdata';

/** WeCom's codes, which the SCRM fronts; 0 and 10001 are on the API page itself. */
export const PEER_CODES = {
  ok: 0,
  systemError: 10001,
  badRequest: 40000,
  invalidCredential: 40001,
  invalidToken: 40014,
  expiredToken: 42001,
  tooFrequent: 45009,
  badSignature: -40001,
  badReceiveId: -40005,
  decryptFailed: -40007,
} as const;

/** The API page's limit per call. */
const MAX_MESSAGES_PER_CALL = 1000;
/** A signed time stamp further than this from the peer's clock is refused, as WeCom does. */
const MAX_CLOCK_SKEW_SECONDS = 300;
/** China keeps UTC+8 all year; the SCRM writes expiresIn in that time without a zone. */
const CHINA_OFFSET_MS = 8 * 3600_000;

export type PushFault =
  /**
   * Code 0, with this fraction of the msgids in fail_id_list (those are not kept), and the
   * `always` ones whenever they come.
   */
  | { kind: 'partial'; fraction: number; always?: readonly string[] }
  /** Code 10001 for the whole call. */
  | { kind: 'system-error' }
  /** HTTP 429 with Retry-After. */
  | { kind: 'rate-limit-429'; retryAfterSeconds: number }
  /** HTTP 200 with the too-frequent code in the body. */
  | { kind: 'rate-limit-body' }
  /** The token used has expired: refused, and dead from now on. */
  | { kind: 'token-expired' }
  /** Every token issued so far is revoked: refused, and dead from now on. */
  | { kind: 'token-revoked' }
  /** The connection is closed before the call is read. */
  | { kind: 'drop-before' }
  /** The call is taken, then the connection is closed without a reply. */
  | { kind: 'drop-after' }
  /** The call is taken and answered after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** The call is taken and half the reply sent before the connection closes. */
  | { kind: 'truncated' }
  /** A gateway answers HTTP 200 with an HTML page; the call never reached the service. */
  | { kind: 'non-json' };

export type PushFaultKind = PushFault['kind'];

/** Faults after which the peer holds the messages although the client heard no success. */
export const TAKEN_WITHOUT_REPLY: ReadonlySet<PushFaultKind> = new Set([
  'drop-after',
  'slow',
  'truncated',
]);

export type TokenFault = 'down' | 'drop';

export interface PeerOptions {
  /** The limit enforced on arrival: at most `calls` in any `windowMs`. */
  rate: { calls: number; windowMs: number };
  /** How a call over the limit is refused. */
  rateLimitReply?: 'http-429' | 'body';
  /** The fault for the n-th push call (from 1, counting every arrival), if any. */
  pushFault?: (call: number) => PushFault | null;
  /** The fault for the n-th token call (from 1), if any. */
  tokenFault?: (call: number) => TokenFault | null;
  /** Refuse every token as revoked, however fresh: credentials without the upload right. */
  refuseEveryToken?: boolean;
  tokenTtlSeconds?: number;
  /** Seed of the choice of failed msgids in partial replies. */
  seed?: number;
  /** Told of each push call as it arrives, before it is read (tests kill the sender here). */
  onPushArrival?: (record: PushRecord) => void;
}

export interface PushRecord {
  /** From 1, in order of arrival. */
  call: number;
  /** Epoch ms when the request's head arrived. */
  arrivedAt: number;
  overLimit: boolean;
  fault: PushFaultKind | null;
  /** Why the call could not be read or verified; null for a sound call. */
  problem: string | null;
  msgids: string[];
  /** msgids held after this call that were not before. */
  added: string[];
  /** msgids of this call the peer already held. */
  duplicates: string[];
  /** The code answered, or null when no reply was sent. */
  code: number | null;
  status: number | null;
  failIds: string[];
}

export interface TokenRecord {
  call: number;
  arrivedAt: number;
  fault: TokenFault | null;
  issued: boolean;
}

export interface PeerCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  token: string;
  encodingAesKey: string;
  receiveId: string;
}

export interface PeerScrm {
  readonly url: string;
  readonly credentials: PeerCredentials;
  readonly pushes: readonly PushRecord[];
  readonly tokens: readonly TokenRecord[];
  /** msgid → the message as the peer read it, written back digit for digit. */
  readonly held: ReadonlyMap<string, string>;
  /** msgid → how many calls delivered it (1 means no duplicate). */
  readonly copies: ReadonlyMap<string, number>;
  setOptions(next: Partial<PeerOptions>): void;
  close(): Promise<void>;
}

interface IssuedToken {
  expiresAt: number;
  dead: 'expired' | 'revoked' | null;
}

export async function startPeerScrm(initial: PeerOptions): Promise<PeerScrm> {
  let options = { ...initial };
  const credentials = {
    clientId: `peer-${randomBytes(4).toString('hex')}`,
    clientSecret: randomBytes(18).toString('base64url'),
    token: randomBytes(12).toString('hex'),
    // 32 random bytes in base64 are 43 characters and one "=", which the scheme leaves off.
    encodingAesKey: randomBytes(32).toString('base64').slice(0, 43),
    receiveId: `ww${randomBytes(8).toString('hex')}`,
  };
  const issued = new Map<string, IssuedToken>();
  const pushes: PushRecord[] = [];
  const tokens: TokenRecord[] = [];
  const held = new Map<string, string>();
  const copies = new Map<string, number>();
  const arrivals: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let random = seeded(options.seed ?? 1);

  function overLimit(at: number): boolean {
    const { calls, windowMs } = options.rate;
    let inWindow = 0;
    for (
      let index = arrivals.length - 1;
      index >= 0 && arrivals[index]! > at - windowMs;
      index -= 1
    )
      inWindow += 1;
    arrivals.push(at);
    return inWindow >= calls;
  }

  async function onToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const record: TokenRecord = {
      call: tokens.length + 1,
      arrivedAt: Date.now(),
      fault: null,
      issued: false,
    };
    tokens.push(record);
    const body = await readBody(request);
    record.fault = options.tokenFault?.(record.call) ?? null;
    if (record.fault === 'drop') {
      request.socket.destroy();
      return;
    }
    if (record.fault === 'down') {
      send(response, 503, 'Service Unavailable', 'text/plain');
      return;
    }
    let given: unknown;
    try {
      given = JSON.parse(body);
    } catch {
      given = null;
    }
    const fields =
      given !== null && typeof given === 'object' ? (given as Record<string, unknown>) : {};
    if (
      fields['clientId'] !== credentials.clientId ||
      fields['clientSecret'] !== credentials.clientSecret
    ) {
      send(response, 200, {
        code: PEER_CODES.invalidCredential,
        msg: 'invalid credential',
        data: null,
      });
      return;
    }
    const value = `peer-token-${record.call}-${randomBytes(6).toString('hex')}`;
    const expiresAt = Date.now() + (options.tokenTtlSeconds ?? 7200) * 1000;
    issued.set(value, { expiresAt, dead: null });
    record.issued = true;
    send(response, 200, {
      code: PEER_CODES.ok,
      msg: 'success',
      data: { accessToken: value, expiresIn: chinaTime(expiresAt) },
    });
  }

  async function onPush(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const arrivedAt = Date.now();
    const record: PushRecord = {
      call: pushes.length + 1,
      arrivedAt,
      overLimit: overLimit(arrivedAt),
      fault: null,
      problem: null,
      msgids: [],
      added: [],
      duplicates: [],
      code: null,
      status: null,
      failIds: [],
    };
    pushes.push(record);
    options.onPushArrival?.(record);
    const reply = (status: number, code: number, msg: string, extra: object = {}) => {
      record.status = status;
      record.code = code;
      send(response, status, { success: code === 0, code, msg, data: null, ...extra });
    };

    const fault = record.overLimit ? null : (options.pushFault?.(record.call) ?? null);
    record.fault = fault?.kind ?? null;
    if (fault?.kind === 'drop-before') {
      request.socket.destroy();
      return;
    }
    const body = await readBody(request);
    if (record.overLimit) {
      const msg = `api freq out of limit: ${options.rate.calls} calls in ${options.rate.windowMs} ms`;
      if (options.rateLimitReply === 'http-429') {
        record.status = 429;
        record.code = PEER_CODES.tooFrequent;
        send(response, 429, { code: PEER_CODES.tooFrequent, msg, data: null }, 'application/json', {
          'Retry-After': String(Math.ceil(options.rate.windowMs / 1000)),
        });
      } else reply(200, PEER_CODES.tooFrequent, msg);
      return;
    }
    if (fault?.kind === 'non-json') {
      record.status = 200;
      send(response, 200, '<html><body>502 Bad Gateway</body></html>', 'text/html');
      return;
    }

    const checked = verify(request, url, body, arrivedAt);
    if ('problem' in checked) {
      record.problem = checked.problem;
      reply(200, checked.code, checked.problem);
      return;
    }
    record.msgids = checked.messages.map(([msgid]) => msgid);

    switch (fault?.kind) {
      case 'system-error':
        reply(200, PEER_CODES.systemError, 'system unknown error');
        return;
      case 'rate-limit-429':
        record.status = 429;
        record.code = PEER_CODES.tooFrequent;
        send(
          response,
          429,
          { code: PEER_CODES.tooFrequent, msg: 'too many requests', data: null },
          'application/json',
          { 'Retry-After': String(fault.retryAfterSeconds) },
        );
        return;
      case 'rate-limit-body':
        reply(200, PEER_CODES.tooFrequent, 'api freq out of limit');
        return;
      case 'token-expired':
        issued.get(checked.token)!.dead = 'expired';
        reply(200, PEER_CODES.expiredToken, 'access_token expired');
        return;
      case 'token-revoked':
        for (const token of issued.values()) token.dead ??= 'revoked';
        reply(200, PEER_CODES.invalidToken, 'invalid access_token');
        return;
      default:
        break;
    }

    const failIds = new Set<string>();
    if (fault?.kind === 'partial') {
      for (const msgid of pick(record.msgids, fault.fraction, random)) failIds.add(msgid);
      for (const msgid of fault.always ?? []) if (record.msgids.includes(msgid)) failIds.add(msgid);
    }
    record.failIds = [...failIds];
    for (const [msgid, text] of checked.messages) {
      if (failIds.has(msgid)) continue;
      if (held.has(msgid)) record.duplicates.push(msgid);
      else record.added.push(msgid);
      held.set(msgid, text);
      copies.set(msgid, (copies.get(msgid) ?? 0) + 1);
    }
    const answer = {
      success: false,
      code: PEER_CODES.ok,
      msg: 'success',
      data: { fail_id_list: record.failIds, is_success: failIds.size === 0 },
    };

    if (fault?.kind === 'drop-after') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'truncated') {
      const text = JSON.stringify(answer);
      record.status = 200;
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      response.write(text.slice(0, Math.floor(text.length / 2)));
      setImmediate(() => request.socket.destroy());
      return;
    }
    if (fault?.kind === 'slow') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, fault.delayMs);
        timers.add(timer);
      });
    }
    record.status = 200;
    record.code = PEER_CODES.ok;
    if (!response.destroyed) send(response, 200, answer);
  }

  type Verified = { token: string; messages: Array<[string, string]> };
  type Refused = { problem: string; code: number };

  /** Everything the API page asks of a call, checked with the official package. */
  function verify(
    request: IncomingMessage,
    url: URL,
    body: string,
    now: number,
  ): Verified | Refused {
    const token = url.searchParams.get('accessToken') ?? '';
    const state = issued.get(token);
    if (!state || state.dead === 'revoked' || options.refuseEveryToken)
      return { problem: 'invalid access_token', code: PEER_CODES.invalidToken };
    if (state.dead === 'expired' || now >= state.expiresAt)
      return { problem: 'access_token expired', code: PEER_CODES.expiredToken };
    if (!/^application\/json\b/.test(request.headers['content-type'] ?? ''))
      return { problem: 'Content-Type is not application/json', code: PEER_CODES.badRequest };

    let envelope: unknown;
    try {
      envelope = JSON.parse(body);
    } catch {
      return { problem: 'the body is not JSON', code: PEER_CODES.badRequest };
    }
    const { encryptData, msgSignature, timeStamp, nonce } = (envelope ?? {}) as Record<
      string,
      unknown
    >;
    if (
      typeof encryptData !== 'string' ||
      typeof msgSignature !== 'string' ||
      typeof timeStamp !== 'string' ||
      typeof nonce !== 'string' ||
      nonce === ''
    )
      return {
        problem: 'the four envelope strings are not all there',
        code: PEER_CODES.badRequest,
      };
    if (
      !/^\d+$/.test(timeStamp) ||
      Math.abs(Number(timeStamp) - now / 1000) > MAX_CLOCK_SKEW_SECONDS
    )
      return {
        problem: `timeStamp ${timeStamp} is not the time in seconds`,
        code: PEER_CODES.badRequest,
      };
    if (getSignature(credentials.token, timeStamp, nonce, encryptData) !== msgSignature)
      return { problem: 'msgSignature does not match', code: PEER_CODES.badSignature };
    if (Buffer.from(encryptData, 'base64').length % 32 !== 0)
      return { problem: 'encryptData is not padded to 32 bytes', code: PEER_CODES.decryptFailed };

    let plain: { message: string; id: string };
    try {
      plain = decrypt(credentials.encodingAesKey, encryptData);
    } catch {
      return { problem: 'encryptData does not decrypt', code: PEER_CODES.decryptFailed };
    }
    if (plain.id !== credentials.receiveId)
      return { problem: 'encrypted for another receiveId', code: PEER_CODES.badReceiveId };

    let document: unknown;
    try {
      document = parse(plain.message);
    } catch {
      return { problem: 'the decrypted text is not JSON', code: PEER_CODES.badRequest };
    }
    const list = (document as { msg_list?: unknown } | null)?.msg_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MESSAGES_PER_CALL)
      return {
        problem: `msg_list must hold 1 to ${MAX_MESSAGES_PER_CALL} messages`,
        code: PEER_CODES.badRequest,
      };
    const messages: Array<[string, string]> = [];
    for (const entry of list as unknown[]) {
      const fields = (entry ?? {}) as Record<string, unknown>;
      const msgid = fields['msgid'];
      if (typeof msgid !== 'string' || msgid === '')
        return { problem: 'a message has no msgid', code: PEER_CODES.badRequest };
      if (!isLosslessNumber(fields['msgtime']))
        return { problem: `message ${msgid} has no numeric msgtime`, code: PEER_CODES.badRequest };
      messages.push([msgid, stringify(entry) ?? '']);
    }
    return { token, messages };
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://peer.invalid');
    const handle =
      request.method === 'POST' && url.pathname === PEER_TOKEN_PATH
        ? onToken(request, response)
        : request.method === 'POST' && url.pathname === PEER_PUSH_PATH
          ? onPush(request, response, url)
          : Promise.resolve(send(response, 404, { code: 404, msg: 'not found', data: null }));
    handle.catch(() => request.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    credentials: { baseUrl: url, ...credentials },
    pushes,
    tokens,
    held,
    copies,
    setOptions(next) {
      options = { ...options, ...next };
      if (next.seed !== undefined) random = seeded(next.seed);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function chinaTime(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** At least one and about `fraction` of the msgids, chosen by the seeded generator. */
function pick(msgids: readonly string[], fraction: number, random: () => number): Set<string> {
  const wanted = Math.max(1, Math.round(msgids.length * fraction));
  const chosen = new Set<string>();
  while (chosen.size < Math.min(wanted, msgids.length))
    chosen.add(msgids[Math.floor(random() * msgids.length)]!);
  return chosen;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
