/**
 * A store holding a million messages, built once through the real import (the job worker's
 * `importFile`) and kept under test-results/ for later runs. Tests never open it: each copies
 * the file (see app-fixture's `seed`), so every test still starts from its own database.
 *
 * The cache is named after a hash of everything that decides what an import writes (the
 * reader, normalizer, validator, store and schema, the generator and the fixtures), so a
 * change to any of them builds a fresh one instead of testing an old layout.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ArchiveService } from '../../../electron/core/service/archive-service.js';
import { writeSample } from './inputs.js';

export const MILLION = 1_000_000;

const root = path.resolve(import.meta.dirname, '../../..');
const cacheDir = path.join(root, 'test-results/e2e-cache');
const workerUrl = pathToFileURL(path.join(root, 'dist/electron/job-worker.js'));

/** The generated export: a million messages over a year, with the usual defects. */
const SAMPLE = { count: MILLION, defects: true, days: 365, seed: 1_000_000 } as const;

const INPUTS = [
  'electron/core/importer',
  'electron/core/reader',
  'electron/core/normalize',
  'electron/core/validate',
  'electron/core/store',
  'electron/core/json',
  'electron/core/demo',
  'shared',
  'test/fixtures/wecom-messages.jsonl',
];

function filesUnder(entry: string): string[] {
  if (statSync(entry).isFile()) return [entry];
  return readdirSync(entry, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => filesUnder(path.join(entry, child.name)))
    .filter((file) => !/\.test\.tsx?$/.test(file));
}

function cacheKey(): string {
  const hash = createHash('sha256').update(JSON.stringify(SAMPLE));
  for (const input of INPUTS) {
    for (const file of filesUnder(path.join(root, input))) {
      hash.update(path.relative(root, file)).update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let building: Promise<string> | null = null;

/** The path of the million-message store, building it first when no current one is cached. */
export function millionStore(): Promise<string> {
  building ??= buildIfMissing();
  return building;
}

async function buildIfMissing(): Promise<string> {
  const file = path.join(cacheDir, `million-${cacheKey()}.db`);
  if (existsSync(file)) return file;

  // Older caches are of a layout nobody tests any more; they are large.
  mkdirSync(cacheDir, { recursive: true });
  for (const name of readdirSync(cacheDir)) {
    rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }

  const work = path.join(cacheDir, `building-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    const exportFile = await writeSample(path.join(work, 'million.jsonl'), SAMPLE);
    const dbPath = path.join(work, 'store.db');
    const service = ArchiveService.open({ dbPath, version: 'test', workerUrl });
    try {
      const [outcome] = await service.importAndWait([exportFile]);
      if (outcome?.state !== 'done') {
        throw new Error(`The million-message import ended ${outcome?.state}: ${outcome?.error}`);
      }
      // Everything into the main file, so that one copied file is the whole store.
      service.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      await service.close();
    }
    renameSync(dbPath, file);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
