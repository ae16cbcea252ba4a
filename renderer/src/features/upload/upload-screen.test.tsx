// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { UploadState } from '../../../../shared/ipc/upload';
import { useAppStore } from '../../app/app-store';
import { useLocaleStore } from '../../i18n/i18n';
import { installStubArchive, settle, type StubArchive } from '../../test/stub-archive';
import { useSettingsStore } from '../settings/settings-store';
import { UploadScreen } from './upload-screen';
import { mergeBatch, runProgress, useUploadStore } from './upload-store';

const NOW = Date.UTC(2024, 5, 1, 2, 0, 0);

function uploadState(patch: Partial<UploadState> = {}): UploadState {
  return {
    phase: 'idle',
    runId: null,
    target: 'sandbox',
    total: 0,
    uploaded: 0,
    failed: 0,
    remaining: 0,
    calls: 0,
    callsInWindow: 0,
    rate: { calls: 10, windowSeconds: 60 },
    nextCallAt: null,
    messagesPerMinute: 0,
    etaSeconds: null,
    note: null,
    error: null,
    ...patch,
  };
}

let stub: StubArchive;

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  useUploadStore.getState().reset();
  useSettingsStore.getState().reset();
  useAppStore.getState().reset();
  stub = installStubArchive({
    'upload:state': () => uploadState(),
    'upload:batches': () => ({ batches: [] }),
    'upload:eligible': () => ({ eligible: 1200, media: 10, cutoff: NOW, afterCutoff: 300 }),
    'upload:start': (request) =>
      uploadState({ phase: 'running', total: request.includeAfterCutoff ? 1500 : 1200 }),
    'settings:get': { error: 'not needed' },
  });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('UploadScreen', () => {
  it('counts down to the next call every second without new events', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    render(<UploadScreen />);
    await act(() => settle());
    act(() =>
      useUploadStore
        .getState()
        .applyState(
          uploadState({ phase: 'waiting', total: 1200, calls: 3, nextCallAt: NOW + 12_000 }),
        ),
    );
    expect(screen.getByTestId('upload-countdown').textContent).toBe('in 12 s');

    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('upload-countdown').textContent).toBe('in 7 s');

    act(() => vi.advanceTimersByTime(8_000));
    expect(screen.getByTestId('upload-countdown').textContent).toBe('now');
  });

  it('promises no next call and no end while paused', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    render(<UploadScreen />);
    await act(() => settle());
    act(() =>
      useUploadStore.getState().applyState(
        uploadState({
          phase: 'paused',
          total: 5000,
          uploaded: 1000,
          calls: 1,
          nextCallAt: NOW - 500,
          etaSeconds: 4,
        }),
      ),
    );
    expect(screen.getByTestId('upload-countdown').textContent).toBe('—');
    expect(screen.getByTestId('upload-eta').textContent).toBe('—');
  });

  it('keeps the start button off until the cutoff is set or confirmed absent', async () => {
    const settings = {
      baseUrl: 'https://qw-openapi-tx.dustess.com',
      clientId: '',
      receiveId: '',
      useSandbox: true,
      rate: { calls: 10, windowSeconds: 60 },
      cutoff: null,
      cutoffConfirmedNone: false,
      includeMedia: true,
      maxAttempts: 5,
      locale: 'en' as const,
    };
    const view = (cutoffConfirmedNone: boolean) => ({
      settings: { ...settings, cutoffConfirmedNone },
      secretsSet: { clientSecret: false, token: false, encodingAesKey: false },
      secretStorage: 'session' as const,
      keyring: { available: false, backend: 'none' },
    });
    stub.set({
      'settings:get': () => view(false),
      'upload:eligible': () => ({ eligible: 50, media: 0, cutoff: null, afterCutoff: 0 }),
    });
    render(<UploadScreen />);
    await act(() => settle());
    const start = screen.getByTestId('upload-start') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(screen.getByTestId('upload-start-needs-cutoff').textContent).toContain('Settings');

    stub.set({ 'settings:get': () => view(true) });
    await act(() => useSettingsStore.getState().load());
    expect((screen.getByTestId('upload-start') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('upload-start-needs-cutoff')).toBeNull();
  });

  it('starts without the messages after the cutoff unless asked', async () => {
    render(<UploadScreen />);
    await act(() => settle());
    fireEvent.click(screen.getByTestId('upload-start'));
    await act(() => settle());
    expect(stub.callsTo('upload:start')).toEqual([{ includeAfterCutoff: false }]);
  });

  it('asks for a ticked confirmation before sending messages after the cutoff', async () => {
    render(<UploadScreen />);
    await act(() => settle());
    fireEvent.click(screen.getByTestId('upload-include-after-cutoff'));
    fireEvent.click(screen.getByTestId('upload-start'));
    await act(() => settle());

    expect(stub.callsTo('upload:start')).toEqual([]);
    const dialog = screen.getByTestId('upload-confirm-cutoff');
    expect(dialog.textContent).toContain('loses data');
    const confirm = screen.getByTestId('upload-confirm-cutoff-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);

    fireEvent.click(screen.getByTestId('upload-confirm-cutoff-check'));
    fireEvent.click(confirm);
    await act(() => settle());
    expect(stub.callsTo('upload:start')).toEqual([{ includeAfterCutoff: true }]);
  });

  it('labels the sandbox on screen when it is the target', async () => {
    stub.set({
      'app:info': () => ({
        version: '0',
        dataDir: '/d',
        dbPath: '/d/a.db',
        logFile: null,
        target: { kind: 'sandbox', baseUrl: 'http://127.0.0.1:1', clientId: 'x' },
        development: false,
      }),
    });
    await useAppStore.getState().refreshInfo();
    render(<UploadScreen />);
    await act(() => settle());
    expect(screen.getByTestId('upload-target').dataset.target).toBe('sandbox');
  });
});

describe('upload store helpers', () => {
  it('counts failures as done in the run progress', () => {
    expect(runProgress(uploadState({ total: 200, uploaded: 50, failed: 50 }))).toBe(0.5);
    expect(runProgress(uploadState({ total: 0 }))).toBeNull();
  });

  it('keeps the batch log newest first and replaces a batch when it settles', () => {
    const batch = (id: number, state: 'sending' | 'settled') => ({
      id,
      runId: 1,
      size: 1000,
      bytes: 1,
      state,
      sentAt: 0,
      finishedAt: null,
      code: null,
      msg: null,
      failIds: [],
      attempt: 1,
    });
    let log = mergeBatch([], batch(1, 'settled'));
    log = mergeBatch(log, batch(2, 'sending'));
    log = mergeBatch(log, batch(2, 'settled'));
    expect(log.map((item) => [item.id, item.state])).toEqual([
      [2, 'settled'],
      [1, 'settled'],
    ]);
  });
});
