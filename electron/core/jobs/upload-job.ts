/** Runs one upload run against the SCRM (or the sandbox) with its own store connection. */
import { openDatabase } from '../store/database.js';
import { describeStoreError, isSqliteError } from '../store/store-errors.js';
import { Uploader } from '../upload/uploader.js';
import { createScrmTransport } from '../upload/scrm-transport.js';
import type {
  JobCommand,
  JobEvent,
  UploadJobParams,
  UploadOutcomeSummary,
} from './job-protocol.js';

export interface UploadControl {
  onCommand(listener: (command: JobCommand) => void): void;
}

export async function runUploadJob(
  params: UploadJobParams,
  emit: (event: JobEvent) => void,
  control: UploadControl,
): Promise<UploadOutcomeSummary> {
  const db = openDatabase(params.dbPath, {
    attach: true,
    ...(params.nativeBinding ? { nativeBinding: params.nativeBinding } : {}),
  });
  try {
    const uploader = new Uploader({
      db,
      transport: createScrmTransport({ credentials: params.credentials, target: params.target }),
      rate: params.rate,
      maxAttempts: params.maxAttempts,
      includeMedia: params.includeMedia,
      cutoff: params.cutoff,
      ...(params.includeAfterCutoff ? { includeAfterCutoff: true } : {}),
      ...(params.maxCalls !== undefined ? { maxCalls: params.maxCalls } : {}),
      onState: (state) => emit({ type: 'upload-state', state }),
      onBatch: (batch) => emit({ type: 'upload-batch', batch }),
    });
    control.onCommand((command) => {
      if (command.type === 'cancel') uploader.cancel();
      else if (command.type === 'pause') uploader.pause();
      else uploader.resume();
    });
    return await uploader.run();
  } catch (error) {
    // A full disk or a store gone read-only mid-run: a sentence, not SQLite's words. Whatever
    // was in flight stays 'sending' and goes again with the next run.
    throw isSqliteError(error) ? describeStoreError(error, params.dbPath) : error;
  } finally {
    db.close();
  }
}
