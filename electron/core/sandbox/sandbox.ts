/**
 * A local stand-in for the SCRM: the token and chat-data endpoints as the API page describes
 * them, with the same encryption, the 1000-message and rate limits, and faults to order. The
 * desktop app uses it when no credentials are set; tests and the CLI's demo use it too.
 *
 * It listens on loopback only and speaks plain http, which the clients allow only there.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { Credentials, Rate } from '../../../shared/settings.js';
import { DEFAULT_RATE } from '../../../shared/settings.js';
import { isLoopbackHost } from '../api/base-url.js';
import { formatChinaDateTime } from '../api/china-time.js';
import { TOKEN_PATH } from '../api/token-client.js';
import { CHAT_DATA_PATH } from '../api/upload-client.js';
import { decodeEncodingAesKey } from '../crypto/encoding-aes-key.js';
import { createLogger } from '../logging/logger.js';
import { AcceptedStore } from './accepted-store.js';
import { FAULT_NAMES, FaultPlan } from './faults.js';
import type { FaultName, SandboxFaults } from './faults.js';
import { handlePush } from './push-handler.js';
import type { ScrmReply } from './push-handler.js';
import { SANDBOX_CODES } from './sandbox-codes.js';
import { generateSandboxCredentials } from './sandbox-credentials.js';
import type { SandboxCredentials } from './sandbox-credentials.js';
import { SlidingWindow } from './sliding-window.js';
import { TokenRegistry } from './token-registry.js';

/** WeCom's tokens live two hours; the SCRM's have been seen to as well. */
export const DEFAULT_TOKEN_TTL_SECONDS = 7200;

/** Read-only counts for people; never message bodies or credentials. */
export const SANDBOX_STATUS_PATH = '/__sandbox/status';

/** 1000 messages with long chat records stay far below this; more is a client bug. */
const MAX_PUSH_BODY_BYTES = 64 * 1024 * 1024;
const MAX_TOKEN_BODY_BYTES = 64 * 1024;

export interface SandboxOptions {
  /** A loopback address; the sandbox refuses to listen anywhere else. */
  readonly host?: string;
  readonly port?: number;
  readonly rate?: Rate;
  /** How a refused call is answered: code 45009 in an HTTP 200 body, or HTTP 429. */
  readonly rateLimitReply?: 'body' | 'http-429';
  /** Missing ones are generated at random. */
  readonly credentials?: Partial<SandboxCredentials>;
  readonly tokenTtlSeconds?: number;
  /** A JSON Lines file that keeps accepted messages across restarts. */
  readonly dataFile?: string;
  readonly faults?: SandboxFaults;
  /** The clock for token expiry and the rate window. */
  readonly now?: () => number;
  /** The chance source for faults given as probabilities, and for picking failed ids. */
  readonly random?: () => number;
}

export interface SandboxStats {
  /** Chat-data calls that arrived. */
  readonly calls: number;
  /** Calls answered with code 0. */
  readonly acceptedCalls: number;
  /** Calls answered with a non-zero code other than the rate limit's. */
  readonly rejectedCalls: number;
  readonly rateLimited: number;
  /** The most calls that arrived within any one rate window: a client keeping the limit has at most `rate.calls`. */
  readonly maxCallsInAnyWindow: number;
  readonly tokenCalls: number;
  readonly tokensIssued: number;
  /** msgids seen for the first time in this run. */
  readonly messagesAccepted: number;
  /** Identical copies of messages already kept. */
  readonly duplicates: number;
  /** Copies of kept msgids with a different text (the newer replaced the older). */
  readonly changedDuplicates: number;
  /** msgids reported in fail_id_list. */
  readonly failedIds: number;
  /** Entries without a msgid. */
  readonly unnamedMessages: number;
  /** Messages kept, including those loaded from the data file. */
  readonly storedMessages: number;
  /** How often each fault was put on. */
  readonly faults: Readonly<Record<FaultName, number>>;
}

export interface Sandbox {
  readonly url: string;
  readonly credentials: Credentials;
  /** A live view: msgid → the message's exact JSON text. */
  accepted(): ReadonlyMap<string, string>;
  stats(): SandboxStats;
  /** Every access token issued so far: tests search what the app wrote for them. */
  issuedTokens(): readonly string[];
  /** Replaces the fault rules; counts start afresh. */
  setFaults(faults: SandboxFaults): void;
  close(): Promise<void>;
}

type MutableStats = { -readonly [K in keyof SandboxStats]: SandboxStats[K] } & {
  faults: Record<FaultName, number>;
};

const log = createLogger('sandbox');

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host.includes(':') ? `[${host}]` : host)) {
    throw new Error(
      `The sandbox listens only on this computer; use 127.0.0.1 or ::1 instead of ${host}.`,
    );
  }
  const rate = options.rate ?? DEFAULT_RATE;
  if (!(Number.isInteger(rate.calls) && rate.calls >= 1 && rate.windowSeconds > 0)) {
    throw new RangeError('The sandbox rate needs at least 1 call in a window of more than 0 s.');
  }

  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const ttlMs = (options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS) * 1000;
  const secrets = generateSandboxCredentials(options.credentials);
  // A given key that cannot work should stop the start, not every call after it.
  decodeEncodingAesKey(secrets.encodingAesKey);
  const store = await AcceptedStore.open(options.dataFile);
  const tokens = new TokenRegistry();
  const admitted = new SlidingWindow(rate.windowSeconds * 1000);
  const arrivals = new SlidingWindow(rate.windowSeconds * 1000);
  let faults = new FaultPlan(options.faults ?? {}, random);
  let closed = false;
  const waits = new Set<() => void>();

  const stats: MutableStats = {
    calls: 0,
    acceptedCalls: 0,
    rejectedCalls: 0,
    rateLimited: 0,
    maxCallsInAnyWindow: 0,
    tokenCalls: 0,
    tokensIssued: 0,
    messagesAccepted: 0,
    duplicates: 0,
    changedDuplicates: 0,
    failedIds: 0,
    unnamedMessages: 0,
    storedMessages: 0,
    faults: Object.fromEntries(FAULT_NAMES.map((name) => [name, 0])) as Record<FaultName, number>,
  };

  function drawFault(name: FaultName): boolean {
    const drawn = faults.draw(name);
    if (drawn) stats.faults[name] += 1;
    return drawn;
  }

  /** Resolves after `ms`, or at once when the sandbox closes. */
  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
    });
  }

  async function onToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
    stats.tokenCalls += 1;
    const body = await readBody(request, MAX_TOKEN_BODY_BYTES);
    if (drawFault('tokenEndpointDown')) {
      if (faults.faults.tokenEndpointDown?.mode === 'drop') request.socket.destroy();
      else sendText(response, 503, 'Service Unavailable');
      return;
    }

    const given = readJsonObject(body);
    if (
      !given ||
      !sameText(given['clientId'], secrets.clientId) ||
      !sameText(given['clientSecret'], secrets.clientSecret)
    ) {
      sendJson(response, 200, {
        code: SANDBOX_CODES.invalidCredentials,
        msg: 'invalid clientId or clientSecret',
        data: null,
      });
      return;
    }

    const issued = tokens.issue(now(), ttlMs);
    stats.tokensIssued += 1;
    sendJson(response, 200, {
      code: SANDBOX_CODES.ok,
      msg: 'ok',
      data: { accessToken: issued.token, expiresIn: formatChinaDateTime(issued.expiresAt) },
    });
  }

  async function onPush(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const started = performance.now();
    const arrivedAt = now();
    stats.calls += 1;
    stats.maxCallsInAnyWindow = Math.max(stats.maxCallsInAnyWindow, arrivals.add(arrivedAt));
    const overLimit = admitted.count(arrivedAt) >= rate.calls;
    if (!overLimit) admitted.add(arrivedAt);

    // Read the whole request before answering, even a refusal, so that a client still
    // sending a large body hears the answer rather than a reset.
    const body = await readBody(request, MAX_PUSH_BODY_BYTES);
    if (body === null) {
      sendText(response, 413, 'Payload Too Large');
      return;
    }

    if (overLimit) {
      stats.rateLimited += 1;
      const reply = refusal(
        SANDBOX_CODES.tooFrequent,
        `api freq out of limit: at most ${rate.calls} calls in ${rate.windowSeconds} s`,
      );
      if (options.rateLimitReply === 'http-429') {
        const seconds = Math.ceil(admitted.msUntilOldestLeaves(arrivedAt) / 1000);
        sendJson(response, 429, reply, { 'Retry-After': String(seconds) });
      } else {
        sendJson(response, 200, reply);
      }
      log.info('push refused by the rate limit', { calls: stats.calls });
      return;
    }

    if (drawFault('dropConnection')) {
      request.socket.destroy();
      return;
    }
    const slow = faults.faults.slowReply;
    if (slow && drawFault('slowReply')) await wait(slow.delayMs);
    if (closed) return;
    if (drawFault('truncatedReply')) {
      sendTruncated(response, refusal(SANDBOX_CODES.ok, 'ok'));
      return;
    }
    if (drawFault('nonJsonReply')) {
      sendText(response, 200, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html');
      return;
    }

    const result = handlePush(
      {
        accessToken: url.searchParams.get('accessToken'),
        contentType: request.headers['content-type'],
        body,
      },
      { credentials: secrets, tokens, store, faults, random, now: now() },
    );
    if (result.fault) stats.faults[result.fault] += 1;
    if (result.reply.code === SANDBOX_CODES.ok) stats.acceptedCalls += 1;
    else stats.rejectedCalls += 1;
    stats.failedIds += result.failIds;
    stats.unnamedMessages += result.unnamed;
    if (result.stored) {
      stats.messagesAccepted += result.stored.added;
      stats.duplicates += result.stored.duplicates;
      stats.changedDuplicates += result.stored.changed;
    }

    sendJson(response, 200, result.reply);
    log.info('push', {
      code: result.reply.code,
      messages: result.messages,
      failIds: result.failIds,
      added: result.stored?.added ?? 0,
      duplicates: result.stored?.duplicates ?? 0,
      fault: result.fault,
      durationMs: Math.round(performance.now() - started),
    });
  }

  function statusDocument() {
    return { sandbox: true, rate, stats: snapshot(), faults: faults.faults };
  }

  function snapshot(): SandboxStats {
    return { ...stats, storedMessages: store.view.size, faults: { ...stats.faults } };
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const method = request.method ?? 'GET';
    if (url.pathname === SANDBOX_STATUS_PATH && method === 'GET') {
      sendJson(response, 200, statusDocument());
    } else if (url.pathname === TOKEN_PATH && method === 'POST') {
      await onToken(request, response);
    } else if (url.pathname === CHAT_DATA_PATH && method === 'POST') {
      await onPush(request, response, url);
    } else {
      request.resume();
      sendJson(response, 404, { code: 404, msg: `no ${method} ${url.pathname} here`, data: null });
    }
  }

  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      log.error('sandbox request failed', { error });
      if (!response.headersSent)
        sendJson(response, 500, refusal(SANDBOX_CODES.systemError, 'sandbox error'));
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('sandbox listening', { url, rate, stored: store.view.size });

  return {
    url,
    credentials: { baseUrl: url, ...secrets },
    accepted: () => store.view,
    stats: snapshot,
    issuedTokens: () => tokens.issuedTokens(),
    setFaults(next) {
      faults = new FaultPlan(next, random);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const release of [...waits]) release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await store.flush();
      log.info('sandbox closed', { calls: stats.calls, stored: store.view.size });
    },
  };
}

function refusal(code: number, msg: string): ScrmReply {
  return {
    success: false,
    code,
    msg,
    data: code === SANDBOX_CODES.ok ? { fail_id_list: [], is_success: true } : null,
  };
}

/** The body as text, or null when it is larger than `limit` bytes. */
async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? null : Buffer.concat(chunks).toString('utf8');
}

function readJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function sameText(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain',
): void {
  response.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Promises a whole reply, sends half, and hangs up. */
function sendTruncated(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.write(text.slice(0, Math.floor(text.length / 2)), () => response.destroy());
}
