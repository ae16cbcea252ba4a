import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { channels, type Channel } from '../../../shared/ipc/contract.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { ArchiveService } from '../service/archive-service.js';
import { createIpcHandlers, type IpcHandlers } from './handlers.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/wecom-messages.jsonl');

/** A valid request for every channel that can run without dialogs or network. */
const VALID: Partial<Record<Channel, unknown>> = {
  'app:info': {},
  'import:list': {},
  'import:summary': {},
  'messages:query': { filter: { msgtypes: ['text'] }, limit: 10 },
  'messages:count': { filter: {} },
  'messages:facets': {},
  'messages:distinct': { field: 'sender', prefix: 'Z' },
  'upload:state': {},
  'upload:eligible': {},
  'upload:batches': {},
  'upload:runs': {},
  'failed:groups': {},
  'failed:retry': { all: true },
  'settings:get': {},
};

const HOSTILE: unknown[] = [
  null,
  42,
  'text',
  [],
  [1, 2, 3],
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  { filter: 'not-an-object' },
  { filter: { msgtypes: 'text' } },
  { filter: { statuses: ['deleted'] } },
  { filter: { text: 'x'.repeat(100_000) } },
  { offset: -1 },
  { limit: 1e9 },
  { id: 'DROP TABLE messages' },
  { paths: [''] },
  { paths: Array.from({ length: 10_000 }, () => '/etc/passwd') },
  { selection: { ids: [] }, choice: 'include' },
  { selection: { filter: {} }, choice: 'delete' },
  { settings: { baseUrl: 5 } },
  { settings: { rate: { calls: 0, windowSeconds: 60 } } },
  { secrets: { encodingAesKey: 'k'.repeat(10_000) } },
  { format: 'exe' },
  { jobId: { $ne: null } },
  nestedDeeply(2000),
];

function nestedDeeply(depth: number): unknown {
  let value: unknown = {};
  for (let index = 0; index < depth; index += 1) value = { filter: value };
  return value;
}

describe('IPC handlers', () => {
  let dir: ReturnType<typeof tempDir>;
  let service: ArchiveService;
  let handlers: IpcHandlers;
  let picks: string[];

  beforeEach(async () => {
    dir = tempDir();
    service = ArchiveService.open({ dbPath: path.join(dir.path, 'store.db'), version: 'test' });
    picks = [];
    handlers = createIpcHandlers(service, {
      pickFiles: async () => picks,
      chooseSavePath: async (name) => path.join(dir.path, name),
    });
  });

  afterEach(async () => {
    await service.close();
    dir.remove();
  });

  it.each(Object.entries(VALID))(
    'answers a valid %s request with a value',
    async (channel, request) => {
      const result = await handlers.handle(channel, request);
      expect(result).toMatchObject({ ok: true });
      if (result.ok) {
        const parsed = channels[channel as Channel].response.safeParse(result.value);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    },
  );

  it.each(Object.keys(channels) as Channel[])(
    'refuses hostile payloads on %s with a typed error',
    async (channel) => {
      for (const payload of HOSTILE) {
        const result = await handlers.handle(channel, payload);
        if (result.ok) {
          // Accepted only when the contract accepts it (a missing request counts as {}).
          expect(channels[channel].request.safeParse(payload ?? {}).success).toBe(true);
          continue;
        }
        expect(['invalid_request', 'not_found', 'failed', 'busy']).toContain(result.error.code);
        expect(result.error.message).not.toMatch(/\n\s+at /);
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  );

  it('refuses channels that do not exist', async () => {
    for (const channel of ['', 'fs:read', '__proto__', 'constructor', 42, null]) {
      const result = await handlers.handle(channel, {});
      expect(result).toEqual({
        ok: false,
        error: { code: 'invalid_request', message: expect.any(String) },
      });
    }
  });

  it('imports only files the operator picked or dropped', async () => {
    const refused = await handlers.handle('import:start', { paths: [fixtures] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed' } });

    picks = [fixtures];
    await handlers.handle('files:pick', {});
    const started = await handlers.handle('import:start', { paths: [fixtures] });
    expect(started).toMatchObject({ ok: true });
  });

  it('hands exports to the save dialog, never to a path from the window', async () => {
    const result = await handlers.handle('export:messages', {
      format: 'jsonl',
      path: '/tmp/evil.jsonl',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const saved = await handlers.handle('export:messages', { format: 'jsonl' });
    expect(saved).toMatchObject({ ok: true, value: { path: expect.stringContaining(dir.path) } });
  });
});
