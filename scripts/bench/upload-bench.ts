/**
 * Figure 4: (a) building, encrypting and signing a 1000-message batch against a bare
 * AES-256-CBC encryption of the same bytes; (b) sustained throughput against the sandbox at a
 * fast rate against the theoretical maximum (limit × 1000 messages per window).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';

import { generateEncodingAesKey } from '../../electron/core/crypto/encoding-aes-key.js';
import { sealMessageList } from '../../electron/core/crypto/envelope.js';
import { importFile } from '../../electron/core/importer/import-file.js';
import { startSandbox } from '../../electron/core/sandbox/sandbox.js';
import { openDatabase } from '../../electron/core/store/database.js';
import type { QueuedMessage } from '../../electron/core/store/upload-queue.js';
import { batchDocument } from '../../electron/core/upload/batch-document.js';
import { createScrmTransport } from '../../electron/core/upload/scrm-transport.js';
import { Uploader } from '../../electron/core/upload/uploader.js';
import { type Figure, measured, spread } from './stats.js';
import { firstLines } from './slice-file.js';

function timeLoop(times: number, run: () => void): number {
  const started = process.hrtime.bigint();
  for (let index = 0; index < times; index += 1) run();
  return Number(process.hrtime.bigint() - started) / 1e6 / times;
}

export async function uploadFigures(input: {
  work: string;
  sourceFile: string;
  quick: boolean;
}): Promise<Figure[]> {
  const figures: Figure[] = [];
  const calls = input.quick ? 4 : 101;
  const rate = { calls: 10, windowSeconds: 1 };
  const file = await firstLines(
    input.sourceFile,
    calls * 1000,
    path.join(input.work, `first-${calls * 1000}.jsonl`),
  );
  const storePath = path.join(input.work, 'store-upload.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
  const db = openDatabase(storePath);
  await importFile({ db, file, cutoff: null });

  // (a) sealing against bare AES on the same bytes.
  const messages = db
    .prepare(
      "SELECT id, msgid, payload FROM messages WHERE status = 'ready' ORDER BY id LIMIT 1000",
    )
    .all() as QueuedMessage[];
  const credentials = {
    token: 'benchToken',
    encodingAesKey: generateEncodingAesKey(),
    receiveId: 'benchCorp',
  };
  const document = batchDocument(messages);
  const key = Buffer.from(`${credentials.encodingAesKey}=`, 'base64');
  const iterations = input.quick ? 20 : 200;
  const sealRuns: number[] = [];
  const aesRuns: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    aesRuns.push(
      timeLoop(iterations, () => {
        const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
        cipher.update(document);
        cipher.final();
      }),
    );
    sealRuns.push(
      timeLoop(iterations, () =>
        sealMessageList(batchDocument(messages), credentials, Date.now(), randomBytes),
      ),
    );
  }
  const seal = measured(sealRuns);
  const aes = measured(aesRuns);
  figures.push({
    name: '4a. build + encrypt + sign 1000',
    measured: `${seal.best.toFixed(2)} ms ${spread(seal)} vs bare AES ${aes.best.toFixed(2)} ms ${spread(aes)} (${Math.round(document.length / 1024)} KB)`,
    ratio: seal.best / aes.best,
    target: '≤ 2×',
    met: input.quick ? null : seal.best / aes.best <= 2,
  });

  // (b) sustained throughput at 10 calls a second.
  const sandbox = await startSandbox({ rate });
  const uploader = new Uploader({
    db,
    transport: createScrmTransport({ credentials: sandbox.credentials, target: 'sandbox' }),
    rate,
    maxAttempts: 3,
    includeMedia: true,
    cutoff: null,
  });
  const result = await uploader.run();
  await sandbox.close();
  const batches = db.prepare('SELECT size, sent_at AS sentAt FROM batches ORDER BY id').all() as {
    size: number;
    sentAt: number;
  }[];
  db.close();
  const first = batches[0]!;
  // Whole windows: from the first call to the first call of the last window, the calls before
  // that one carried their messages in exactly that time.
  const whole = batches.length - 1 - ((batches.length - 1) % rate.calls);
  const carried = batches.slice(0, whole).reduce((sum, batch) => sum + batch.size, 0);
  const seconds = (batches[whole]!.sentAt - first.sentAt) / 1000;
  const sustained = carried / seconds;
  const theoretical = (rate.calls * 1000) / rate.windowSeconds;
  const partial = batches.slice(0, -1).filter((batch) => batch.size !== 1000).length;
  figures.push({
    name: '4b. sustained upload throughput',
    measured: `${Math.round(sustained).toLocaleString('en-US')} msg/s over ${batches.length} calls vs ${theoretical.toLocaleString('en-US')} msg/s; ${partial} partial batches before the last; ${result.uploaded.toLocaleString('en-US')} uploaded`,
    ratio: sustained / theoretical,
    target: '≥ 0.95×, full batches',
    met: input.quick ? null : sustained / theoretical >= 0.95 && partial === 0,
  });
  return figures;
}
