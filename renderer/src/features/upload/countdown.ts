/**
 * The live countdown to the next API call. The main process says when (`nextCallAt`); the
 * window counts down on its own clock between state events, which arrive only a few times a
 * minute while the uploader waits for the rate window.
 */
import { useEffect, useState } from 'react';

/** Whole seconds until `at`, rounded up so "1 s" shows until the moment itself; null if unknown. */
export function secondsUntil(at: number | null, now: number): number | null {
  if (at === null) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** How far through the wait we are (0..1), for a small ring or bar; null when unknown. */
export function waitProgress(at: number | null, now: number, windowSeconds: number): number | null {
  if (at === null || windowSeconds <= 0) return null;
  const left = Math.max(0, at - now) / 1000;
  return Math.max(0, Math.min(1, 1 - left / windowSeconds));
}

/** The current time, refreshed every `intervalMs` while `active`. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
