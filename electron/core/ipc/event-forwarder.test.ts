import { EventEmitter } from 'node:events';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ArchiveService } from '../service/archive-service.js';
import { forwardEvents } from './event-forwarder.js';

describe('forwardEvents', () => {
  let events: EventEmitter;
  let sent: Array<[string, unknown]>;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    events = new EventEmitter();
    sent = [];
    stop = forwardEvents(
      { events } as unknown as ArchiveService,
      (event, payload) => sent.push([event, payload]),
      100,
    );
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('sends at most about ten progress events a second, the latest one winning', () => {
    for (let index = 0; index < 1000; index += 1) {
      events.emit('import:progress', { records: index });
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    const progress = sent.filter(([event]) => event === 'import:progress');
    expect(progress.length).toBeLessThanOrEqual(11);
    expect(progress.at(-1)?.[1]).toEqual({ records: 999 });
  });

  it('never lets a done event overtake the progress before it', () => {
    events.emit('import:progress', { records: 1 });
    events.emit('import:progress', { records: 2 });
    events.emit('import:done', { state: 'done' });
    expect(sent.map(([event, payload]) => `${event} ${JSON.stringify(payload)}`)).toEqual([
      'import:progress {"records":1}',
      'import:progress {"records":2}',
      'import:done {"state":"done"}',
    ]);
  });

  it('keeps a settings change that an upload change follows closely', () => {
    events.emit('store:changed', { reason: 'upload' });
    events.emit('store:changed', { reason: 'settings' });
    events.emit('store:changed', { reason: 'upload' });
    vi.advanceTimersByTime(200);
    const reasons = sent.map(([, payload]) => (payload as { reason: string }).reason);
    expect(reasons).toContain('settings');
    expect(reasons.filter((reason) => reason === 'upload').length).toBeLessThanOrEqual(2);
  });
});
