/**
 * Figure 3: the first page of a filtered view on the large store against the same query on a
 * small one. Text search must go through the full-text index, which the query plan shows.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';

import type { MessageFilter } from '../../shared/ipc/messages.js';
import { importFile } from '../../electron/core/importer/import-file.js';
import { openDatabase } from '../../electron/core/store/database.js';
import { MessageBrowser } from '../../electron/core/store/message-browser.js';
import { registerTextFunctions } from '../../electron/core/store/text-functions.js';
import { filterSql } from '../../electron/core/store/message-filter-sql.js';
import { type Figure, measured, spread } from './stats.js';
import { firstLines } from './slice-file.js';

const FILTERS: Array<[string, MessageFilter]> = [
  ['by msgtype', { msgtypes: ['image'] }],
  ['by status', { statuses: ['ready'] }],
  ['by sender', { sender: 'employee7' }],
  ['Chinese text', { text: '合同' }],
];

/** Median of many runs of a sub-millisecond query, so that one slow run does not decide. */
function medianMs(run: () => void, times: number): number {
  const samples: number[] = [];
  for (let index = 0; index < times; index += 1) {
    const started = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export async function browseFigures(input: {
  work: string;
  largeStore: string;
  smallCount: number;
  sourceFile: string;
  quick: boolean;
}): Promise<Figure[]> {
  const smallStore = path.join(input.work, 'store-small.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(smallStore + suffix, { force: true });
  const smallFile = await firstLines(
    input.sourceFile,
    input.smallCount,
    path.join(input.work, `first-${input.smallCount}.jsonl`),
  );
  const smallDb = openDatabase(smallStore);
  await importFile({ db: smallDb, file: smallFile, cutoff: null });
  const largeDb = openDatabase(input.largeStore);
  for (const db of [smallDb, largeDb]) registerTextFunctions(db);
  const large = new MessageBrowser(largeDb);
  const small = new MessageBrowser(smallDb);
  const largeCount = large.count({});

  const figures: Figure[] = [];
  for (const [label, filter] of FILTERS) {
    const rounds = 3;
    const largeRuns: number[] = [];
    const smallRuns: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      largeRuns.push(medianMs(() => large.page(filter, 'newest', 0, 100), input.quick ? 5 : 30));
      smallRuns.push(medianMs(() => small.page(filter, 'newest', 0, 100), input.quick ? 5 : 30));
    }
    const big = measured(largeRuns);
    const little = measured(smallRuns);
    const ratio = big.best / little.best;
    let note: string | undefined;
    if (filter.text) {
      const sql = filterSql(filter);
      const plan = largeDb
        .prepare(
          `EXPLAIN QUERY PLAN SELECT m.id FROM ${sql.from} ${sql.where} ORDER BY ${sql.orderColumn} DESC LIMIT 100`,
        )
        .all(...sql.params) as { detail: string }[];
      const usesIndex = plan.some((step) => step.detail.includes('VIRTUAL TABLE INDEX'));
      note = `query plan: ${plan.map((step) => step.detail).join(' / ')}${usesIndex ? '' : ' (NOT using the search index)'}`;
    }
    figures.push({
      name: `3. first page ${label}`,
      measured: `${big.best.toFixed(2)} ms ${spread(big)} on ${largeCount.toLocaleString('en-US')}, ${little.best.toFixed(2)} ms ${spread(little)} on ${input.smallCount.toLocaleString('en-US')}`,
      ratio,
      target: '≤ 3×',
      met: input.quick ? null : ratio <= 3,
      ...(note ? { note } : {}),
    });
  }
  smallDb.close();
  largeDb.close();
  return figures;
}
