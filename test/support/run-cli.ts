/** Runs the bundled CLI as an operator would, and returns what it printed. */
import { spawn } from 'node:child_process';
import path from 'node:path';

import type { Credentials } from '../../shared/settings.js';

export const CLI = path.resolve(import.meta.dirname, '../../dist/electron/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment variables the CLI reads its upload credentials from. */
export function credentialsEnv(credentials: Credentials): NodeJS.ProcessEnv {
  return {
    DUSTESS_BASE_URL: credentials.baseUrl,
    DUSTESS_CLIENT_ID: credentials.clientId,
    DUSTESS_CLIENT_SECRET: credentials.clientSecret,
    DUSTESS_TOKEN: credentials.token,
    DUSTESS_AES_KEY: credentials.encodingAesKey,
    DUSTESS_RECEIVE_ID: credentials.receiveId,
  };
}
