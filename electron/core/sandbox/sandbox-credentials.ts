/** Random credentials of the real form, so that the sandbox exercises the same code paths. */
import { randomBytes } from 'node:crypto';

import type { Credentials } from '../../../shared/settings.js';
import { generateEncodingAesKey } from '../crypto/encoding-aes-key.js';

export type SandboxCredentials = Omit<Credentials, 'baseUrl'>;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alphanumeric(length: number): string {
  // 256 is not a multiple of 62; the slight lean is harmless for test credentials.
  return [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

export function generateSandboxCredentials(
  given: Partial<SandboxCredentials> = {},
): SandboxCredentials {
  return {
    clientId: given.clientId ?? `sandbox-${randomBytes(6).toString('hex')}`,
    clientSecret: given.clientSecret ?? randomBytes(24).toString('base64url'),
    token: given.token ?? alphanumeric(32),
    encodingAesKey: given.encodingAesKey ?? generateEncodingAesKey(),
    // WeCom corp ids start with "ww".
    receiveId: given.receiveId ?? `ww${randomBytes(8).toString('hex')}`,
  };
}
