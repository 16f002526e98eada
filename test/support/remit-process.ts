/**
 * The `remit` command as a user runs it: a real Node process (bin/remit.js), its output collected, for tests that
 * need signals, exit codes or a database that goes away under a running server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/remit.js', import.meta.url));
/** Run files of the servers a test file starts: unseen by other tests' commands and by a developer's own server. */
export const testRunDir = mkdtempSync(path.join(os.tmpdir(), 'remit-run-'));

export interface RemitRun {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/**
 * Runs `remit <args>` with the test's environment minus DATABASE_URL (each test says which database it wants), with
 * this test file's own REMIT_RUN_DIR.
 */
export function remit(
  args: string[],
  env: Record<string, string | undefined>,
  started?: ChildProcess[],
): RemitRun {
  const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...parentEnv, LOG_LEVEL: 'warn', REMIT_RUN_DIR: testRunDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started?.push(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

export async function waitForOutput(run: RemitRun, text: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`remit exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A zombie answers kill(0) but is dead (this sandbox's pid 1 does not always reap promptly). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
