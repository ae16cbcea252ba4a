import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { driveSandbox, textMessage, textMessages } from '../../../test/support/sandbox-driver.js';
import { TokenError } from '../api/api-errors.js';
import { pushChatData } from '../api/upload-client.js';
import { sealMessageList } from '../crypto/envelope.js';
import { parseExact } from '../json/exact-json.js';
import { configureLogging, logFilePath } from '../logging/logger.js';
import { validateMessage } from '../validate/validate-message.js';
import { SANDBOX_CODES } from './sandbox-codes.js';
import { SANDBOX_STATUS_PATH, startSandbox } from './sandbox.js';
import type { Sandbox, SandboxOptions } from './sandbox.js';

const UINT64_MAX = '18446744073709551615';

let sandbox: Sandbox | null = null;
let workDir: string;

beforeEach(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'sandbox-test-'));
});

afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
  configureLogging({ dir: null });
  rmSync(workDir, { recursive: true, force: true });
});

async function start(options: SandboxOptions = {}) {
  sandbox = await startSandbox(options);
  return { sandbox, driver: driveSandbox(sandbox, options.now) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A message whose integers JSON.parse would round, written as JSON text. */
const bigMessageText =
  `{"msgid":"big-1","action":"send","from":"zhangsan","tolist":["lisi"],"roomid":"",` +
  `"msgtime":1700000000000,"seq":${UINT64_MAX},"msgtype":"meeting",` +
  `"meeting":{"meetingid":9007199254740993,"meetingtype":101,"topic":"周会"}}`;

describe('sandbox end to end', () => {
  it('keeps what was pushed, large integers digit for digit', async () => {
    const { sandbox, driver } = await start();
    const json = `{"msg_list":[${bigMessageText},${JSON.stringify(textMessage('t-1', '你好 😀'))}]}`;

    const outcome = await driver.push(json);

    expect(outcome).toEqual({ kind: 'accepted', code: 0, msg: 'ok', failIds: [] });
    const kept = sandbox.accepted().get('big-1') ?? '';
    expect(kept).toContain(`"seq":${UINT64_MAX}`);
    expect(kept).toContain('"meetingid":9007199254740993');
    expect(parseExact(kept)).toMatchObject({ seq: BigInt(UINT64_MAX) });
    expect(JSON.parse(sandbox.accepted().get('t-1') ?? '')).toEqual(textMessage('t-1', '你好 😀'));
    expect(sandbox.stats()).toMatchObject({
      calls: 1,
      acceptedCalls: 1,
      tokensIssued: 1,
      messagesAccepted: 2,
      storedMessages: 2,
    });
  });

  it('reports invalid messages in fail_id_list and keeps the valid ones', async () => {
    const { sandbox, driver } = await start();
    const fixtures = readFileSync(
      new URL('../../../test/fixtures/wecom-messages.jsonl', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((line) => parseExact(line) as Record<string, unknown>);
    const invalidIds = fixtures
      .filter((message) => validateMessage(message).length > 0)
      .map((message) => String(message['msgid']));
    const broken = { ...textMessage('broken-1'), text: { content: 5 } };

    const outcome = await driver.push([...fixtures, broken]);

    expect(outcome).toMatchObject({ kind: 'accepted', code: 0 });
    expect(outcome.kind === 'accepted' && [...outcome.failIds].sort()).toEqual(
      [...invalidIds, 'broken-1'].sort(),
    );
    expect(sandbox.accepted().size).toBe(fixtures.length - invalidIds.length);
    expect(sandbox.accepted().has('broken-1')).toBe(false);
  });

  it('takes a re-sent msgid once, and counts the copies', async () => {
    const { sandbox, driver } = await start();
    await driver.push(textMessages(3));
    await driver.push(textMessages(3));
    await driver.push([textMessage('m1', 'edited')]);

    expect(sandbox.accepted().size).toBe(3);
    expect(JSON.parse(sandbox.accepted().get('m1') ?? '')).toMatchObject({
      text: { content: 'edited' },
    });
    expect(sandbox.stats()).toMatchObject({
      messagesAccepted: 3,
      duplicates: 3,
      changedDuplicates: 1,
    });
  });

  it('accepts 1000 messages in one call and refuses 1001', async () => {
    const { sandbox, driver } = await start();

    expect(await driver.push(textMessages(1000, 'a'))).toMatchObject({ kind: 'accepted' });
    const refused = await driver.push(textMessages(1001, 'b'));

    expect(refused).toEqual({
      kind: 'rejected',
      code: SANDBOX_CODES.invalidRequest,
      msg: expect.stringMatching(/1001 messages.*at most 1000/) as string,
    });
    expect(sandbox.accepted().size).toBe(1000);
  });

  it.each<[string, string, RegExp]>([
    ['an empty list', '{"msg_list":[]}', /empty/],
    ['a document without msg_list', '{"messages":[]}', /msg_list/],
    ['text that is not JSON', 'msg_list', /not JSON/],
  ])('refuses %s', async (_, json, msg) => {
    const { driver } = await start();
    expect(await driver.push(json)).toEqual({
      kind: 'rejected',
      code: SANDBOX_CODES.invalidRequest,
      msg: expect.stringMatching(msg) as string,
    });
  });

  it('refuses a bad signature', async () => {
    const { sandbox, driver } = await start();
    const envelope = sealMessageList(
      Buffer.from(JSON.stringify({ msg_list: [textMessage('s1')] })),
      sandbox.credentials,
    );
    const forged = {
      ...envelope,
      msgSignature: envelope.msgSignature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
    };

    expect(await driver.pushEnvelope(forged)).toMatchObject({
      kind: 'rejected',
      code: SANDBOX_CODES.badSignature,
    });
    expect(
      await driver.push([textMessage('s1')], { credentials: { token: 'other-token' } }),
    ).toMatchObject({
      kind: 'rejected',
      code: SANDBOX_CODES.badSignature,
    });
    expect(sandbox.accepted().size).toBe(0);
  });

  it('refuses data sealed for another receiveId, even one byte off', async () => {
    const { sandbox, driver } = await start();
    const receiveId = `${sandbox.credentials.receiveId.slice(0, -1)}${sandbox.credentials.receiveId.endsWith('0') ? '1' : '0'}`;

    expect(await driver.push([textMessage('r1')], { credentials: { receiveId } })).toMatchObject({
      kind: 'rejected',
      code: SANDBOX_CODES.badReceiveId,
    });
    expect(sandbox.accepted().size).toBe(0);
  });

  it('refuses data sealed with another EncodingAESKey', async () => {
    const { sandbox, driver } = await start();
    const key = sandbox.credentials.encodingAesKey;
    const otherKey = `${key[0] === 'A' ? 'B' : 'A'}${key.slice(1)}`;

    expect(
      await driver.push([textMessage('k1')], { credentials: { encodingAesKey: otherKey } }),
    ).toMatchObject({ kind: 'rejected', code: SANDBOX_CODES.decryptFailed });
  });

  it('refuses an unknown access token and an expired one', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const { sandbox, driver } = await start({ tokenTtlSeconds: 60, now: () => clock });

    expect(await driver.push([textMessage('u1')], { accessToken: 'made-up' })).toMatchObject({
      kind: 'token-rejected',
      code: SANDBOX_CODES.invalidToken,
    });

    const token = await driver.tokens.getToken();
    clock += 60_000;
    expect(await driver.push([textMessage('u1')], { accessToken: token })).toMatchObject({
      kind: 'token-rejected',
      code: SANDBOX_CODES.expiredToken,
    });
    expect(sandbox.accepted().size).toBe(0);
  });

  it('issues tokens only for its clientId and clientSecret, with a China-time expiry', async () => {
    const clock = Date.UTC(2026, 11, 4, 8, 0, 0);
    const { sandbox } = await start({ now: () => clock });
    const url = `${sandbox.url}/auth/v1/access_token/token`;
    const ask = (clientSecret: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientId: sandbox.credentials.clientId, clientSecret }),
      }).then((response) => response.json() as Promise<Record<string, unknown>>);

    expect(await ask(sandbox.credentials.clientSecret)).toMatchObject({
      code: 0,
      data: { accessToken: expect.any(String), expiresIn: '2026-12-04 18:00:00' },
    });
    expect(await ask('wrong')).toMatchObject({ code: SANDBOX_CODES.invalidCredentials });
    expect(sandbox.stats().tokensIssued).toBe(1);
  });

  it('refuses a push without a JSON Content-Type', async () => {
    const { sandbox, driver } = await start();
    const envelope = sealMessageList(Buffer.from('{"msg_list":[]}'), sandbox.credentials);
    const token = await driver.tokens.getToken();
    const reply = await fetch(
      `${sandbox.url}/open-integration-api/chat-data/v1/push/chatdata?accessToken=${token}`,
      { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(envelope) },
    ).then((response) => response.json() as Promise<Record<string, unknown>>);

    expect(reply).toMatchObject({ code: SANDBOX_CODES.invalidRequest, msg: /Content-Type/ });
  });
});

describe('sandbox rate limit', () => {
  it('refuses calls beyond the limit in a sliding window, and counts each one', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const { sandbox, driver } = await start({
      rate: { calls: 3, windowSeconds: 60 },
      now: () => clock,
    });

    for (let call = 1; call <= 3; call += 1) {
      expect(await driver.push([textMessage(`c${call}`)])).toMatchObject({ kind: 'accepted' });
      clock += 10_000;
    }
    expect(await driver.push([textMessage('c4')])).toEqual({
      kind: 'rate-limited',
      code: SANDBOX_CODES.tooFrequent,
      msg: expect.stringContaining('at most 3 calls in 60 s') as string,
    });

    // The first call arrived 60 s before this one: exactly one window, so it no longer counts.
    clock = Date.UTC(2026, 0, 1) + 60_000;
    expect(await driver.push([textMessage('c4')])).toMatchObject({ kind: 'accepted' });
    expect(await driver.push([textMessage('c5')])).toMatchObject({ kind: 'rate-limited' });

    expect(sandbox.accepted().has('c5')).toBe(false);
    expect(sandbox.stats()).toMatchObject({
      calls: 6,
      acceptedCalls: 4,
      rateLimited: 2,
      maxCallsInAnyWindow: 5,
    });
  });

  it('can answer with HTTP 429 and Retry-After instead', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const { driver } = await start({
      rate: { calls: 1, windowSeconds: 60 },
      rateLimitReply: 'http-429',
      now: () => clock,
    });

    await driver.push([textMessage('h1')]);
    clock += 15_500;
    expect(await driver.push([textMessage('h2')])).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 45_000,
      code: SANDBOX_CODES.tooFrequent,
    });
  });
});

describe('sandbox faults', () => {
  it('reports a fraction of the msgids as failed and does not keep them', async () => {
    const { sandbox, driver } = await start({
      faults: { partialFailure: { count: 1, fraction: 0.5 } },
    });

    const outcome = await driver.push(textMessages(4));

    expect(outcome.kind).toBe('accepted');
    const failIds = outcome.kind === 'accepted' ? outcome.failIds : [];
    expect(failIds).toHaveLength(2);
    expect([...sandbox.accepted().keys()].sort()).toEqual(
      ['m1', 'm2', 'm3', 'm4'].filter((id) => !failIds.includes(id)).sort(),
    );

    expect(await driver.push(textMessages(4))).toMatchObject({ kind: 'accepted', failIds: [] });
    expect(sandbox.accepted().size).toBe(4);
    expect(sandbox.stats().faults.partialFailure).toBe(1);
  });

  it('fails a whole call with code 10001', async () => {
    const { sandbox, driver } = await start({ faults: { systemError: { count: 1 } } });

    expect(await driver.push(textMessages(2))).toEqual({
      kind: 'rejected',
      code: 10001,
      msg: 'system unknown error',
    });
    expect(sandbox.accepted().size).toBe(0);
    expect(await driver.push(textMessages(2))).toMatchObject({ kind: 'accepted' });
  });

  it('refuses a valid token once as expired, and takes a new one', async () => {
    const { sandbox, driver } = await start({ faults: { expiredToken: { count: 1 } } });
    const token = await driver.tokens.getToken();

    expect(await driver.push(textMessages(1))).toEqual({
      kind: 'token-rejected',
      code: SANDBOX_CODES.expiredToken,
      msg: 'access token expired',
    });
    expect(await driver.push(textMessages(1), { accessToken: token })).toMatchObject({
      kind: 'token-rejected',
    });
    expect(sandbox.accepted().size).toBe(0);

    driver.tokens.invalidate(token);
    expect(await driver.push(textMessages(1))).toMatchObject({ kind: 'accepted' });
    expect(sandbox.stats().tokensIssued).toBe(2);
  });

  it.each<[string, SandboxOptions['faults']]>([
    ['a dropped connection', { dropConnection: { count: 1 } }],
    ['a truncated reply', { truncatedReply: { count: 1 } }],
    ['a reply that is not JSON', { nonJsonReply: { count: 1 } }],
  ])('answers with %s, keeping nothing', async (_, faults) => {
    const { sandbox, driver } = await start({ faults });

    expect(await driver.push(textMessages(2))).toMatchObject({ kind: 'transient' });
    expect(sandbox.accepted().size).toBe(0);
    expect(await driver.push(textMessages(2))).toMatchObject({ kind: 'accepted' });
    expect(sandbox.accepted().size).toBe(2);
  });

  it('replies late, and still keeps the call a client gave up on', async () => {
    const { sandbox, driver } = await start({ faults: { slowReply: { count: 2, delayMs: 300 } } });

    const started = Date.now();
    expect(await driver.push(textMessages(1, 'slow'))).toMatchObject({ kind: 'accepted' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    expect(await driver.push(textMessages(1, 'late'), { timeoutMs: 100 })).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('timeout') as string,
    });
    await sleep(400);
    expect(sandbox.accepted().has('late1')).toBe(true);
  });

  it.each<['http-503' | 'drop']>([['http-503'], ['drop']])(
    'takes the token endpoint down (%s)',
    async (mode) => {
      const { driver } = await start({ faults: { tokenEndpointDown: { count: 1, mode } } });

      const error = await driver.tokens.getToken().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TokenError);
      expect((error as TokenError).reason).toBe('unreachable');
      expect(await driver.tokens.getToken()).toEqual(expect.any(String));
    },
  );

  it('changes faults while running, by probability', async () => {
    const { sandbox, driver } = await start();
    await driver.tokens.getToken();

    sandbox.setFaults({ systemError: { probability: 1 } });
    for (let call = 0; call < 3; call += 1) {
      expect(await driver.push(textMessages(1))).toMatchObject({ kind: 'rejected', code: 10001 });
    }
    sandbox.setFaults({ systemError: { probability: 0 } });
    expect(await driver.push(textMessages(1))).toMatchObject({ kind: 'accepted' });
    expect(sandbox.stats().faults.systemError).toBe(3);
  });

  it('refuses a fault rule that cannot work, with a sentence', async () => {
    const { sandbox } = await start();
    expect(() => sandbox.setFaults({ systemError: { probability: 2 } })).toThrow(
      /between 0 and 1\.$/,
    );
    expect(() => sandbox.setFaults({ partialFailure: { fraction: 0 } })).toThrow(/fraction/);
  });
});

describe('sandbox data file', () => {
  it('keeps accepted messages across a restart, digit for digit', async () => {
    const dataFile = path.join(workDir, 'nested', 'accepted.jsonl');
    const first = await start({ dataFile });
    await first.driver.push(`{"msg_list":[${bigMessageText}]}`);
    await first.driver.push(textMessages(2));
    const before = new Map(first.sandbox.accepted());
    await first.sandbox.close();

    // A crash while appending leaves half a line; it is skipped.
    appendFileSync(dataFile, '{"msgid":"half","act');
    const second = await start({ dataFile });
    expect(new Map(second.sandbox.accepted())).toEqual(before);
    expect(second.sandbox.accepted().get('big-1')).toContain(`"seq":${UINT64_MAX}`);

    await second.driver.push(textMessages(2));
    expect(second.sandbox.stats()).toMatchObject({
      duplicates: 2,
      messagesAccepted: 0,
      storedMessages: 3,
    });
  });
});

describe('sandbox inspection and logs', () => {
  it('shows counts on its status page, without messages or credentials', async () => {
    const { sandbox, driver } = await start();
    await driver.push([textMessage('p1', 'a private sentence')]);

    const response = await fetch(`${sandbox.url}${SANDBOX_STATUS_PATH}`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      sandbox: true,
      rate: { calls: 10, windowSeconds: 60 },
      stats: { calls: 1, storedMessages: 1 },
    });
    for (const secret of [
      'a private sentence',
      'p1',
      ...Object.values(sandbox.credentials).slice(1),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs calls without message bodies or secrets', async () => {
    configureLogging({ dir: workDir, level: 'debug' });
    const { sandbox, driver } = await start();
    const token = await driver.tokens.getToken();
    await driver.push([textMessage('l1', 'a private sentence')]);

    const log = readFileSync(logFilePath() ?? '', 'utf8');
    expect(log).toMatch(/"name":"sandbox"/);
    for (const secret of [
      'a private sentence',
      token,
      sandbox.credentials.clientSecret,
      sandbox.credentials.encodingAesKey,
      sandbox.credentials.token,
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('refuses to start with an EncodingAESKey that cannot work', async () => {
    await expect(startSandbox({ credentials: { encodingAesKey: 'short' } })).rejects.toThrow(
      /EncodingAESKey/,
    );
  });

  it('listens on loopback only', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/only on this computer/);
  });

  it('answers unknown paths with 404', async () => {
    const { sandbox } = await start();
    const response = await pushChatData({
      baseUrl: `${sandbox.url}/elsewhere`,
      accessToken: 'x',
      envelope: { encryptData: '', msgSignature: '', timeStamp: '', nonce: '' },
    });
    expect(response).toEqual({ kind: 'rejected', code: 404, msg: expect.any(String) as string });
  });
});
