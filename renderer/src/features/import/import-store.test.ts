import { beforeEach, describe, expect, it } from 'vitest';

import type { ImportProgress } from '../../../../shared/ipc/imports';
import { useLocaleStore } from '../../i18n/i18n';
import { installStubArchive, settle, type StubArchive } from '../../test/stub-archive';
import { useImportStore } from './import-store';

function progress(patch: Partial<ImportProgress>): ImportProgress {
  return {
    jobId: 'j1',
    file: '/a.jsonl',
    fileIndex: 0,
    fileCount: 2,
    bytesRead: 10,
    bytesTotal: 100,
    records: 5,
    stored: 5,
    problems: 0,
    recordsPerSecond: 50,
    etaSeconds: 2,
    ...patch,
  };
}

let stub: StubArchive;

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  useImportStore.getState().reset();
  stub = installStubArchive({
    'import:start': () => ({ jobId: 'j1' }),
    'import:cancel': () => ({}),
    'import:summary': () => {
      throw new Error('not expected');
    },
  });
});

describe('import store', () => {
  it('follows per-file progress and marks earlier files done', async () => {
    await useImportStore.getState().startImport(['/a.jsonl', '/b.jsonl']);
    const store = useImportStore.getState();
    store.onProgress(progress({ fileIndex: 0 }));
    store.onProgress(progress({ fileIndex: 1, file: '/b.jsonl', bytesRead: 40 }));

    const files = useImportStore.getState().job?.files ?? [];
    expect(files.map((file) => file.state)).toEqual(['done', 'running']);
    expect(files[1]?.progress?.bytesRead).toBe(40);
  });

  it('ignores progress of another job', async () => {
    await useImportStore.getState().startImport(['/a.jsonl']);
    useImportStore.getState().onProgress(progress({ jobId: 'other', fileCount: 1 }));
    expect(useImportStore.getState().job?.files[0]?.state).toBe('waiting');
  });

  it('cancels by job id and keeps the files after a cancelled import', async () => {
    await useImportStore.getState().startImport(['/a.jsonl']);
    useImportStore.getState().onProgress(progress({ fileCount: 1 }));
    await useImportStore.getState().cancel();
    expect(stub.callsTo('import:cancel')).toEqual([{ jobId: 'j1' }]);

    useImportStore
      .getState()
      .onDone({ jobId: 'j1', state: 'cancelled', error: null, summary: null });
    await settle();
    const state = useImportStore.getState();
    expect(state.job).toBeNull();
    expect(state.outcome?.state).toBe('cancelled');
    expect(state.finishedFiles[0]?.state).toBe('cancelled');
  });

  it('imports dropped files by their paths and names those it cannot locate', async () => {
    const files = [new File(['x'], 'a.jsonl'), new File(['y'], 'nopath.json')];
    await useImportStore.getState().importDropped(files);
    expect(stub.callsTo('import:start')).toEqual([{ paths: ['/dropped/a.jsonl'] }]);
    expect(useImportStore.getState().error).toContain('nopath.json');
  });

  it('shows a refusal to start as a sentence', async () => {
    stub.set({ 'import:start': { error: 'Another import is running; wait for it to finish.' } });
    await useImportStore.getState().startImport(['/a.jsonl']);
    expect(useImportStore.getState().job).toBeNull();
    expect(useImportStore.getState().error).toBe(
      'Another import is running; wait for it to finish.',
    );
  });
});
