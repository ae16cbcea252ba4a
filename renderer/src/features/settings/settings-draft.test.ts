import { describe, expect, it } from 'vitest';

import type { PublicSettings } from '../../../../shared/ipc/settings';
import { draftFromSettings, isDraftDirty, toSaveRequest, validateDraft } from './settings-draft';

const saved: PublicSettings = {
  baseUrl: 'https://qw-openapi-tx.dustess.com',
  clientId: 'ck',
  receiveId: 'ww1',
  useSandbox: true,
  rate: { calls: 10, windowSeconds: 60 },
  cutoff: null,
  cutoffConfirmedNone: false,
  includeMedia: true,
  maxAttempts: 5,
  locale: 'zh-CN',
};

describe('draftFromSettings', () => {
  it('tells the three cutoff answers apart', () => {
    expect(draftFromSettings(saved).cutoffMode).toBe('unset');
    expect(draftFromSettings({ ...saved, cutoffConfirmedNone: true }).cutoffMode).toBe('never');
    const at = draftFromSettings({ ...saved, cutoff: new Date(2024, 0, 15, 10).getTime() });
    expect(at.cutoffMode).toBe('at');
    expect(at.cutoffAt).toBe('2024-01-15T10:00:00');
  });
});

describe('validateDraft', () => {
  const draft = draftFromSettings(saved);

  it('accepts the saved settings', () => {
    expect(validateDraft(draft, {})).toEqual({});
  });

  it.each([
    ['baseUrl', { baseUrl: 'qw-openapi-tx.dustess.com' }, {}],
    ['rateCalls', { rateCalls: '0' }, {}],
    ['rateWindow', { rateWindow: 'sixty' }, {}],
    ['maxAttempts', { maxAttempts: '21' }, {}],
    ['cutoffAt', { cutoffMode: 'at', cutoffAt: '' }, {}],
    ['encodingAesKey', {}, { encodingAesKey: 'too-short' }],
  ] as const)('flags a bad %s', (field, patch, secrets) => {
    expect(Object.keys(validateDraft({ ...draft, ...patch }, secrets))).toEqual([field]);
  });
});

describe('toSaveRequest', () => {
  it('sends only what changed and never a secret that was not typed', () => {
    const draft = { ...draftFromSettings(saved), clientId: ' ck2 ', useSandbox: false };
    expect(toSaveRequest(saved, draft, {}, null)).toEqual({
      settings: { clientId: 'ck2', useSandbox: false },
    });
  });

  it('sends typed secrets, clears with an empty string, and says where to keep them', () => {
    const draft = draftFromSettings(saved);
    const request = toSaveRequest(saved, draft, { token: ' t0k ', clientSecret: null }, 'session');
    expect(request).toEqual({
      settings: {},
      secrets: { token: 't0k', clientSecret: '' },
      secretStorage: 'session',
    });
  });

  it('records the cutoff as a moment, or as "never switched on"', () => {
    const at = {
      ...draftFromSettings(saved),
      cutoffMode: 'at' as const,
      cutoffAt: '2024-01-15T10:00',
    };
    expect(toSaveRequest(saved, at, {}, null).settings).toEqual({
      cutoff: new Date(2024, 0, 15, 10).getTime(),
    });
    const never = { ...draftFromSettings(saved), cutoffMode: 'never' as const };
    expect(toSaveRequest(saved, never, {}, null).settings).toEqual({ cutoffConfirmedNone: true });
  });

  it('knows when the form differs from what is saved', () => {
    const draft = draftFromSettings(saved);
    expect(isDraftDirty(saved, draft, {})).toBe(false);
    expect(isDraftDirty(saved, { ...draft, maxAttempts: '6' }, {})).toBe(true);
    expect(isDraftDirty(saved, draft, { token: 'x' })).toBe(true);
  });
});
