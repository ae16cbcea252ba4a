/**
 * Message keys that sort by time: msgtime (ms) × 2048 + a slot from a hash of the msgid.
 * 2^42 ms (the year 2109) × 2^11 slots stays below 2^53, so keys are exact JavaScript numbers.
 * Two messages in the same millisecond whose slots collide are moved to the next free slot.
 */
export const SLOTS_PER_MS = 2048;

export function timeKeyBase(msgtime: number): number {
  return msgtime * SLOTS_PER_MS;
}

/** FNV-1a over UTF-16 code units: cheap, and spreads similar msgids across slots. */
export function slotOf(msgid: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < msgid.length; index += 1) {
    hash ^= msgid.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & (SLOTS_PER_MS - 1);
}

export function preferredId(msgid: string, msgtime: number): number {
  return timeKeyBase(msgtime) + slotOf(msgid);
}

/** The first key of the millisecond `msgtime`: for time-range filters on the primary key. */
export function firstIdAt(msgtime: number): number {
  return timeKeyBase(msgtime);
}
