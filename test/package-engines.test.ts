/**
 * `npm ci` on the Node that runs the tests (20 and 22 in CI) warns about no dependency's engines (EBADENGINE), and
 * package.json and package-lock.json agree. npm itself decides, in a dry run from the lock file alone: offline,
 * with an empty cache, in a scratch directory, so the checkout's node_modules is not touched.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'remit-engines-'));
  for (const file of ['package.json', 'package-lock.json'])
    await copyFile(path.join(root, file), path.join(scratch, file));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

it(`installs from the lock file without engine warnings on Node ${process.version}`, async () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const flags = ['--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'];
  const { stdout, stderr } = await promisify(execFile)(
    npm,
    ['ci', ...flags, '--cache', path.join(scratch, 'cache')],
    { cwd: scratch, maxBuffer: 16 * 1024 * 1024 },
  );
  const output = `${stdout}\n${stderr}`;
  expect(output).toMatch(/added \d+ packages/);
  expect(output.split('\n').filter((line) => line.includes('EBADENGINE'))).toEqual([]);
}, 120_000);
