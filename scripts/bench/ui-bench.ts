/** Runs figure 5 (the Messages screen in Chromium) and turns its measurements into figures. */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { type Figure, measured, spread } from './stats.js';

/** A frame is 16.7 ms at 60 Hz; "a few frames" of blocking is four of them. */
const MAX_BLOCK_MS = 67;

interface UiResult {
  filters: { status: number[]; type: number[] };
  scroll: { longest: number; count: number; frames: number; ms: number };
  stored: number;
}

export function uiFigures(input: { root: string; work: string; quick: boolean }): Figure[] {
  const out = path.join(input.work, 'ui-results.json');
  rmSync(out, { force: true });
  execFileSync(
    process.execPath,
    [
      path.join(input.root, 'node_modules/@playwright/test/cli.js'),
      'test',
      '-c',
      'scripts/bench/ui/playwright.config.ts',
    ],
    {
      cwd: input.root,
      stdio: 'inherit',
      env: { ...process.env, BENCH_UI_OUT: out, BENCH_QUICK: input.quick ? '1' : '0' },
    },
  );
  const results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, UiResult>;
  const [small, large] = Object.keys(results)
    .map(Number)
    .sort((a, b) => a - b)
    .map((size) => results[String(size)]!);
  if (!small || !large) throw new Error('The UI benchmark did not report both store sizes.');
  const figures: Figure[] = [];
  for (const kind of ['status', 'type'] as const) {
    const big = measured(large.filters[kind]);
    const little = measured(small.filters[kind]);
    figures.push({
      name: `5. filter by ${kind} → first rows`,
      measured: `${big.best.toFixed(0)} ms ${spread(big)} on ${large.stored.toLocaleString('en-US')}, ${little.best.toFixed(0)} ms ${spread(little)} on ${small.stored.toLocaleString('en-US')}`,
      ratio: big.best / little.best,
      target: '≤ 3×',
      met: input.quick ? null : big.best / little.best <= 3,
    });
  }
  figures.push({
    name: '5. scrolling, longest block',
    measured: `${Math.round(large.scroll.longest)} ms longest task, ${large.scroll.count} tasks over 50 ms in ${large.scroll.frames} frames (${(large.scroll.ms / 1000).toFixed(1)} s)`,
    ratio: null,
    target: `≤ ${MAX_BLOCK_MS} ms (4 frames)`,
    met: input.quick ? null : large.scroll.longest <= MAX_BLOCK_MS,
  });
  return figures;
}
