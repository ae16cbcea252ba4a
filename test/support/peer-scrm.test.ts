/**
 * The peer must refuse what the SCRM would refuse, or the reliability suite could pass on
 * calls a real server throws away.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { createTokenClient } from '../../electron/core/api/token-client.js';
import { pushChatData } from '../../electron/core/api/upload-client.js';
import { sealMessageList } from '../../electron/core/crypto/envelope.js';
import { startPeerScrm, type PeerOptions, type PeerScrm } from './peer-scrm.js';

const BIG = '18446744073709551615';
const MESSAGE = `{"msgid":"m1","action":"send","from":"a","tolist":["b"],"roomid":"","msgtime":1709251200000,"msgtype":"text","seq":${BIG},"text":{"content":"你好"}}`;

let peer: PeerScrm;

afterEach(async () => {
  await peer.close();
});

async function push(
  options: { receiveId?: string; token?: string; accessToken?: string; text?: string } = {},
) {
  const tokens = createTokenClient({
    baseUrl: peer.url,
    clientId: peer.credentials.clientId,
    clientSecret: peer.credentials.clientSecret,
  });
  const envelope = sealMessageList(Buffer.from(options.text ?? `{"msg_list":[${MESSAGE}]}`), {
    ...peer.credentials,
    ...(options.receiveId !== undefined ? { receiveId: options.receiveId } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  });
  return pushChatData({
    baseUrl: peer.url,
    accessToken: options.accessToken ?? (await tokens.getToken()),
    envelope,
    timeoutMs: 2_000,
  });
}

async function start(options: Partial<PeerOptions> = {}) {
  peer = await startPeerScrm({ rate: { calls: 10, windowMs: 1000 }, ...options });
}

describe('peer SCRM', () => {
  it('takes a sound call and keeps large integers digit for digit', async () => {
    await start();

    expect(await push()).toMatchObject({ kind: 'accepted', failIds: [] });
    expect(peer.held.get('m1')).toBe(MESSAGE);
    expect(peer.pushes[0]).toMatchObject({ problem: null, msgids: ['m1'], added: ['m1'] });
  });

  it.each<[string, Parameters<typeof push>[0], RegExp]>([
    ['a wrong signature token', { token: 'not-the-token' }, /msgSignature/],
    ['another receiveId', { receiveId: 'ww-someone-else' }, /receiveId/],
    ['an unknown access token', { accessToken: 'made-up' }, /access_token/],
    [
      'a list of 1001 messages',
      { text: `{"msg_list":[${Array(1001).fill(MESSAGE).join(',')}]}` },
      /1000/,
    ],
    ['a message without msgid', { text: '{"msg_list":[{"msgtime":1}]}' }, /msgid/],
  ])('refuses %s and keeps nothing', async (_, options, problem) => {
    await start();

    const outcome = await push(options);

    expect(outcome.kind).not.toBe('accepted');
    expect(peer.pushes[0]!.problem).toMatch(problem);
    expect(peer.held.size).toBe(0);
  });

  it('refuses calls over the limit on arrival', async () => {
    await start({ rate: { calls: 2, windowMs: 60_000 } });

    const outcomes = [await push(), await push(), await push()];

    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'accepted',
      'accepted',
      'rate-limited',
    ]);
    expect(peer.pushes.map((record) => record.overLimit)).toEqual([false, false, true]);
  });
});
