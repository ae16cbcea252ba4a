/**
 * The built command line as a child process, for tests that kill it, race two of it, or run
 * it with less than the machine gives: what an operator's script would run.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { PeerCredentials } from './peer-scrm.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'electron', 'cli.js');

/** Bundles the CLI unless the bundle is newer than every source file. */
export function buildCliIfStale(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'build', 'bundle-node.mjs'), '--if-stale'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** The environment without the operator's own SCRM settings or store. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith('DUSTESS_') || name === 'ARCHIVE_IMPORTER_DB') delete env[name];
  return env;
}

/**
 * The upload command for a peer. Values go as --flag=value: a secret may start with a dash,
 * which parseArgs would not take as a value after a space.
 */
export function uploadArgs(db: string, credentials: PeerCredentials, rate: string): string[] {
  return [
    'upload',
    `--db=${db}`,
    `--base-url=${credentials.baseUrl}`,
    `--client-id=${credentials.clientId}`,
    `--client-secret=${credentials.clientSecret}`,
    `--token=${credentials.token}`,
    `--aes-key=${credentials.encodingAesKey}`,
    `--receive-id=${credentials.receiveId}`,
    `--rate=${rate}`,
    '--json',
  ];
}

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves when the process has ended, however. */
  readonly done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

export interface CliOptions {
  /** Stop a process that runs longer than this (a hung test must not hang the suite). */
  timeoutMs?: number;
  /** Bash commands to run first, e.g. `ulimit -f 2048;` (bash counts in KiB). */
  shellPrefix?: string;
  uid?: number;
  gid?: number;
}

export function startCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const command = options.shellPrefix
    ? spawn(
        '/bin/bash',
        ['-c', `${options.shellPrefix} exec "$0" "$@"`, process.execPath, CLI, ...args],
        { env: cleanEnv(), cwd: ROOT, ...ids(options) },
      )
    : spawn(process.execPath, [CLI, ...args], { env: cleanEnv(), cwd: ROOT, ...ids(options) });
  let stdout = '';
  let stderr = '';
  command.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  command.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => command.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    command.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child: command, done };
}

function ids(options: CliOptions): { uid?: number; gid?: number } {
  return {
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  };
}

export function runCli(args: readonly string[], options: CliOptions = {}) {
  return startCli(args, options).done;
}

/** Whether the CLI runs as this user, i.e. every folder up to it lets the user through. */
export function cliRunsAs(uid: number, gid: number): boolean {
  const result = spawnSync(process.execPath, [CLI, '--help'], { uid, gid, cwd: '/' });
  return result.status === 0;
}
