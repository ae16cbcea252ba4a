/** Writes an export file or the upload report from its own store connection. */
import { exportMessages, exportReport } from '../service/exports.js';
import { openDatabase } from '../store/database.js';
import { registerTextFunctions } from '../store/text-functions.js';
import type { ExportJobParams } from './job-protocol.js';

export function runExportJob(params: ExportJobParams): number {
  const db = openDatabase(params.dbPath, {
    attach: true,
    ...(params.nativeBinding ? { nativeBinding: params.nativeBinding } : {}),
  });
  try {
    // A text filter checks phrases with this SQL function.
    registerTextFunctions(db);
    return 'report' in params.what
      ? exportReport(db, params.what.report, params.file)
      : exportMessages(db, params.what.messages, params.what.format, params.file);
  } finally {
    db.close();
  }
}
