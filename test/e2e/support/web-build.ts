import { execFile } from 'node:child_process';
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const root = fileURLToPath(new URL('../../../', import.meta.url));
const indexFile = path.join(root, 'dist/web/index.html');
const lockDir = path.join(root, 'dist/.web-build-lock');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? await newestSource(full) : (await stat(full)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

async function builtAt(): Promise<number | null> {
  try {
    return (await stat(indexFile)).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Makes sure dist/web holds a build of the current web/ sources (npm ci builds it; a test run after editing the
 * app, or before any build, builds it here). Several test files may ask at once: one builds, the others wait.
 */
export async function ensureWebBuild(): Promise<void> {
  // The web app imports the domain code (the totals engine) and the message files: a change there needs a new build.
  const sources = Math.max(
    await newestSource(path.join(root, 'web')),
    await newestSource(path.join(root, 'src/domain')),
    await newestSource(path.join(root, 'src/i18n/locales')),
    (await stat(path.join(root, 'vite.config.ts'))).mtimeMs,
  );
  const built = await builtAt();
  if (built !== null && built >= sources) return;
  await mkdir(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch {
      // Another file is building: wait for it, then check again. A lock older than any build is left over from a
      // run that was killed mid-build: take it over.
      const lockAge = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (lockAge > 5 * 60_000) await rmdir(lockDir).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const again = await builtAt();
      if (again !== null && again >= sources) return;
    }
  }
  try {
    // A child process: the test runner's NODE_ENV=test would otherwise give a development build of React.
    await run(
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
  } finally {
    await rmdir(lockDir).catch(() => undefined);
  }
}
