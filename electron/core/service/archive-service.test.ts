import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { tempDir } from '../../../test/support/temp-dir.js';
import { startSandbox, type Sandbox } from '../sandbox/sandbox.js';
import { ArchiveService, ServiceError } from './archive-service.js';
import { type KeyringCipher, KeyringSecretStore } from './secret-store.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/wecom-messages.jsonl');

const cipher: KeyringCipher = {
  info: () => ({ available: true, backend: 'test-keyring' }),
  canEncrypt: () => true,
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (data) => data.toString('utf8'),
};

describe('ArchiveService', () => {
  let dir: ReturnType<typeof tempDir>;
  let service: ArchiveService;
  let sandbox: Sandbox;

  beforeEach(async () => {
    dir = tempDir();
    sandbox = await startSandbox({ rate: { calls: 10, windowSeconds: 1 } });
    service = ArchiveService.open({
      dbPath: path.join(dir.path, 'store.db'),
      version: 'test',
      secretStore: (settings) => new KeyringSecretStore(settings, cipher),
    });
    await service.importAndWait([fixtures]);
  });

  afterEach(async () => {
    await service.close();
    await sandbox.close();
    dir.remove();
  });

  it('forgets stored secrets when the base URL changes (regression: a window could send the clientSecret elsewhere)', () => {
    service.saveSettings({
      settings: { useSandbox: false, baseUrl: 'https://qw-openapi-tx.dustess.com', clientId: 'c' },
      secrets: { clientSecret: 's', token: 't', encodingAesKey: 'A'.repeat(43) },
      secretStorage: 'keyring',
    });
    expect(service.settingsView().secretsSet).toEqual({
      clientSecret: true,
      token: true,
      encodingAesKey: true,
    });

    const view = service.saveSettings({ settings: { baseUrl: 'https://collector.example.com' } });

    expect(view.secretsSet).toEqual({ clientSecret: false, token: false, encodingAesKey: false });
    expect(service.secrets.get('clientSecret')).toBeNull();
  });

  it('keeps secrets given together with the new base URL', () => {
    const view = service.saveSettings({
      settings: { useSandbox: false, baseUrl: 'https://other.example.com' },
      secrets: { clientSecret: 'new' },
    });
    expect(view.secretsSet.clientSecret).toBe(true);
  });

  it('starts one upload when two requests come at once (regression: both started a job)', async () => {
    const credentials = sandbox.credentials;
    const results = await Promise.allSettled([
      service.startUpload({ credentials, rate: { calls: 10, windowSeconds: 1 } }),
      service.startUpload({ credentials, rate: { calls: 10, windowSeconds: 1 } }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ServiceError);
    expect((refused.reason as ServiceError).code).toBe('busy');
  });

  it('refuses a rate above the API limit for a real SCRM, and allows it for one on this computer', async () => {
    await expect(
      service.startUpload({
        credentials: { ...sandbox.credentials, baseUrl: 'https://qw-openapi-tx.dustess.com' },
        rate: { calls: 100, windowSeconds: 60 },
      }),
    ).rejects.toThrow(/allows at most 10 calls every 60 seconds/);
    await expect(
      service.startUpload({
        credentials: sandbox.credentials,
        rate: { calls: 100, windowSeconds: 1 },
      }),
    ).resolves.toMatchObject({ phase: expect.any(String) });
  });

  it('uploads messages after the cutoff only in the run that asked (regression: the override stayed on)', async () => {
    // The fixtures span 2019 to 2022; the cutoff keeps the later ones out.
    service.saveSettings({ settings: { cutoff: Date.UTC(2020, 9, 28, 8) } });
    const excluded = service.countMessages({ statuses: ['excluded'] });
    expect(excluded).toBeGreaterThan(0);
    const rate = { calls: 10, windowSeconds: 1 };

    const first = await service.uploadAndWait({
      credentials: sandbox.credentials,
      rate,
      includeAfterCutoff: true,
    });
    expect(first.uploaded).toBe(29);

    // The same messages again under new msgids: the next run, without the override, keeps the
    // later ones out.
    const again = path.join(dir.path, 'again.jsonl');
    const lines = readFileSync(fixtures, 'utf8').trim().split('\n');
    writeFileSync(
      again,
      lines.map((line) => line.replace(/"msgid":"([^"]+)"/, '"msgid":"$1-again"')).join('\n'),
    );
    await service.importAndWait([again]);
    const second = await service.uploadAndWait({ credentials: sandbox.credentials, rate });
    expect(second.uploaded).toBe(29 - excluded);
    expect(service.countMessages({ statuses: ['excluded'] })).toBe(excluded);
    expect(
      service.db.prepare("SELECT count(*) FROM messages WHERE choice = 'include'").pluck().get(),
    ).toBe(0);
  });
});
