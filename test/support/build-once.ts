/** Vitest global setup: tests that run the CLI or job workers need the bundled Node side. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'build/bundle-node.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
}
