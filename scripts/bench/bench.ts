/**
 * `npm run bench`: measures each performance figure as a ratio against a baseline taken side by
 * side in the same run, repeats it, and prints the spread and the sizes used.
 * `--quick` is the smoke run used by the test suite: tiny sizes, no targets.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

import { benchFiles } from './data.js';
import { browseFigures } from './browse-bench.js';
import { type Figure, measured, printFigures, spread } from './stats.js';
import { uploadFigures } from './upload-bench.js';
import { uiFigures } from './ui-bench.js';

const quick = process.argv.includes('--quick');
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.bench', quick ? 'quick' : 'full');
mkdirSync(work, { recursive: true });

const SIZES = quick
  ? { large: 20_000, small: 2_000, browseSmall: 1_000 }
  : { large: 1_000_000, small: 100_000, browseSmall: 10_000 };
const REPEATS = quick ? 1 : 3;
const child = path.join(root, 'dist/bench/ingest-child.js');

interface ChildResult {
  ms: number;
  peakRssMb: number;
  records: number;
}

function runChild(mode: 'baseline' | 'import', file: string, db: string): ChildResult {
  const output = execFileSync(process.execPath, [child, mode, file, db], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').pop()!) as ChildResult;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

async function main(): Promise<void> {
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} RAM, Node ${process.version}`,
  );
  const figures: Figure[] = [];

  const large = await benchFiles(work, SIZES.large);
  const small = await benchFiles(work, SIZES.small);
  console.log(
    `Data: ${SIZES.large.toLocaleString('en-US')} messages (${mb(large.bytes)} JSON Lines), ${SIZES.small.toLocaleString('en-US')} messages (${mb(small.bytes)})`,
  );

  const storeLarge = path.join(work, 'store-large.db');
  const scratch = path.join(work, 'scratch.db');
  let largePeak = 0;
  for (const [label, file] of [
    ['JSON Lines', large.jsonl],
    ['JSON array', large.array],
  ] as const) {
    const base: number[] = [];
    const app: number[] = [];
    for (let index = 0; index < REPEATS; index += 1) {
      base.push(runChild('baseline', file, scratch).ms);
      const result = runChild('import', file, label === 'JSON Lines' ? storeLarge : scratch);
      app.push(result.ms);
      largePeak = Math.max(largePeak, result.peakRssMb);
    }
    const baseline = measured(base);
    const ours = measured(app);
    const ratio = ours.best / baseline.best;
    figures.push({
      name: `1. ingest ${label}`,
      measured: `import ${(ours.best / 1000).toFixed(1)} s ${spread(ours)}, baseline ${(baseline.best / 1000).toFixed(1)} s ${spread(baseline)}`,
      ratio,
      target: '≤ 1.5×',
      met: quick ? null : ratio <= 1.5,
    });
  }

  const smallPeak = Math.max(
    ...Array.from({ length: REPEATS }, () => runChild('import', small.jsonl, scratch).peakRssMb),
  );
  figures.push({
    name: '2. peak memory',
    measured: `${largePeak} MB for ${SIZES.large.toLocaleString('en-US')}, ${smallPeak} MB for ${SIZES.small.toLocaleString('en-US')}`,
    ratio: largePeak / smallPeak,
    target: '≤ 300 MB and ≤ 1.3×',
    met: quick ? null : largePeak <= 300 && largePeak / smallPeak <= 1.3,
  });
  for (const suffix of ['', '-wal', '-shm']) rmSync(scratch + suffix, { force: true });

  figures.push(
    ...(await browseFigures({
      work,
      largeStore: storeLarge,
      smallCount: SIZES.browseSmall,
      sourceFile: large.jsonl,
      quick,
    })),
  );
  figures.push(...(await uploadFigures({ work, sourceFile: large.jsonl, quick })));
  if (!process.argv.includes('--no-ui')) figures.push(...uiFigures({ root, work, quick }));

  console.log('');
  printFigures(figures);
}

await main();
