// Before `npm start` (development only): makes sure the Electron binary is installed (Electron
// 45 and later ship it as an explicit step) and that better-sqlite3 has a build for Electron's
// ABI. That build lives in .electron-native/, beside the Node build in node_modules/ that the
// tests and the CLI use, so the two runtimes never overwrite each other's addon.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronDir = path.join(root, 'node_modules', 'electron');
const electronVersion = JSON.parse(
  readFileSync(path.join(electronDir, 'package.json'), 'utf8'),
).version;

if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log(`Installing the Electron ${electronVersion} binary…`);
  execFileSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
    cwd: electronDir,
  });
}

const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(
  readFileSync(path.join(sqliteDir, 'package.json'), 'utf8'),
).version;
const nativeRoot = path.join(root, '.electron-native');
const marker = path.join(nativeRoot, 'built-for.txt');
const wanted = `electron ${electronVersion} / better-sqlite3 ${sqliteVersion}`;

if (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted) {
  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}…`);
  rmSync(nativeRoot, { recursive: true, force: true });
  const target = path.join(nativeRoot, 'node_modules', 'better-sqlite3');
  mkdirSync(target, { recursive: true });
  cpSync(sqliteDir, target, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
  });
  writeFileSync(
    path.join(nativeRoot, 'package.json'),
    JSON.stringify({
      name: 'electron-native',
      private: true,
      dependencies: { 'better-sqlite3': sqliteVersion },
    }),
  );
  execFileSync(
    process.platform === 'win32' ? 'npx.cmd' : 'npx',
    [
      '--no-install',
      'electron-rebuild',
      '--version',
      electronVersion,
      '--module-dir',
      nativeRoot,
      '--only',
      'better-sqlite3',
      '--force',
    ],
    { stdio: 'inherit', cwd: root },
  );
  writeFileSync(marker, wanted);
}
