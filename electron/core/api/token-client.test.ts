import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { closedPort, reply, startScriptedServer } from '../../../test/support/scripted-server.js';
import type { ScriptedHandler, ScriptedServer } from '../../../test/support/scripted-server.js';
import { TokenError, UnsafeBaseUrlError } from './api-errors.js';
import type { TokenFailure } from './api-errors.js';
import {
  createTokenClient,
  TOKEN_PATH,
  TOKEN_SAFETY_MARGIN_MS,
  UNKNOWN_EXPIRY_REUSE_MS,
} from './token-client.js';
import type { TokenClientOptions } from './token-client.js';

const CLIENT_ID = 'client-id';
const CLIENT_SECRET = 'client-secret';
/** 2026-12-04 10:00:00 UTC, i.e. 18:00 in China. */
const EXPIRY = Date.UTC(2026, 11, 4, 10, 0, 0);
const TWO_HOURS = 2 * 3600_000;

let server: ScriptedServer;
let clock: number;
let issued: number;

beforeAll(async () => {
  server = await startScriptedServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  clock = EXPIRY - TWO_HOURS;
  issued = 0;
  server.handle(issuing('2026-12-04 18:00:00'));
});

/** Issues numbered tokens with the given expiresIn. */
function issuing(expiresIn: unknown, delayMs = 0): ScriptedHandler {
  return (_, response) => {
    issued += 1;
    const body = { code: 0, msg: 'ok', data: { accessToken: `token-${issued}`, expiresIn } };
    setTimeout(() => reply(200, body)(_, response), delayMs);
  };
}

function client(options: Partial<TokenClientOptions> = {}) {
  return createTokenClient({
    baseUrl: server.baseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    now: () => clock,
    timeoutMs: 2_000,
    ...options,
  });
}

describe('token client', () => {
  it('asks for a token with clientId and clientSecret as JSON', async () => {
    const before = server.requests.length;
    expect(await client().getToken()).toBe('token-1');

    const request = server.requests[before];
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(TOKEN_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
  });

  it.each<[string, unknown]>([
    ['a China-time date-time', '2026-12-04 18:00:00'],
    ['a date-time in UTC', '2026-12-04T10:00:00Z'],
    ['a date-time with its own offset', '2026-12-04 12:00:00+02:00'],
    ['a number of seconds', TWO_HOURS / 1000],
    ['a number of seconds as text', String(TWO_HOURS / 1000)],
    ['Unix seconds', EXPIRY / 1000],
  ])(
    'keeps a token whose expiresIn is %s until shortly before it expires',
    async (_, expiresIn) => {
      server.handle(issuing(expiresIn));
      const tokens = client();

      expect(await tokens.getToken()).toBe('token-1');
      clock = EXPIRY - TOKEN_SAFETY_MARGIN_MS - 1;
      expect(await tokens.getToken()).toBe('token-1');
      clock = EXPIRY - TOKEN_SAFETY_MARGIN_MS;
      expect(await tokens.getToken()).toBe('token-2');
      expect(issued).toBe(2);
    },
  );

  it('lets concurrent callers share one request', async () => {
    server.handle(issuing('2026-12-04 18:00:00', 100));
    const tokens = client();

    const all = await Promise.all(Array.from({ length: 5 }, () => tokens.getToken()));
    expect(all).toEqual(new Array(5).fill('token-1'));
    expect(issued).toBe(1);
  });

  it('fetches a new token after invalidate', async () => {
    const tokens = client();
    expect(await tokens.getToken()).toBe('token-1');

    tokens.invalidate('token-1');
    expect(await tokens.getToken()).toBe('token-2');
  });

  it('ignores a late refusal of a token already replaced', async () => {
    const tokens = client();
    await tokens.getToken();
    tokens.invalidate('token-1');
    expect(await tokens.getToken()).toBe('token-2');

    tokens.invalidate('token-1');
    expect(await tokens.getToken()).toBe('token-2');
    expect(issued).toBe(2);
  });

  it('stops renewing refused tokens after the refresh limit, until the window passes', async () => {
    const tokens = client({ refreshLimit: { count: 2, windowMs: 60_000 } });
    let token = await tokens.getToken();
    for (let renewal = 1; renewal <= 2; renewal += 1) {
      tokens.invalidate(token);
      token = await tokens.getToken();
    }
    expect(token).toBe('token-3');

    tokens.invalidate(token);
    const refused = await tokens.getToken().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TokenError);
    expect((refused as TokenError).reason).toBe('refresh-limit');
    expect((refused as TokenError).message).toMatch(/check that the clientId and clientSecret/);
    expect(issued).toBe(3);

    clock += 60_000;
    expect(await tokens.getToken()).toBe('token-4');
  });

  it('does not count renewals whose token then worked against the refresh limit', async () => {
    // A token revoked now and then (another device signing in) is renewed every time.
    const tokens = client({ refreshLimit: { count: 2, windowMs: 60_000 } });
    let token = await tokens.getToken();
    for (let renewal = 1; renewal <= 5; renewal += 1) {
      tokens.invalidate(token);
      token = await tokens.getToken();
      tokens.accepted(token);
    }
    expect(token).toBe('token-6');
    // A late word about an older token changes nothing.
    tokens.invalidate(token);
    token = await tokens.getToken();
    tokens.invalidate(token);
    token = await tokens.getToken();
    tokens.accepted('token-2');
    tokens.invalidate(token);
    expect(await tokens.getToken().catch((error: TokenError) => error.reason)).toBe(
      'refresh-limit',
    );
  });

  it('does not count renewals at expiry against the refresh limit', async () => {
    server.handle(issuing(600));
    const tokens = client({ refreshLimit: { count: 1, windowMs: 3600_000 } });
    for (let round = 1; round <= 4; round += 1) {
      expect(await tokens.getToken()).toBe(`token-${round}`);
      clock += 600_000;
    }
  });

  it('tells when the SCRM said the token expires, when it said so readably', async () => {
    const tokens = client();
    expect(tokens.expiresAt()).toBeNull();
    await tokens.getToken();
    expect(tokens.expiresAt()).toBe(EXPIRY);

    server.handle(issuing('soon'));
    const unreadable = client();
    await unreadable.getToken();
    expect(unreadable.expiresAt()).toBeNull();
  });

  it('keeps a short-lived token for half its life rather than not at all', async () => {
    server.handle(issuing(120));
    const tokens = client();
    await tokens.getToken();
    clock += 59_000;
    expect(await tokens.getToken()).toBe('token-1');
    clock += 1_000;
    expect(await tokens.getToken()).toBe('token-2');
  });

  it.each<[string, ScriptedHandler, TokenFailure]>([
    [
      'a wrong-credentials code',
      reply(200, { code: 40001, msg: 'invalid credential' }),
      'credentials',
    ],
    [
      'another non-zero code',
      reply(200, { code: 10001, msg: 'system unknown error' }),
      'credentials',
    ],
    ['HTTP 401', reply(401, 'Unauthorized'), 'credentials'],
    ['a too-frequent code', reply(200, { code: 45009, msg: 'freq' }), 'busy'],
    ['HTTP 503', reply(503, 'down'), 'unreachable'],
    ['a dropped connection', (_, response) => void response.socket?.destroy(), 'unreachable'],
    ['a reply that is not JSON', reply(200, '<html></html>'), 'bad-reply'],
    ['code 0 without a token', reply(200, { code: 0, msg: 'ok', data: {} }), 'bad-reply'],
  ])('turns %s into a TokenError (%s) with a sentence', async (_, handler, reason) => {
    server.handle(handler);
    const error = await client()
      .getToken()
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).reason).toBe(reason);
    expect((error as TokenError).message).toMatch(/^The SCRM|^Could not reach/);
    expect((error as TokenError).message).toMatch(/\.$/);
    expect((error as TokenError).message).not.toContain(CLIENT_SECRET);
  });

  it.each<[string, unknown]>([
    ['an unreadable expiresIn', 'tomorrow'],
    ['a date that does not exist', '2026-02-30 10:00:00'],
    ['no expiresIn', undefined],
  ])('keeps a token with %s for a short while only', async (_, expiresIn) => {
    server.handle(issuing(expiresIn));
    const tokens = client();

    expect(await tokens.getToken()).toBe('token-1');
    clock += UNKNOWN_EXPIRY_REUSE_MS - 1;
    expect(await tokens.getToken()).toBe('token-1');
    clock += 1;
    expect(await tokens.getToken()).toBe('token-2');
  });

  it('does not keep a failure: the next call asks again', async () => {
    server.handle(reply(503, 'down'));
    const tokens = client();
    await expect(tokens.getToken()).rejects.toThrow(TokenError);

    server.handle(issuing('2026-12-04 18:00:00'));
    expect(await tokens.getToken()).toBe('token-1');
  });

  it('reports a closed port as unreachable', async () => {
    const port = await closedPort();
    const tokens = client({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(tokens.getToken()).rejects.toMatchObject({ reason: 'unreachable' });
  });

  it('times out a token service that does not answer', async () => {
    server.handle(issuing('2026-12-04 18:00:00', 1_000));
    const tokens = client({ timeoutMs: 100 });
    await expect(tokens.getToken()).rejects.toMatchObject({ reason: 'unreachable' });
  });

  it.each(['http://example.com', 'http://192.168.1.10', 'https//missing-colon'])(
    'refuses the base URL %s before sending anything',
    (baseUrl) => {
      const guard = (() => {
        throw new Error('no request may leave for this base URL');
      }) as unknown as typeof fetch;
      expect(() => client({ baseUrl, fetchImpl: guard })).toThrow(UnsafeBaseUrlError);
    },
  );
});
