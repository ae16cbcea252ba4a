// Bundles the Node side (Electron main, preload, CLI and worker entry points) with esbuild.
// `--if-stale` skips the work when no source changed since the last bundle, so `npm run cli`
// stays quick. Nothing is printed on success: `cli --json` must own stdout.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');
const stamp = path.join(outdir, '.stamp');

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const sources = [
  ...sourceFiles(path.join(root, 'electron')),
  ...sourceFiles(path.join(root, 'shared')),
];

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const newest = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  const pkgChanged = statSync(path.join(root, 'package.json')).mtimeMs > built;
  if (newest <= built && !pkgChanged) process.exit(0);
}

// Worker entry points are any `*-worker.ts` file; they land beside main.js so that
// `new URL('./x-worker.js', import.meta.url)` resolves the same way in every bundle.
const workerEntries = sources.filter((file) => file.endsWith('-worker.ts'));
const esmEntries = {
  cli: path.join(root, 'electron/cli/main.ts'),
  ...Object.fromEntries(workerEntries.map((file) => [path.basename(file, '.ts'), file])),
};
if (existsSync(path.join(root, 'electron/main.ts')))
  esmEntries.main = path.join(root, 'electron/main.ts');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
};

await build({
  ...common,
  entryPoints: esmEntries,
  outdir,
  format: 'esm',
  // Bundled CommonJS dependencies may call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

// A sandboxed preload cannot load ES modules or other local files, so it is one CommonJS file.
if (existsSync(path.join(root, 'electron/preload.ts'))) {
  await build({
    ...common,
    entryPoints: { preload: path.join(root, 'electron/preload.ts') },
    outdir,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
  });
}

// `--bench`: the benchmark's driver and its measured child process.
if (process.argv.includes('--bench')) {
  await build({
    ...common,
    entryPoints: {
      bench: path.join(root, 'scripts/bench/bench.ts'),
      'ingest-child': path.join(root, 'scripts/bench/ingest-child.ts'),
      // importFile starts its parse worker from beside the bundle that runs it.
      'parse-worker': path.join(root, 'electron/core/importer/parse-worker.ts'),
    },
    outdir: path.join(root, 'dist', 'bench'),
    format: 'esm',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
}

// The demo derives its sample export from the real-format fixtures.
mkdirSync(outdir, { recursive: true });
copyFileSync(
  path.join(root, 'test/fixtures/wecom-messages.jsonl'),
  path.join(outdir, 'demo-fixtures.jsonl'),
);

writeFileSync(stamp, new Date().toISOString());
