/**
 * The main side of the IPC contract: every request is checked against its schema before a
 * handler runs, and every answer is an envelope; errors arrive as sentences, never as stack
 * traces. Electron's ipcMain and the browser tests' binding both call `handle`.
 */
import {
  channels,
  isChannel,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../../shared/ipc/contract.js';
import { fail, ok, type Result } from '../../../shared/ipc/result.js';
import { createLogger } from '../logging/logger.js';
import { type ArchiveService, ServiceError } from '../service/archive-service.js';
import { StoreError } from '../store/store-errors.js';
import { PathGrants } from './path-grants.js';

const log = createLogger('ipc');

/** What only the shell can do: native dialogs. */
export interface ShellHooks {
  pickFiles(): Promise<string[]>;
  chooseSavePath(suggestedName: string, format: string): Promise<string | null>;
}

type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export interface IpcHandlers {
  handle(channel: unknown, request: unknown): Promise<Result<unknown>>;
  readonly grants: PathGrants;
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
}

export function createIpcHandlers(service: ArchiveService, shell: ShellHooks): IpcHandlers {
  const grants = new PathGrants();

  const handlers: Handlers = {
    'app:info': () => service.info(),
    'files:pick': async () => {
      const paths = await shell.pickFiles();
      grants.grant(paths);
      return { paths };
    },
    'import:start': ({ paths }) => {
      const refused = grants.ungranted(paths);
      if (refused.length) {
        throw new ServiceError(
          'failed',
          'Only files chosen in the file dialog or dropped on the window can be imported.',
        );
      }
      return { jobId: service.startImport(paths) };
    },
    'import:cancel': ({ jobId }) => {
      service.cancelImport(jobId);
      return {};
    },
    'import:list': ({ offset, limit }) => ({ imports: service.listImports(offset, limit) }),
    'import:summary': ({ importIds, utcOffsetMinutes }) =>
      service.importSummary(importIds ?? [], utcOffsetMinutes),
    'messages:query': ({ filter, order, offset, limit }) => ({
      rows: service.queryMessages(filter, order, offset, limit),
    }),
    'messages:count': ({ filter }) => ({ total: service.countMessages(filter) }),
    'messages:facets': ({ filter }) => service.facets(filter),
    'messages:distinct': ({ field, prefix, limit }) => ({
      values: service.distinct(field, prefix, limit),
    }),
    'messages:detail': ({ id }) => service.detail(id),
    'messages:set-choice': ({ selection, choice }) => ({
      changed: service.setChoice(selection, choice),
    }),
    'upload:state': () => service.uploadStateNow(),
    'upload:eligible': ({ includeAfterCutoff }) => service.eligible(includeAfterCutoff),
    'upload:start': ({ includeAfterCutoff }) => service.startUpload({ includeAfterCutoff }),
    'upload:pause': () => service.pauseUpload(),
    'upload:resume': () => service.resumeUpload(),
    'upload:cancel': () => service.cancelUpload(),
    'upload:batches': ({ offset, limit, runId }) => ({
      batches: service.batches(offset, limit, runId),
    }),
    'upload:runs': () => ({ runs: service.uploadRuns() }),
    'failed:groups': () => service.failedGroups(),
    'failed:retry': (target) => ({ changed: service.retry(target) }),
    'export:messages': async ({ filter, format }) => {
      const file = await shell.chooseSavePath(`messages-${stamp()}.${format}`, format);
      if (!file) return { path: null, count: 0 };
      return { path: file, count: await service.exportMessages(filter, format, file) };
    },
    'export:report': async ({ format }) => {
      const file = await shell.chooseSavePath(`upload-report-${stamp()}.${format}`, format);
      if (!file) return { path: null, count: 0 };
      return { path: file, count: await service.exportReport(format, file) };
    },
    'settings:get': () => service.settingsView(),
    'settings:save': (input) =>
      service.saveSettings({
        settings: input.settings,
        ...(input.secrets ? { secrets: input.secrets } : {}),
        ...(input.secretStorage ? { secretStorage: input.secretStorage } : {}),
      }),
    'settings:test-connection': () => service.testConnection(),
  };

  async function handle(channel: unknown, request: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel))
      return fail('invalid_request', 'The window asked for something this app does not offer.');
    const parsed = channels[channel].request.safeParse(request ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      log.warn('refused request', { channel, issues: parsed.error.issues.length });
      return fail('invalid_request', `The request ${channel} was not understood${where}.`);
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof ServiceError) return fail(error.code, error.message);
      if (error instanceof StoreError) return fail('failed', error.message);
      log.error('request failed', {
        channel,
        error,
        stack: error instanceof Error ? error.stack : undefined,
      });
      return fail(
        'failed',
        'Something went wrong while handling that request; the details are in the log.',
      );
    }
  }

  return { handle, grants };
}
