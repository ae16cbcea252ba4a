import { beforeEach, describe, expect, it } from 'vitest';

import { useLocaleStore } from '../i18n/i18n';
import { installStubArchive } from '../test/stub-archive';
import { call, checkReply, subscribe } from './client';

beforeEach(() => useLocaleStore.getState().setLocale('en'));

describe('checkReply', () => {
  it('passes a reply that matches the contract, with defaults applied', () => {
    const result = checkReply('messages:count', { ok: true, value: { total: 3 } });
    expect(result).toEqual({ ok: true, value: { total: 3 } });
  });

  it('turns a reply of the wrong shape into a sentence naming the channel', () => {
    const result = checkReply('messages:count', { ok: true, value: { total: 'three' } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('bad_response');
      expect(result.message).toContain('messages:count');
      expect(result.message).toMatch(/Restart the app/);
    }
    expect(checkReply('messages:count', 'nonsense').ok).toBe(false);
  });

  it('passes the main process sentence through', () => {
    const result = checkReply('upload:start', {
      ok: false,
      error: { code: 'busy', message: 'An upload is already running.' },
    });
    expect(result).toEqual({ ok: false, code: 'busy', message: 'An upload is already running.' });
  });

  it('says the main process sentence in Chinese when the window is in Chinese', () => {
    useLocaleStore.getState().setLocale('zh-CN');
    const result = checkReply('upload:start', {
      ok: false,
      error: { code: 'busy', message: 'An upload is already running.' },
    });
    expect(result).toEqual({ ok: false, code: 'busy', message: '已经有一个上传在进行。' });
  });
});

describe('call', () => {
  it('says plainly when there is no bridge', async () => {
    const saved = (globalThis as { window?: { archive?: unknown } }).window;
    if (saved) delete saved.archive;
    const result = await call('app:info', {});
    expect(result).toMatchObject({ ok: false, code: 'unavailable' });
    if (!result.ok) expect(result.message).toMatch(/outside the app/);
  });

  it('drops events that do not match the contract', () => {
    const stub = installStubArchive();
    const seen: unknown[] = [];
    subscribe('store:changed', (payload) => seen.push(payload));
    stub.emit('store:changed', { reason: 'import' });
    stub.emit('store:changed', { reason: 'nonsense' });
    expect(seen).toEqual([{ reason: 'import' }]);
  });
});
