/**
 * Runs a whole session with known secret values (import, upload, failures, exports, report)
 * and searches every file the app wrote for them, and for the access tokens it was issued.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../electron/core/sandbox/sandbox.js';
import { credentialsEnv, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/wecom-messages.jsonl');

const SECRETS = {
  clientSecret: 'KnownClientSecret_7f3a9c2e51d84b60',
  token: 'KnownSignatureToken_c0ffee42',
  encodingAesKey: 'S3cr3tAesKeyForTestsOnly0123456789abcdefABC',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('secrets', () => {
  const dir = tempDir('archive-secrets-');
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      rate: { calls: 10, windowSeconds: 1 },
      credentials: { clientId: 'known-client', receiveId: 'known-corp', ...SECRETS },
      faults: { partialFailure: { count: 1, fraction: 0.3 } },
    });
  });

  afterAll(async () => {
    await sandbox.close();
    dir.remove();
  });

  it('never reach the store, the logs, the exports or the report in plain text', async () => {
    const db = path.join(dir.path, 'store.db');
    const env = credentialsEnv({
      baseUrl: sandbox.credentials.baseUrl,
      clientId: 'known-client',
      clientSecret: SECRETS.clientSecret,
      token: SECRETS.token,
      encodingAesKey: SECRETS.encodingAesKey,
      receiveId: 'known-corp',
    });
    const steps = [
      ['import', fixtures],
      ['upload', '--rate', '10/1', '--verbose'],
      ['failed'],
      ['retry'],
      ['upload', '--rate', '10/1'],
      ['export', '--out', path.join(dir.path, 'all.jsonl')],
      ['export', '--out', path.join(dir.path, 'all.csv')],
      ['status', '--json'],
    ];
    let printed = '';
    for (const step of steps) {
      const run = await runCli([...step, '--db', db], { env });
      expect(run.code, run.stderr).toBe(0);
      printed += run.stdout + run.stderr;
    }
    const tokens = sandbox.issuedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    expect(sandbox.stats().messagesAccepted).toBe(29);

    const written = filesUnder(dir.path).filter((file) => statSync(file).size > 0);
    expect(written.some((file) => file.endsWith('.log'))).toBe(true);
    expect(written.some((file) => file.endsWith('store.db'))).toBe(true);
    for (const file of written) {
      const bytes = readFileSync(file);
      for (const secret of [...Object.values(SECRETS), ...tokens]) {
        expect(
          bytes.includes(Buffer.from(secret)),
          `${secret.slice(0, 6)}… in ${path.basename(file)}`,
        ).toBe(false);
        expect(
          bytes.includes(Buffer.from(secret, 'utf16le')),
          `${secret.slice(0, 6)}… (UTF-16) in ${path.basename(file)}`,
        ).toBe(false);
      }
    }
    for (const secret of [...Object.values(SECRETS), ...tokens])
      expect(printed.includes(secret)).toBe(false);
  }, 60_000);
});
