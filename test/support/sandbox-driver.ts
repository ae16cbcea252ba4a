/**
 * Drives a sandbox the way the uploader will: the real token client, envelope and upload
 * client over HTTP on 127.0.0.1. Shared by the tests of the sandbox and of what runs against it.
 */
import { createTokenClient } from '../../electron/core/api/token-client.js';
import type { TokenClient } from '../../electron/core/api/token-client.js';
import { pushChatData } from '../../electron/core/api/upload-client.js';
import type { UploadOutcome } from '../../electron/core/api/upload-outcome.js';
import { sealMessageList } from '../../electron/core/crypto/envelope.js';
import type { Envelope, EnvelopeCredentials } from '../../electron/core/crypto/envelope.js';
import { stringifyExact } from '../../electron/core/json/exact-json.js';
import type { Sandbox } from '../../electron/core/sandbox/sandbox.js';

export interface SandboxDriver {
  readonly tokens: TokenClient;
  /** Seals `{"msg_list": messages}` (or the given raw JSON text) and pushes it. */
  push(
    messages: readonly unknown[] | string,
    options?: {
      timeoutMs?: number;
      credentials?: Partial<EnvelopeCredentials>;
      accessToken?: string;
    },
  ): Promise<UploadOutcome>;
  pushEnvelope(envelope: Envelope, timeoutMs?: number): Promise<UploadOutcome>;
}

export function driveSandbox(sandbox: Sandbox, now?: () => number): SandboxDriver {
  const tokens = createTokenClient({
    baseUrl: sandbox.url,
    clientId: sandbox.credentials.clientId,
    clientSecret: sandbox.credentials.clientSecret,
    timeoutMs: 2_000,
    ...(now ? { now } : {}),
  });

  async function pushEnvelope(envelope: Envelope, timeoutMs = 2_000, accessToken?: string) {
    return pushChatData({
      baseUrl: sandbox.url,
      accessToken: accessToken ?? (await tokens.getToken()),
      envelope,
      timeoutMs,
    });
  }

  return {
    tokens,
    pushEnvelope,
    push(messages, options = {}) {
      const json = typeof messages === 'string' ? messages : stringifyExact({ msg_list: messages });
      const envelope = sealMessageList(Buffer.from(json, 'utf8'), {
        ...sandbox.credentials,
        ...options.credentials,
      });
      return pushEnvelope(envelope, options.timeoutMs, options.accessToken);
    },
  };
}

/** A valid text message in the upload shape. */
export function textMessage(
  msgid: string,
  content = `content of ${msgid}`,
): Record<string, unknown> {
  return {
    msgid,
    action: 'send',
    from: 'zhangsan',
    tolist: ['lisi'],
    roomid: '',
    msgtime: 1_700_000_000_000,
    msgtype: 'text',
    text: { content },
  };
}

export function textMessages(count: number, prefix = 'm'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => textMessage(`${prefix}${index + 1}`));
}
