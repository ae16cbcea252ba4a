/**
 * Carries the service's events to the window: progress events at most about ten a second (the
 * latest one wins), everything else at once, in order.
 */
import { EVENT_THROTTLE_MS, type EventName } from '../../../shared/ipc/contract.js';
import type { ArchiveService } from '../service/archive-service.js';

const THROTTLED: ReadonlySet<EventName> = new Set([
  'import:progress',
  'upload:state',
  'store:changed',
]);

export function forwardEvents(
  service: ArchiveService,
  send: (event: EventName, payload: unknown) => void,
  intervalMs = EVENT_THROTTLE_MS,
): () => void {
  // Keyed by event, and for store:changed by reason too: the window refreshes different
  // things for a settings change and for an upload's progress, so neither may swallow the other.
  const pending = new Map<string, [EventName, unknown]>();
  const lastSent = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  function flush(): void {
    timer = null;
    for (const [key, [event, payload]] of pending) {
      lastSent.set(key, Date.now());
      send(event, payload);
    }
    pending.clear();
  }

  function throttled(event: EventName, payload: unknown): void {
    const reason = (payload as { reason?: unknown } | null)?.reason;
    const key = typeof reason === 'string' ? `${event}:${reason}` : event;
    const since = Date.now() - (lastSent.get(key) ?? 0);
    pending.set(key, [event, payload]);
    if (since >= intervalMs && !timer) {
      flush();
    } else {
      timer ??= setTimeout(flush, Math.max(0, intervalMs - since));
    }
  }

  function immediate(event: EventName, payload: unknown): void {
    // A done or batch event must not overtake the progress that came before it.
    if (timer) {
      clearTimeout(timer);
      flush();
    }
    send(event, payload);
  }

  const names: EventName[] = [
    'import:progress',
    'import:done',
    'upload:state',
    'upload:batch',
    'store:changed',
  ];
  const listeners = names.map((name) => {
    const listener = (payload: unknown) =>
      THROTTLED.has(name) ? throttled(name, payload) : immediate(name, payload);
    service.events.on(name, listener as never);
    return [name, listener] as const;
  });
  return () => {
    if (timer) clearTimeout(timer);
    for (const [name, listener] of listeners) service.events.off(name, listener as never);
  };
}
