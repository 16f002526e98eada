/**
 * What a running `remit start` tells the other terminals: a small run file (pid, data dir, database port or host,
 * URL) in a per-user directory. One-off commands (`tokens:create`, `users:create`, `demo`...) read it so that a
 * terminal without the server's DATA_DIR / EMBEDDED_PG_PORT uses the running server's data instead of quietly
 * creating another, empty database.
 */
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';

export interface RunningInstance {
  pid: number;
  /** The server's address for people, e.g. http://localhost:3000. */
  appUrl: string;
  /** Embedded database: its data directory and port. */
  dataDir: string | null;
  embeddedPgPort: number | null;
  /** External database: its host and port only (never the URL, which holds the password). */
  databaseHost: string | null;
}

/** Where run files live: REMIT_RUN_DIR, else a directory of this user's in XDG_RUNTIME_DIR or the temp directory. */
export function runDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REMIT_RUN_DIR) return path.resolve(env.REMIT_RUN_DIR);
  const user = process.getuid?.() ?? os.userInfo().username;
  return path.join(env.XDG_RUNTIME_DIR || os.tmpdir(), `remit-${user}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** A shared temp directory is only trusted when it is ours and nobody else can write to it. */
async function isPrivateDirectory(dir: string): Promise<boolean> {
  const info = await lstat(dir).catch(() => null);
  if (!info?.isDirectory()) return false;
  const uid = process.getuid?.();
  return (uid === undefined || info.uid === uid) && (info.mode & 0o022) === 0;
}

/** Writes this process's run file; returns the function that removes it (on shutdown). */
export async function recordRunningInstance(
  config: Config,
  database: { embeddedPgPort: number | null },
  env: NodeJS.ProcessEnv = process.env,
): Promise<() => Promise<void>> {
  const dir = runDirectory(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await isPrivateDirectory(dir))) {
    throw new Error(
      `${dir} must be a directory of this user that others cannot write to (set REMIT_RUN_DIR).`,
    );
  }
  const instance: RunningInstance = {
    pid: process.pid,
    appUrl: config.appUrl,
    dataDir: config.databaseUrl ? null : config.dataDir,
    embeddedPgPort: config.databaseUrl ? null : database.embeddedPgPort,
    databaseHost: config.databaseUrl ? new URL(config.databaseUrl).host : null,
  };
  const file = path.join(dir, `${process.pid}.json`);
  // Written whole, then renamed: a reader never sees half a file.
  await writeFile(`${file}.tmp`, `${JSON.stringify(instance)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return () => unlink(file).catch(() => {});
}

function parseInstance(text: string): RunningInstance | null {
  try {
    const value = JSON.parse(text) as Partial<RunningInstance>;
    if (!Number.isInteger(value.pid) || typeof value.appUrl !== 'string') return null;
    return {
      pid: value.pid!,
      appUrl: value.appUrl,
      dataDir: typeof value.dataDir === 'string' ? value.dataDir : null,
      embeddedPgPort: Number.isInteger(value.embeddedPgPort) ? value.embeddedPgPort! : null,
      databaseHost: typeof value.databaseHost === 'string' ? value.databaseHost : null,
    };
  } catch {
    return null;
  }
}

/** The servers running now; the files of servers that died without cleaning up are removed. */
export async function listRunningInstances(env: NodeJS.ProcessEnv = process.env): Promise<RunningInstance[]> {
  const dir = runDirectory(env);
  if (!(await isPrivateDirectory(dir))) return [];
  const instances: RunningInstance[] = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    const instance = parseInstance(await readFile(file, 'utf8').catch(() => ''));
    if (instance && instance.pid !== process.pid && isAlive(instance.pid)) instances.push(instance);
    else if (instance) await unlink(file).catch(() => {});
  }
  return instances.sort((a, b) => a.pid - b.pid);
}

/** A data directory holds a database once its cluster was initialised (see db/embedded.ts). */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'pg', 'PG_VERSION'));
}

/** A refusal a person can act on, printed without a stack. */
export class RunningInstanceError extends Error {
  override name = 'RunningInstanceError';
}

function describe(instance: RunningInstance): string {
  const where = instance.dataDir
    ? `DATA_DIR=${instance.dataDir} EMBEDDED_PG_PORT=${instance.embeddedPgPort}`
    : `the PostgreSQL at ${instance.databaseHost} (DATABASE_URL)`;
  return `pid ${instance.pid}, ${instance.appUrl}, ${where}`;
}

export interface CommandDatabase {
  /** The configuration to open the database with: the one given, or pointed at the running server's data. */
  config: Config;
  /** Said on stderr before the command runs, when the data is not where this terminal's configuration points. */
  notice: string | null;
}

/**
 * What a command does with the database: works on the account's data (`tokens:create`, `export`), may start one
 * (`users:create`, `demo`, `migrate`), or fills a new one and so never borrows a server's (`import`).
 */
export type DatabaseUse = 'existing' | 'existing-or-new' | 'new';

const SAME_SETTINGS =
  'set DATA_DIR and EMBEDDED_PG_PORT (or DATABASE_URL) as for the server, or run the command from the directory ' +
  'the server was started in';

/**
 * Picks the database for a one-off command. An external database (DATABASE_URL), or a DATA_DIR that already holds
 * data or belongs to a running server, is used as configured. Otherwise this terminal would create a new, empty
 * database: the running server's data is used instead when there is exactly one, and the command refuses when
 * there are several, or when it needs existing data and no server runs.
 */
export async function chooseCommandDatabase(
  config: Config,
  use: DatabaseUse,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandDatabase> {
  if (config.databaseUrl || use === 'new') return { config, notice: null };
  const running = await listRunningInstances(env);
  const sameDir = running.find((instance) => instance.dataDir === config.dataDir);
  if (sameDir) {
    return {
      config: { ...config, embeddedPgPort: sameDir.embeddedPgPort ?? config.embeddedPgPort },
      notice: null,
    };
  }
  if (holdsDatabase(config.dataDir)) {
    const notice = running.length
      ? `Using the data in ${config.dataDir}; Remit also runs elsewhere:\n  ${running.map(describe).join('\n  ')}`
      : null;
    return { config, notice };
  }
  if (running.length > 1) {
    throw new RunningInstanceError(
      `No Remit data in ${config.dataDir}, and several Remit servers are running:\n  ` +
        `${running.map(describe).join('\n  ')}\nTo choose one, ${SAME_SETTINGS}.`,
    );
  }
  const [server] = running;
  if (server?.dataDir) {
    return {
      config: {
        ...config,
        dataDir: server.dataDir,
        embeddedPgPort: server.embeddedPgPort ?? config.embeddedPgPort,
      },
      notice: `No Remit data in ${config.dataDir}: using the running server's (${describe(server)}).`,
    };
  }
  if (server) {
    throw new RunningInstanceError(
      `No Remit data in ${config.dataDir}, and the running Remit server (${describe(server)}) uses an external ` +
        'database: set DATABASE_URL (and APP_SECRET) in this terminal too.',
    );
  }
  if (use === 'existing') {
    throw new RunningInstanceError(
      `No Remit data in ${config.dataDir} and no Remit server is running: start Remit first (npm start), or ` +
        `${SAME_SETTINGS}.`,
    );
  }
  return { config, notice: null };
}
