import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { closedPort, reply, startScriptedServer } from '../../../test/support/scripted-server.js';
import type { ScriptedHandler, ScriptedServer } from '../../../test/support/scripted-server.js';
import type { Envelope } from '../crypto/envelope.js';
import { configureLogging, logFilePath } from '../logging/logger.js';
import { UnsafeBaseUrlError } from './api-errors.js';
import { replyCodesWith } from './reply-codes.js';
import { CHAT_DATA_PATH, pushChatData } from './upload-client.js';
import type { UploadOutcome } from './upload-outcome.js';

const envelope: Envelope = {
  encryptData: 'dCdTaiu49Q7K6O8zltznIiJ/sme3VPoQ1OY1Kk0Zk2Xb+UZeGXl2hsBgI8dY8ubg',
  msgSignature: '4cde9bea54982b98cb370db7fb55f2b129d5dc23',
  timeStamp: '1660618191',
  nonce: 'DH75AiKExevY8L38',
};
const ACCESS_TOKEN = 'tok+en/with=signs&more';
const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

let server: ScriptedServer;
let logDir: string;

beforeAll(async () => {
  server = await startScriptedServer();
  logDir = mkdtempSync(path.join(tmpdir(), 'upload-client-log-'));
  configureLogging({ dir: logDir, level: 'debug' });
});

afterAll(async () => {
  await server.close();
  configureLogging({ dir: null });
  rmSync(logDir, { recursive: true, force: true });
});

function push(timeoutMs = 2_000): Promise<UploadOutcome> {
  return pushChatData({
    baseUrl: server.baseUrl,
    accessToken: ACCESS_TOKEN,
    envelope,
    timeoutMs,
    now: () => NOW,
  });
}

/** Sends headers and part of a longer body, then hangs up. */
const truncated: ScriptedHandler = (_, response) => {
  const text = JSON.stringify({ code: 0, msg: 'ok', data: { fail_id_list: [] } });
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': text.length });
  response.write(text.slice(0, 10));
  setTimeout(() => response.destroy(), 20);
};

const dropped: ScriptedHandler = (_, response) => {
  response.socket?.destroy();
};

const cases: Array<[string, ScriptedHandler, UploadOutcome]> = [
  [
    'a documented success with "success": false as accepted',
    reply(200, {
      success: false,
      code: 0,
      msg: 'ok',
      data: { fail_id_list: [], is_success: true },
    }),
    { kind: 'accepted', code: 0, msg: 'ok', failIds: [] },
  ],
  [
    'code 0 with failed ids as accepted with those ids',
    reply(200, { success: true, code: 0, msg: 'ok', data: { fail_id_list: ['m2', 'm5'] } }),
    { kind: 'accepted', code: 0, msg: 'ok', failIds: ['m2', 'm5'] },
  ],
  [
    'code 0 with data null as accepted with no failed ids',
    reply(200, { code: 0, msg: 'ok', data: null }),
    { kind: 'accepted', code: 0, msg: 'ok', failIds: [] },
  ],
  [
    'code 0 without fail_id_list as accepted with no failed ids',
    reply(200, { code: 0, msg: 'ok', data: { is_success: true } }),
    { kind: 'accepted', code: 0, msg: 'ok', failIds: [] },
  ],
  [
    'code "0" written as text as accepted',
    reply(200, { code: '0', msg: 'ok', data: { fail_id_list: [] } }),
    { kind: 'accepted', code: 0, msg: 'ok', failIds: [] },
  ],
  [
    'code 10001 as rejected, even with "success": true',
    reply(200, { success: true, code: 10001, msg: 'system unknown error', data: null }),
    { kind: 'rejected', code: 10001, msg: 'system unknown error' },
  ],
  [
    'a too-frequent code in a 200 body as rate-limited',
    reply(200, { code: 45009, msg: 'api freq out of limit', data: null }),
    { kind: 'rate-limited', code: 45009, msg: 'api freq out of limit' },
  ],
  [
    'HTTP 429 with Retry-After seconds as rate-limited with the wait',
    reply(429, 'slow down', { 'Retry-After': '7' }),
    { kind: 'rate-limited', retryAfterMs: 7_000, msg: '' },
  ],
  [
    'HTTP 429 with a Retry-After date as rate-limited with the wait',
    reply(
      429,
      { code: 429, msg: 'too many' },
      { 'Retry-After': new Date(NOW + 12_000).toUTCString() },
    ),
    { kind: 'rate-limited', retryAfterMs: 12_000, code: 429, msg: 'too many' },
  ],
  [
    'an expired-token code as token-rejected',
    reply(200, { code: 42001, msg: 'access_token expired', data: null }),
    { kind: 'token-rejected', code: 42001, msg: 'access_token expired' },
  ],
  [
    'HTTP 401 without a JSON body as token-rejected',
    reply(401, '<html>Unauthorized</html>'),
    { kind: 'token-rejected', code: 401, msg: '' },
  ],
  [
    'HTTP 503 as transient',
    reply(503, '<html>Service Unavailable</html>'),
    { kind: 'transient', status: 503, reason: expect.stringContaining('HTTP 503') as string },
  ],
  [
    'HTTP 500 with a JSON code as transient',
    reply(500, { code: 10001, msg: 'system unknown error' }),
    { kind: 'transient', status: 500, reason: expect.stringContaining('code 10001') as string },
  ],
  [
    'a 200 reply that is not JSON as transient',
    reply(200, '<html>gateway</html>'),
    { kind: 'transient', status: 200, reason: expect.stringContaining('not JSON') as string },
  ],
  [
    'a JSON reply without a code as transient',
    reply(200, { success: true, msg: 'ok' }),
    {
      kind: 'transient',
      status: 200,
      reason: expect.stringContaining('no numeric code') as string,
    },
  ],
  [
    'a reply cut off halfway as transient',
    truncated,
    { kind: 'transient', reason: expect.stringContaining('network') as string },
  ],
  [
    'a connection dropped without reply as transient',
    dropped,
    { kind: 'transient', reason: expect.stringContaining('network') as string },
  ],
  [
    'a redirect as transient, without following it',
    reply(302, '', { Location: '/elsewhere' }),
    { kind: 'transient', status: 302, reason: expect.stringContaining('redirected') as string },
  ],
];

describe('pushChatData', () => {
  it.each(cases)('reads %s', async (_, handler, expected) => {
    server.handle(handler);
    const before = server.requests.length;

    expect(await push()).toEqual(expected);
    expect(server.requests.length - before).toBe(1);
  });

  it('posts the four envelope strings as JSON with the token in the query', async () => {
    server.handle(reply(200, { code: 0, msg: 'ok', data: { fail_id_list: [] } }));
    await push();

    const request = server.requests.at(-1);
    const url = new URL(request?.url ?? '', server.baseUrl);
    expect(request?.method).toBe('POST');
    expect(url.pathname).toBe(CHAT_DATA_PATH);
    expect(url.searchParams.get('accessToken')).toBe(ACCESS_TOKEN);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ ...envelope });
    expect(request?.body).toContain(envelope.encryptData);
  });

  it('uses the path the API page names', () => {
    const page = readFileSync(
      new URL('../../../test/fixtures/dustess-chat-archive-upload.txt', import.meta.url),
      'utf8',
    );
    expect(page).toContain(`POST https://qw-openapi-tx.dustess.com${CHAT_DATA_PATH}?accessToken=`);
  });

  it('gives up after its timeout with a transient outcome', async () => {
    server.handle((_, response) => {
      setTimeout(() => reply(200, { code: 0 })(_, response), 1_000);
    });
    const started = Date.now();
    const outcome = await push(150);

    expect(outcome).toEqual({ kind: 'transient', reason: expect.stringContaining('timeout') });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('reports a refused connection as transient', async () => {
    const port = await closedPort();
    const outcome = await pushChatData({
      baseUrl: `http://127.0.0.1:${port}`,
      accessToken: ACCESS_TOKEN,
      envelope,
      timeoutMs: 2_000,
    });
    expect(outcome).toEqual({ kind: 'transient', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('throws the abort reason when cancelled', async () => {
    server.handle((_, response) => {
      setTimeout(() => reply(200, { code: 0 })(_, response), 1_000);
    });
    const controller = new AbortController();
    const pending = pushChatData({
      baseUrl: server.baseUrl,
      accessToken: ACCESS_TOKEN,
      envelope,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('cancelled by the operator')), 50);
    await expect(pending).rejects.toThrow('cancelled by the operator');
  });

  it('classifies with overridden code sets', async () => {
    server.handle(reply(200, { code: 7777, msg: 'custom busy' }));
    const outcome = await pushChatData({
      baseUrl: server.baseUrl,
      accessToken: ACCESS_TOKEN,
      envelope,
      replyCodes: replyCodesWith({ rateLimited: [7777] }),
    });
    expect(outcome).toEqual({ kind: 'rate-limited', code: 7777, msg: 'custom busy' });
  });

  it.each(['http://example.com', 'http://10.0.0.8:8080', 'ftp://127.0.0.1'])(
    'refuses the base URL %s before sending anything',
    async (baseUrl) => {
      const guard = (() => {
        throw new Error('no request may leave for this base URL');
      }) as unknown as typeof fetch;
      await expect(
        pushChatData({ baseUrl, accessToken: ACCESS_TOKEN, envelope, fetchImpl: guard }),
      ).rejects.toThrow(UnsafeBaseUrlError);
    },
  );

  it('logs the call without the token, the envelope or the body', async () => {
    server.handle(reply(200, { code: 0, msg: 'ok', data: { fail_id_list: ['m1'] } }));
    await push();

    const log = readFileSync(logFilePath() ?? '', 'utf8');
    const lines = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const last = lines.filter((line) => line['name'] === 'api.upload').at(-1);
    expect(last).toMatchObject({ status: 200, code: 0, failIds: 1, method: 'POST' });
    expect(String(last?.['url'])).toContain('accessToken=[redacted]');
    for (const secret of [
      ACCESS_TOKEN,
      encodeURIComponent(ACCESS_TOKEN),
      envelope.encryptData,
      envelope.msgSignature,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
