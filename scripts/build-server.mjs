#!/usr/bin/env node
/**
 * Compiles the server (src/) to plain JavaScript in build/, file for file, so production starts without compiling
 * TypeScript on every start. build/ mirrors src/ at the same depth, so paths relative to a module (the web app in
 * dist/web, the PDF worker, node_modules) resolve the same from both. Imports of `./x.ts` become `./x.js`;
 * packages stay imports of node_modules.
 *
 * `--if-stale` compiles only when a source file is newer than the last build (npm start and bin/remit.js use it, so
 * the build happens once and again after a change).
 */
import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src');
const output = path.join(root, 'build');

async function sourceFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mjs|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Keeps every import an import (no bundling): relative TypeScript ones point at the compiled file. */
const keepImports = {
  name: 'keep-imports',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = args.path.startsWith('.') ? args.path.replace(/\.ts$/, '.js') : args.path;
      return { path: target, external: true };
    });
  },
};

const stamp = path.join(output, '.built');

async function isFresh(files) {
  const built = await stat(stamp).catch(() => null);
  if (!built) return false;
  const times = await Promise.all(files.map(async (file) => (await stat(file)).mtimeMs));
  return times.every((time) => time <= built.mtimeMs);
}

/** Compiles src/ to build/; with `ifStale`, only when a source file changed since the last build. */
export async function buildServer({ ifStale = false } = {}) {
  const files = await sourceFiles(source);
  if (ifStale && (await isFresh(files))) return false;
  // Several processes may start at once (tests do): one compiles, the others wait for it and use its build.
  await takeLock();
  try {
    if (ifStale && (await isFresh(files))) return false;
    await compile(files);
    return true;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

const lock = path.join(root, '.build-server.lock');

async function takeLock() {
  for (let waited = 0; ; waited += 100) {
    try {
      await mkdir(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than a minute was left by a killed build.
      const since = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (since > 60_000 || waited > 120_000) await rm(lock, { recursive: true, force: true });
      await sleep(100);
    }
  }
}

async function compile(files) {
  const started = Date.now();
  // Loaded here: a start with a fresh build does not pay for the compiler.
  const { build } = await import('esbuild');
  const common = {
    outbase: source,
    outdir: output,
    bundle: true,
    plugins: [keepImports],
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  await rm(output, { recursive: true, force: true });
  await build({ ...common, entryPoints: files.filter((file) => file.endsWith('.ts')) });
  // Worker entries keep their .mjs name: the pool finds its worker by name next to itself.
  await build({
    ...common,
    entryPoints: files.filter((file) => file.endsWith('.mjs')),
    outExtension: { '.js': '.mjs' },
  });
  // Data files read at run time (the message files in src/i18n/locales) are copied as they are.
  await Promise.all(
    files
      .filter((file) => file.endsWith('.json'))
      .map(async (file) => {
        const target = path.join(output, path.relative(source, file));
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(file, target);
      }),
  );
  await writeFile(stamp, `${new Date().toISOString()}\n`);
  console.error(`Server compiled to build/ in ${Date.now() - started} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer({ ifStale: process.argv.includes('--if-stale') });
}
