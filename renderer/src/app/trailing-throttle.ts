/**
 * Runs `fn` at most once per `ms`, and always once more after the last call, so a burst of
 * store changes (an upload settles a batch every few seconds, an import many times a second)
 * becomes a steady trickle of refreshes that still ends on the latest state.
 */
export function trailingThrottle(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;

  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };

  const throttled = () => {
    if (timer !== undefined) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(run, wait);
  };
  throttled.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
