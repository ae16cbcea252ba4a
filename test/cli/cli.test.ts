import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../electron/core/sandbox/sandbox.js';
import { acquireStoreLock } from '../../electron/core/store/store-lock.js';
import { CLI, credentialsEnv, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/wecom-messages.jsonl');

describe('the command line', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;

  beforeEach(() => {
    dir = tempDir('archive-cli-');
    db = path.join(dir.path, 'store.db');
  });

  afterEach(() => dir.remove());

  it('prints its usage for --help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run -s cli -- <command>/);
  });

  it.each([
    [['frobnicate'], /^Unknown command "frobnicate"/],
    [['status', '--no-such-flag'], /Unknown option '--no-such-flag'/],
    [['import'], /^Name at least one export file/],
    [['list', '--limit', 'many', '--db', 'x.db'], /^--limit needs a whole number/],
    [['upload', '--db', 'x.db'], /^No SCRM credentials were given/],
  ])('refuses %j with one sentence and exit code 2', async (args, message) => {
    const run = await runCli(args, { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('imports with --json in the documented shape, and a second import is a no-op', async () => {
    const first = await runCli(['import', fixtures, '--db', db, '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({
      total: 29,
      valid: 29,
      invalid: 0,
      duplicates: 0,
      unsupported: 0,
    });
    expect(Object.values(summary.byType as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      29,
    );
    expect(summary.problems[0]).toEqual({
      file: fixtures,
      line: 2,
      msgid: 'CAQQvPnc4QUY0On2rYSAgAMgooLa0Q8=',
      path: 'msgtime',
      message: expect.stringMatching(/^Field msgtime is 0/),
      severity: 'warning',
    });

    const again = JSON.parse((await runCli(['import', fixtures, '--db', db, '--json'])).stdout);
    expect(again).toMatchObject({ total: 29, valid: 0, duplicates: 29 });

    const status = JSON.parse((await runCli(['status', '--db', db, '--json'])).stdout);
    expect(status).toEqual({
      total: 29,
      byStatus: { ready: 29 },
      byType: expect.objectContaining({ text: 1, switch: 1 }),
    });
  });

  it('names the file and the line of every problem, and still imports the good lines', async () => {
    const file = path.join(dir.path, 'broken.jsonl');
    const good = readFileSync(fixtures, 'utf8').trim().split('\n');
    writeFileSync(
      file,
      [
        good[0],
        '{"msgid": "x", "action":',
        good[2],
        '{"msgid":"y","action":"send","from":"a","tolist":"b","msgtime":1,"msgtype":"text","text":{"content":1}}',
      ].join('\n'),
    );
    const run = await runCli(['import', file, '--db', db, '--json']);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ total: 4, valid: 2, invalid: 2 });
    const located = summary.problems.map(
      (problem: { line: number; path: string }) => `${problem.line}:${problem.path}`,
    );
    expect(located).toEqual(expect.arrayContaining(['2:', '4:tolist', '4:text.content']));
  });

  it('explains a missing file and an encrypted export in one sentence each', async () => {
    const missing = await runCli(['import', path.join(dir.path, 'nope.jsonl'), '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist\.\n$/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const encrypted = path.join(dir.path, 'encrypted.json');
    writeFileSync(
      encrypted,
      JSON.stringify({
        errcode: 0,
        errmsg: 'ok',
        chatdata: [
          { seq: 1, msgid: 'a', publickey_ver: 1, encrypt_random_key: 'k', encrypt_chat_msg: 'c' },
        ],
      }),
    );
    const refused = await runCli(['import', encrypted, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/still encrypted.*Decrypt them first/);
  });

  it('says the store is in use instead of waiting or corrupting it', async () => {
    await runCli(['import', fixtures, '--db', db]);
    const lock = acquireStoreLock(db);
    try {
      const run = await runCli(['status', '--db', db]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/is in use by another copy of the app or the command line/);
      expect(run.stderr).not.toMatch(/SQLITE_BUSY/);
    } finally {
      lock.release();
    }
  });

  it('refuses to read a store that does not exist instead of creating one', async () => {
    const missing = path.join(dir.path, 'no', 'such', 'store.db');
    const run = await runCli(['status', '--db', missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `There is no store at ${missing} yet: import export files first, or name the store with --db.\n`,
    );
    const { existsSync } = await import('node:fs');
    expect(existsSync(path.join(dir.path, 'no'))).toBe(false);
  });

  it('says a store in a place that cannot hold one cannot be opened', async () => {
    const notAFolder = path.join(dir.path, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const run = await runCli(['import', fixtures, '--db', path.join(notAFolder, 'store.db')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^The store \(.*store\.db\) cannot be opened: its folder does not exist or cannot be written\.\n$/,
    );
  });

  describe('upload against a sandbox', () => {
    let sandbox: Sandbox;

    beforeAll(async () => {
      sandbox = await startSandbox({ rate: { calls: 10, windowSeconds: 1 } });
    });

    afterAll(async () => {
      await sandbox.close();
    });

    it('uploads with credentials from the environment and reports in the documented shape', async () => {
      const env = credentialsEnv(sandbox.credentials);
      await runCli(['import', fixtures, '--db', db]);
      const run = await runCli(['upload', '--db', db, '--rate', '10/1', '--json'], { env });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        calls: 1,
        uploaded: 29,
        failed: 0,
        remaining: 0,
      });
      for (const line of readFileSync(fixtures, 'utf8').trim().split('\n')) {
        expect(sandbox.accepted().has(JSON.parse(line).msgid)).toBe(true);
      }

      const out = path.join(dir.path, 'uploaded.jsonl');
      const exported = JSON.parse(
        (await runCli(['export', '--status', 'uploaded', '--out', out, '--db', db, '--json']))
          .stdout,
      );
      expect(exported).toEqual({ exported: 29, file: out });
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(29);

      const failed = JSON.parse((await runCli(['failed', '--db', db, '--json'])).stdout);
      expect(failed).toMatchObject({ total: 0, messages: [] });
      const retried = JSON.parse((await runCli(['retry', '--db', db, '--json'])).stdout);
      expect(retried).toEqual({ retried: 0 });
    });

    it('keeps messages after the cutoff out of the upload', async () => {
      const { credentials } = sandbox;
      await runCli(['import', fixtures, '--db', db]);
      const args = [
        '--base-url',
        credentials.baseUrl,
        '--client-id',
        credentials.clientId,
        '--client-secret',
        credentials.clientSecret,
        '--token',
        credentials.token,
        '--aes-key',
        credentials.encodingAesKey,
        '--receive-id',
        credentials.receiveId,
      ];
      const run = await runCli([
        'upload',
        '--db',
        db,
        '--rate',
        '10/1',
        '--cutoff',
        '2020-10-28T16:00:00+08:00',
        '--json',
        ...args,
      ]);
      const result = JSON.parse(run.stdout);
      const status = JSON.parse((await runCli(['status', '--db', db, '--json'])).stdout);
      expect(status.byStatus.excluded).toBeGreaterThan(0);
      expect(result.uploaded + status.byStatus.excluded).toBe(29);
    });
  });

  it('says which messages a page of list shows, also past the end (regression: "31–30 of 30")', async () => {
    await runCli(['import', fixtures, '--db', db]);
    const total = JSON.parse((await runCli(['list', '--db', db, '--json'])).stdout).total as number;
    const last = (await runCli(['list', '--offset', String(total - 2), '--db', db])).stdout;
    expect(last.trim().split('\n').at(-1)).toBe(`${total - 1}–${total} of ${total}`);
    for (const args of [
      ['--offset', String(total)],
      ['--limit', '0'],
    ]) {
      const past = (await runCli(['list', ...args, '--db', db])).stdout;
      expect(past.trim().split('\n').at(-1)).toMatch(new RegExp(`; ${total} match\\.$`));
    }
  });

  it('stops quietly when its reader goes away (regression: status | head printed an EPIPE stack)', async () => {
    await runCli(['import', fixtures, '--db', db]);
    const { execFile } = await import('node:child_process');
    const stderr = await new Promise<string>((resolve) => {
      execFile(
        'sh',
        ['-c', `"${process.execPath}" "${CLI}" list --limit 1000 --db "${db}" | head -1`],
        (_error, _stdout, err) => resolve(err),
      );
    });
    expect(stderr).toBe('');
  });

  it('finishes the call in flight on Ctrl-C, so that resuming sends nothing twice', async () => {
    const slow = await startSandbox({
      rate: { calls: 10, windowSeconds: 1 },
      faults: { slowReply: { probability: 1, delayMs: 1500 } },
    });
    try {
      const env = credentialsEnv(slow.credentials);
      const many = path.join(dir.path, 'many.jsonl');
      const text = readFileSync(fixtures, 'utf8').trim().split('\n')[0]!;
      writeFileSync(
        many,
        Array.from({ length: 2500 }, (_, index) =>
          text.replace(/"msgid":"[^"]+"/, `"msgid":"m${index}"`),
        ).join('\n'),
      );
      await runCli(['import', many, '--db', db]);

      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [CLI, 'upload', '--db', db, '--rate', '10/1'], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      for (let waited = 0; slow.stats().calls === 0 && waited < 20_000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const { default: BetterSqlite3 } = await import('better-sqlite3');
      const store = new BetterSqlite3(db, { readonly: true });
      expect(
        store.prepare("SELECT count(*) FROM messages WHERE status = 'sending'").pluck().get(),
      ).toBe(0);
      store.close();

      slow.setFaults({});
      const resumed = await runCli(['upload', '--db', db, '--rate', '10/1', '--json'], { env });
      expect(JSON.parse(resumed.stdout)).toMatchObject({ remaining: 0 });
      expect(slow.stats()).toMatchObject({ duplicates: 0, storedMessages: 2500 });
    } finally {
      await slow.close();
    }
  }, 60_000);

  it.each([
    [
      [
        'upload',
        '--base-url',
        'http://scrm.example.com',
        '--client-id',
        'c',
        '--client-secret',
        's',
        '--token',
        't',
        '--aes-key',
        'A'.repeat(43),
        '--receive-id',
        'r',
      ],
      2,
      /uses http, which would send the credentials unencrypted/,
    ],
    [['status', '--db', '.'], 2, /is a folder; --db names the store file itself/],
  ])('refuses %j as a usage mistake before touching anything', async (args, code, sentence) => {
    await runCli(['import', fixtures, '--db', db]);
    const run = await runCli(args.includes('--db') ? args : [...args, '--db', db], {
      cwd: dir.path,
    });
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(sentence);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 when a file breaks off part-way, after importing what came before', async () => {
    const cut = path.join(dir.path, 'cut.json');
    const lines = readFileSync(fixtures, 'utf8').trim().split('\n');
    writeFileSync(cut, `[\n${lines.slice(0, 5).join(',\n')},\n{"msgid": "half`);
    const run = await runCli(['import', cut, '--db', db, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: 5 });
    expect(run.stderr).toMatch(/cut\.json/);
  });

  it('retries any number of msgids (regression: too many SQL variables)', async () => {
    await runCli(['import', fixtures, '--db', db]);
    const args = ['retry', '--db', db, '--json'];
    for (let index = 0; index < 40_000; index += 1) args.push(`--msgid=m${index}`);
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ retried: 0 });
    expect(run.stderr).toMatch(/^40,?000 of the msgids given are not in the store\.\n$/);
  });

  it('says why an upload stopped on stderr (regression: the reason went to stdout)', async () => {
    const own = await startSandbox({ rate: { calls: 10, windowSeconds: 1 } });
    const { credentials } = own;
    await runCli(['import', fixtures, '--db', db]);
    const run = await runCli([
      'upload',
      '--db',
      db,
      '--rate',
      '10/1',
      '--base-url',
      credentials.baseUrl,
      '--client-id',
      credentials.clientId,
      '--client-secret',
      'wrong-secret',
      '--token',
      credentials.token,
      '--aes-key',
      credentials.encodingAesKey,
      '--receive-id',
      credentials.receiveId,
    ]);
    await own.close();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/client(Id|Secret)|clientId|credentials/i);
    expect(run.stdout).not.toMatch(/clientSecret/);
  });
});
