/**
 * The one contract between the renderer and the main process: every channel's request and
 * response schema, and every event's payload schema. The main side validates each request
 * against it before a handler runs; the renderer validates what comes back.
 */
import { z } from 'zod';

import { appInfoSchema, pickFilesResultSchema, storeChangedSchema } from './app.js';
import {
  importDoneSchema,
  importListRequestSchema,
  importListSchema,
  importProgressSchema,
  importStartSchema,
  importSummaryRequestSchema,
  importSummarySchema,
  jobRefSchema,
} from './imports.js';
import {
  changedSchema,
  distinctRequestSchema,
  distinctValuesSchema,
  facetsSchema,
  messageCountSchema,
  messageDetailSchema,
  messageFilterSchema,
  messagePageSchema,
  messageQuerySchema,
  setChoiceSchema,
} from './messages.js';
import { connectionTestSchema, settingsSaveSchema, settingsViewSchema } from './settings.js';
import {
  batchListRequestSchema,
  batchPageSchema,
  batchRowSchema,
  eligibleSchema,
  exportRequestSchema,
  exportResultSchema,
  failedGroupsSchema,
  reportRequestSchema,
  retrySchema,
  uploadRunsSchema,
  uploadStartSchema,
  uploadStateSchema,
} from './upload.js';

const none = z.object({}).strict();
const empty = z.object({});

function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response };
}

export const channels = {
  'app:info': channel(none, appInfoSchema),

  'files:pick': channel(none, pickFilesResultSchema),

  'import:start': channel(importStartSchema, jobRefSchema),
  'import:cancel': channel(jobRefSchema, empty),
  'import:list': channel(importListRequestSchema, importListSchema),
  'import:summary': channel(importSummaryRequestSchema, importSummarySchema),

  'messages:query': channel(messageQuerySchema, messagePageSchema),
  'messages:count': channel(
    z.object({ filter: messageFilterSchema.default({}) }).strict(),
    messageCountSchema,
  ),
  'messages:facets': channel(
    z.object({ filter: messageFilterSchema.default({}) }).strict(),
    facetsSchema,
  ),
  'messages:distinct': channel(distinctRequestSchema, distinctValuesSchema),
  'messages:detail': channel(z.object({ id: z.number().int() }).strict(), messageDetailSchema),
  'messages:set-choice': channel(setChoiceSchema, changedSchema),

  'upload:state': channel(none, uploadStateSchema),
  'upload:eligible': channel(uploadStartSchema, eligibleSchema),
  'upload:start': channel(uploadStartSchema, uploadStateSchema),
  'upload:pause': channel(none, uploadStateSchema),
  'upload:resume': channel(none, uploadStateSchema),
  'upload:cancel': channel(none, uploadStateSchema),
  'upload:batches': channel(batchListRequestSchema, batchPageSchema),
  'upload:runs': channel(none, uploadRunsSchema),

  'failed:groups': channel(none, failedGroupsSchema),
  'failed:retry': channel(retrySchema, changedSchema),

  'export:messages': channel(exportRequestSchema, exportResultSchema),
  'export:report': channel(reportRequestSchema, exportResultSchema),

  'settings:get': channel(none, settingsViewSchema),
  'settings:save': channel(settingsSaveSchema, settingsViewSchema),
  'settings:test-connection': channel(none, connectionTestSchema),
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>;

/** Events the main process pushes; progress events are throttled to about ten a second. */
export const events = {
  'import:progress': importProgressSchema,
  'import:done': importDoneSchema,
  'upload:state': uploadStateSchema,
  'upload:batch': batchRowSchema,
  'store:changed': storeChangedSchema,
} as const;

export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

/** At most this many progress events a second reach the renderer. */
export const EVENT_THROTTLE_MS = 100;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
