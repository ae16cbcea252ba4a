import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { UploadState } from '../../../shared/ipc/upload';
import { useUploadStore } from '../features/upload/upload-store';
import { useLocaleStore } from '../i18n/i18n';
import { installStubArchive, settle, type StubArchive } from '../test/stub-archive';
import { useAppStore } from './app-store';
import { wireEvents } from './wiring';

function state(phase: UploadState['phase']): UploadState {
  return {
    phase,
    runId: 1,
    target: 'sandbox',
    total: 3000,
    uploaded: 3000,
    failed: 0,
    remaining: 0,
    calls: 3,
    callsInWindow: 3,
    rate: { calls: 10, windowSeconds: 60 },
    nextCallAt: null,
    messagesPerMinute: 0,
    etaSeconds: null,
    note: null,
    error: null,
  };
}

let stub: StubArchive;
let unwire: () => void;

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  useAppStore.getState().reset();
  useUploadStore.getState().reset();
  stub = installStubArchive({
    'messages:count': () => ({ total: 0 }),
    'upload:eligible': () => ({ eligible: 0, media: 0, cutoff: null, afterCutoff: 0 }),
  });
  unwire = wireEvents();
});

afterEach(() => unwire());

describe('event wiring', () => {
  it('counts again as soon as an upload run ends, not a second later', async () => {
    stub.emit('upload:state', state('running'));
    await settle();
    expect(stub.callsTo('upload:eligible')).toHaveLength(0);

    stub.emit('upload:state', state('idle'));
    await settle();
    expect(stub.callsTo('upload:eligible').length).toBeGreaterThanOrEqual(2);
    expect(stub.callsTo('messages:count').length).toBeGreaterThanOrEqual(2);
    expect(useAppStore.getState().eligibleCount).toBe(0);
    expect(useUploadStore.getState().eligible?.eligible).toBe(0);
  });

  it('does not count again for a state that stays idle', async () => {
    stub.emit('upload:state', state('idle'));
    await settle();
    expect(stub.callsTo('upload:eligible')).toHaveLength(0);
  });
});
