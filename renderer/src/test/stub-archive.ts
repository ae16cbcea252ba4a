/**
 * A stand-in for `window.archive` in unit tests of stores and components: each channel answers
 * from a handler the test supplies, every call is recorded, and events can be pushed. The
 * browser tests use the real main-process handlers instead.
 */
import type { ArchiveApi } from '../../../shared/ipc/bridge';
import type { Channel, EventName, RequestOf, ResponseOf } from '../../../shared/ipc/contract';

type Handler<C extends Channel> = (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;

export type Handlers = { [C in Channel]?: Handler<C> | { error: string } };

export interface StubArchive {
  api: ArchiveApi;
  calls: { channel: Channel; request: unknown }[];
  callsTo(channel: Channel): unknown[];
  emit(event: EventName, payload: unknown): void;
  set(handlers: Handlers): void;
}

export function installStubArchive(handlers: Handlers = {}): StubArchive {
  let current: Handlers = { ...handlers };
  const calls: { channel: Channel; request: unknown }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const api: ArchiveApi = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const handler = current[channel];
      if (!handler)
        return { ok: false, error: { code: 'failed', message: `No answer for ${channel}.` } };
      if ('error' in handler)
        return { ok: false, error: { code: 'failed', message: handler.error } };
      const value = await (handler as Handler<typeof channel>)(request);
      return { ok: true, value } as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    pathForFile: (file) => (file.name.startsWith('nopath') ? null : `/dropped/${file.name}`),
  };

  (globalThis as { window?: unknown }).window ??= globalThis;
  (globalThis as unknown as { window: Window }).window.archive = api;

  return {
    api,
    calls,
    callsTo: (channel) =>
      calls.filter((call) => call.channel === channel).map((call) => call.request),
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
    set: (next) => {
      current = { ...current, ...next };
    },
  };
}

/** Lets pending promises (stub replies and the store code awaiting them) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
