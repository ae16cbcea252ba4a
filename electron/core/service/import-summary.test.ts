import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { tempDir } from '../../../test/support/temp-dir.js';
import { ArchiveService } from './archive-service.js';

/** Messages at these local (UTC+08:00) times: three days, two of them with two messages. */
const TIMES = [
  '2024-03-01T00:00:01+08:00',
  '2024-03-01T23:59:59+08:00',
  '2024-03-02T12:00:00+08:00',
  '2024-03-04T08:30:00+08:00',
  '2024-03-04T09:30:00+08:00',
];

function line(index: number, time: string): string {
  return JSON.stringify({
    msgid: `m${index}`,
    action: 'send',
    from: 'ZhangSan',
    tolist: ['LiSi'],
    roomid: '',
    msgtime: Date.parse(time),
    msgtype: 'text',
    text: { content: `message ${index}` },
  });
}

let dir: ReturnType<typeof tempDir>;
let service: ArchiveService;

beforeEach(async () => {
  dir = tempDir();
  const file = path.join(dir.path, 'export.jsonl');
  writeFileSync(file, TIMES.map((time, index) => line(index, time)).join('\n'));
  service = ArchiveService.open({ dbPath: path.join(dir.path, 'store.db'), version: 'test' });
  await service.importAndWait([file]);
});

afterEach(async () => {
  await service.close();
  dir.remove();
});

describe('import summary', () => {
  it('counts messages per local day, one entry per day however many messages it has', () => {
    const summary = service.importSummary([], 480);
    expect(summary.perDay).toEqual([
      { day: '2024-03-01', count: 2 },
      { day: '2024-03-02', count: 1 },
      { day: '2024-03-04', count: 2 },
    ]);
  });

  it('moves messages across midnight with the zone it is given', () => {
    const summary = service.importSummary([], 0);
    expect(summary.perDay).toEqual([
      { day: '2024-02-29', count: 1 },
      { day: '2024-03-01', count: 1 },
      { day: '2024-03-02', count: 1 },
      { day: '2024-03-04', count: 2 },
    ]);
  });
});
