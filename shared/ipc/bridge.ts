/**
 * The object the renderer sees as `window.archive`. The preload builds it over ipcRenderer;
 * the browser tests build the same object over a Playwright binding, so both go through this
 * one piece of code.
 */
import type { Channel, EventName, EventOf, RequestOf, ResponseOf } from './contract.js';
import type { Result } from './result.js';

export interface BridgeTransport {
  invoke(channel: Channel, request: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export interface ArchiveApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  /** The absolute path of a dropped file (Electron's webUtils), or null where there is none. */
  pathForFile(file: File): string | null;
}

export const BRIDGE_NAME = 'archive';
export const INVOKE_CHANNEL = 'archive:invoke';
export const EVENT_CHANNEL = 'archive:event';
/** Preload → main only: paths of files the operator dropped, which the window may then import. */
export const BRIDGE_GRANT_CHANNEL = 'archive:grant-dropped';

export function createArchiveApi(
  transport: BridgeTransport,
  pathForFile: (file: File) => string | null,
): ArchiveApi {
  return {
    invoke: (channel, request) =>
      transport.invoke(channel, request) as Promise<Result<ResponseOf<typeof channel>>>,
    on: (event, listener) =>
      transport.subscribe(event, (payload) => listener(payload as EventOf<typeof event>)),
    pathForFile,
  };
}
