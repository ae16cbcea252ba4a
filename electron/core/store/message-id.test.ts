import { describe, expect, it } from 'vitest';

import { MAX_MSGTIME } from '../importer/process-record.js';
import { firstIdAt, preferredId, slotOf, SLOTS_PER_MS } from './message-id.js';

describe('message keys', () => {
  it('order messages by time whatever their msgid', () => {
    const ids = [0, 1, 1603875615723, 1603875615724, MAX_MSGTIME].map((msgtime) => [
      preferredId('zzzz', msgtime),
      preferredId('a', msgtime),
    ]);
    for (let index = 1; index < ids.length; index += 1) {
      expect(Math.min(...ids[index]!)).toBeGreaterThan(Math.max(...ids[index - 1]!));
    }
  });

  it('stay exact JavaScript numbers up to the last message time', () => {
    expect(firstIdAt(MAX_MSGTIME) + SLOTS_PER_MS - 1).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('put each message in a slot of its own millisecond', () => {
    for (const msgid of ['', 'a', 'CAQQluDa4QUY0On2rYSAgAMgzPrShAE=', '中文', '1'.repeat(200)]) {
      const slot = slotOf(msgid);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(slot).toBeLessThan(SLOTS_PER_MS);
      expect(preferredId(msgid, 7) - firstIdAt(7)).toBe(slot);
    }
  });

  it('spread similar msgids over the slots', () => {
    const slots = new Set(Array.from({ length: 1000 }, (_, index) => slotOf(`m${index}`)));
    expect(slots.size).toBeGreaterThan(600);
  });
});
