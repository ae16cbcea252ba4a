/**
 * Scans the Electron shell and the renderer's page with @doyensec/electronegativity (offline:
 * the Electron version is given, and the scanner's own network lookups are cut off). Every
 * finding must be one we have looked at and explained here; anything new fails the test.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { tempDir } from '../support/temp-dir.js';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const electronVersion = (require('electron/package.json') as { version: string }).version;

/** Findings we accept, each with the reason. Keyed by check id and file. */
const EXPLAINED: Record<string, string> = {
  'CSP_GLOBAL_CHECK index.html':
    "The CSP evaluator warns (LOW) that script-src 'self' is only as safe as what the origin serves; app://renderer serves nothing but the built bundle, read-only, so no attacker-controlled script can sit on it.",
  'PRELOAD_JS_CHECK main.ts':
    'The preload runs sandboxed with context isolation and exposes one frozen object built from the typed contract; it never hands ipcRenderer to the page.',
  'AUXCLICK_JS_CHECK main.ts':
    'Middle-click cannot open anything: setWindowOpenHandler denies every new window and will-navigate blocks leaving app://renderer (shell/security.ts).',
};

describe('Electron security scan', () => {
  const dir = tempDir('archive-scan-');
  afterAll(() => dir.remove());

  it('finds nothing we have not explained', () => {
    const input = path.join(dir.path, 'app');
    mkdirSync(input);
    cpSync(path.join(root, 'electron'), input, {
      recursive: true,
      filter: (source) =>
        !source.includes(`${path.sep}core${path.sep}`) && !source.endsWith('.test.ts'),
    });
    cpSync(path.join(root, 'renderer/index.html'), path.join(input, 'index.html'));
    const output = path.join(dir.path, 'findings.csv');
    execFileSync(
      process.execPath,
      [
        '--require',
        path.join(import.meta.dirname, 'loopback-only.cjs'),
        require.resolve('@doyensec/electronegativity/dist/index.js'),
        '--input',
        input,
        '--electron-version',
        electronVersion,
        '--output',
        output,
        '--relative',
        '--exclude-checks',
        // Compares against the live list of Electron releases, which needs the internet.
        'AvailableSecurityFixesGlobalCheck',
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const rows = readFileSync(output, 'utf8').trim().split('\n').slice(1);
    const findings = rows.map((row) => {
      const [check, severity, , file] = row.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
      return { key: `${check} ${file}`, severity, row };
    });
    const unexplained = findings.filter((finding) => !EXPLAINED[finding.key]);
    expect(unexplained.map((finding) => finding.row)).toEqual([]);
    // An explanation for a finding that no longer occurs would hide its return.
    const seen = new Set(findings.map((finding) => finding.key));
    expect(Object.keys(EXPLAINED).filter((key) => !seen.has(key))).toEqual([]);
  }, 180_000);
});
