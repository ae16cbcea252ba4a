/**
 * Counts events in the window of the last `windowMs` milliseconds. An event exactly
 * `windowMs` old has left the window, so a call sent one whole window after another is not
 * counted with it.
 */
export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(readonly windowMs: number) {}

  count(now: number): number {
    this.expire(now);
    return this.times.length - this.head;
  }

  /** Records an event; returns how many the window holds with it. */
  add(now: number): number {
    this.expire(now);
    this.times.push(now);
    return this.times.length - this.head;
  }

  /** Milliseconds until the oldest event leaves the window (0 when empty). */
  msUntilOldestLeaves(now: number): number {
    this.expire(now);
    const oldest = this.times[this.head];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - now);
  }

  private expire(now: number): void {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.windowMs) {
      this.head += 1;
    }
    // Compact now and then so the array does not grow with every call ever made.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}
