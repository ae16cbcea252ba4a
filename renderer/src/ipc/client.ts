/**
 * The one module that touches `window.archive`. Every reply is checked against the contract's
 * response schema, and every failure (no bridge, a thrown error, a reply of the wrong shape, a
 * refusal from the main process) comes back as a sentence the operator can read.
 */
import {
  channels,
  events,
  type Channel,
  type EventName,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/ipc/contract';
import type { ArchiveApi } from '../../../shared/ipc/bridge';
import type { IpcErrorCode } from '../../../shared/ipc/result';
import { mainTextNow, tNow } from '../i18n/i18n';

declare global {
  interface Window {
    /** Set by the preload (or the browser tests' binding); absent in a plain browser tab. */
    archive?: ArchiveApi;
  }
}

export type ClientErrorCode = IpcErrorCode | 'unavailable' | 'bad_response' | 'timeout';

export type CallResult<T> =
  { ok: true; value: T } | { ok: false; code: ClientErrorCode; message: string };

/**
 * Reads of the store answer in well under a second even on millions of rows; a reply that takes
 * this long means the main process is stuck, and the operator should hear about it.
 */
const READ_TIMEOUT_MS = 30_000;

/** Channels that wait for the operator (a dialog) or for the network, so they get no deadline. */
const UNTIMED: ReadonlySet<Channel> = new Set<Channel>([
  'files:pick',
  'export:messages',
  'export:report',
  'settings:test-connection',
  'settings:save',
  'upload:start',
  'upload:cancel',
  'upload:pause',
  'import:start',
]);

function bridge(): ArchiveApi | null {
  return typeof window !== 'undefined' && window.archive ? window.archive : null;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const TIMED_OUT = Symbol('timed out');

export async function call<C extends Channel>(
  channel: C,
  request: RequestOf<C>,
): Promise<CallResult<ResponseOf<C>>> {
  const api = bridge();
  if (!api) return { ok: false, code: 'unavailable', message: tNow('errors.noBridge') };

  let reply: unknown;
  try {
    const pending = api.invoke(channel, request);
    reply = UNTIMED.has(channel) ? await pending : await withTimeout(pending, READ_TIMEOUT_MS);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'unavailable', message: tNow('errors.bridgeFailed', { detail }) };
  }
  if (reply === TIMED_OUT) {
    const seconds = READ_TIMEOUT_MS / 1000;
    return { ok: false, code: 'timeout', message: tNow('errors.timeout', { seconds, channel }) };
  }

  return checkReply(channel, reply);
}

/** Exposed for tests: how a raw reply becomes a result. */
export function checkReply<C extends Channel>(
  channel: C,
  reply: unknown,
): CallResult<ResponseOf<C>> {
  const badResponse = {
    ok: false as const,
    code: 'bad_response' as const,
    message: tNow('errors.badResponse', { channel }),
  };
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return badResponse;

  if (reply.ok === false) {
    const error = (reply as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.message !== 'string') return badResponse;
    const code = typeof error.code === 'string' ? (error.code as IpcErrorCode) : 'failed';
    // The main process refuses in English; the operator reads it in the window's language.
    return { ok: false, code, message: mainTextNow(error.message) };
  }

  const parsed = channels[channel].response.safeParse((reply as { value?: unknown }).value);
  if (!parsed.success) return badResponse;
  return { ok: true, value: parsed.data as ResponseOf<C> };
}

/**
 * Listens to an event from the main process. Payloads that do not match the contract are
 * dropped: acting on half-understood progress would show the operator wrong numbers.
 */
export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventOf<E>) => void,
): () => void {
  const api = bridge();
  if (!api) return () => {};
  return api.on(event, (payload) => {
    const parsed = events[event].safeParse(payload);
    if (parsed.success) listener(parsed.data as EventOf<E>);
  });
}

/** The absolute path of a dropped file, or null when the bridge cannot tell. */
export function pathForFile(file: File): string | null {
  const api = bridge();
  if (!api) return null;
  try {
    return api.pathForFile(file);
  } catch {
    return null;
  }
}

export function hasBridge(): boolean {
  return bridge() !== null;
}
