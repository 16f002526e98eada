/**
 * Runs real PostgreSQL servers from temp dirs on ports 55000-56000 (the system server on 5432 is never touched).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddedDatabase,
  EmbeddedDatabaseError,
  startEmbeddedDatabase,
} from '../../src/db/embedded.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const modulePath = path.join(repoRoot, 'src/db/embedded.ts');

let root: string;
const started: EmbeddedDatabase[] = [];
const usedPorts = new Set<number>();

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'remit-embedded-'));
  // As root the server runs as `postgres`, which must be able to traverse the (0700) temp dir.
  await chmod(root, 0o711);
});

afterAll(async () => {
  for (const db of started) await db.stop().catch(() => {});
  // Whatever a failed test left running: fast shutdown (SIGINT) of every postmaster under root.
  for (const pid of postmastersUnder(root)) process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && postmastersUnder(root).length > 0; i++) await sleep(50);
  await rm(root, { recursive: true, force: true });
});

async function start(dataDir: string, port: number, log?: (msg: string) => void): Promise<EmbeddedDatabase> {
  const db = await startEmbeddedDatabase({ dataDir, port, log });
  started.push(db);
  return db;
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = 55000 + Math.floor(Math.random() * 1000);
    if (usedPorts.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) {
      usedPorts.add(port);
      return port;
    }
  }
}

async function query<T extends pg.QueryResultRow>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function pidFilePid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Postmasters are the postgres processes whose command line still carries `-D <dir>` (children rewrite theirs). */
function postmastersFor(pgDir: string): number[] {
  return postmasters()
    .filter((p) => p.dir === pgDir)
    .map((p) => p.pid);
}

function postmastersUnder(dir: string): number[] {
  return postmasters()
    .filter((p) => p.dir.startsWith(`${dir}/`))
    .map((p) => p.pid);
}

function postmasters(): { pid: number; dir: string }[] {
  const out: { pid: number; dir: string }[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const dir = argv.includes('-D') ? argv[argv.indexOf('-D') + 1] : undefined;
      if (argv[0] && path.basename(argv[0]) === 'postgres' && dir && alive(Number(e)))
        out.push({ pid: Number(e), dir });
    } catch {}
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function expectError(promise: Promise<unknown>, code: EmbeddedDatabaseError['code']): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmbeddedDatabaseError);
  expect((err as EmbeddedDatabaseError).code).toBe(code);
  return err as Error;
}

describe('startEmbeddedDatabase', () => {
  it('initialises, serves loopback with fsync on, and keeps data and credentials across restarts', async () => {
    const dataDir = path.join(root, 'basic');
    const port = await freePort();
    const db = await start(dataDir, port);
    expect(db.reused).toBe(false);
    expect(db.port).toBe(port);
    expect(db.connectionString).toMatch(new RegExp(`^postgres://remit:[^@]+@127\\.0\\.0\\.1:${port}/remit$`));

    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    expect((await client.query('show fsync')).rows[0].fsync).toBe('on');
    expect((await client.query('show listen_addresses')).rows[0].listen_addresses).toBe('127.0.0.1');
    expect((await client.query('select current_user as u')).rows[0].u).toBe('remit');
    await client.query('create table kept (id int primary key)');
    await client.query('insert into kept values (42)');
    await client.end();

    expect((await stat(path.join(dataDir, 'pg-credentials.json'))).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.join(dataDir, 'pg', 'log')).some((f) => f.startsWith('postgresql-'))).toBe(true);

    await db.stop();
    const again = await start(dataDir, port);
    expect(again.reused).toBe(false);
    expect(again.connectionString).toBe(db.connectionString);
    expect(await query(again.connectionString, 'select id from kept')).toEqual([{ id: 42 }]);
    await again.stop();
  });

  it('stop() is idempotent', async () => {
    const dataDir = path.join(root, 'basic');
    const db = await start(dataDir, await freePort());
    const pid = pidFilePid(dataDir);
    await Promise.all([db.stop(), db.stop()]);
    await db.stop();
    expect(alive(pid)).toBe(false);
    expect(postmastersFor(path.join(dataDir, 'pg'))).toEqual([]);
  });

  it('does not let a stale postmaster.pid block the start', async () => {
    const dataDir = path.join(root, 'basic');
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const port = await freePort();
    const db = await start(dataDir, port);
    const content = await readFile(pidFile, 'utf8');
    await db.stop();

    // Dead pid: postgres treats the file as stale by itself.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(pidFile, content.replace(/^\d+/, String(dead.pid)));
    const a = await start(dataDir, port);
    expect(await query(a.connectionString, 'select 1 as one')).toEqual([{ one: 1 }]);
    await a.stop();

    // Live pid recycled by an unrelated process (here: this test runner): postgres would refuse, we clear it.
    await writeFile(pidFile, content.replace(/^\d+/, String(process.pid)));
    const logs: string[] = [];
    const b = await start(dataDir, port, (m) => logs.push(m));
    expect(b.reused).toBe(false);
    expect(logs.some((m) => m.startsWith('removing stale'))).toBe(true);
    expect(await query(b.connectionString, 'select 1 as one')).toEqual([{ one: 1 }]);
    await b.stop();
    expect(alive(process.pid)).toBe(true);
  });

  it('borrows the server of a live process without stopping it, adopts the one left by a killed process', async () => {
    const dataDir = path.join(root, 'killed');
    const pgDir = path.join(dataDir, 'pg');
    const port = await freePort();
    const script = path.join(root, 'child.mts');
    await writeFile(
      script,
      `import { startEmbeddedDatabase } from ${JSON.stringify(modulePath)};
const db = await startEmbeddedDatabase({ dataDir: process.argv[2], port: Number(process.argv[3]) });
process.stdout.write(JSON.stringify({ connectionString: db.connectionString }) + '\\n');
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, String(port)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
    });
    const { connectionString } = JSON.parse(line) as { connectionString: string };
    const running = pidFilePid(dataDir);

    // While the owner lives (a running server), another process (e.g. `remit migrate`) only borrows the database.
    const guest = await startEmbeddedDatabase({ dataDir, port });
    expect(guest).toMatchObject({ reused: true, owned: false });
    expect(await query(guest.connectionString, 'select 1 as one')).toEqual([{ one: 1 }]);
    await guest.stop();
    expect(alive(running)).toBe(true);
    expect(postmastersFor(pgDir)).toEqual([running]);

    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const orphan = pidFilePid(dataDir);
    expect(alive(orphan)).toBe(true);

    const db = await start(dataDir, port);
    expect(db).toMatchObject({ reused: true, owned: true });
    expect(db.connectionString).toBe(connectionString);
    expect(pidFilePid(dataDir)).toBe(orphan);
    expect(postmastersFor(pgDir)).toEqual([orphan]);
    expect(await query(db.connectionString, 'select 1 as one')).toEqual([{ one: 1 }]);

    await db.stop();
    expect(alive(orphan)).toBe(false);
    expect(postmastersFor(pgDir)).toEqual([]);
  });

  it('reports a port taken by another program', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const err = await expectError(start(path.join(root, 'port'), port), 'port_in_use');
      expect(err.message).toContain(String(port));
      expect(err.message).toContain('EMBEDDED_PG_PORT');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('reports a data dir that cannot be created or written', async () => {
    const file = path.join(root, 'regular-file');
    await writeFile(file, 'not a directory');
    const under = path.join(file, 'data');
    expect((await expectError(start(under, await freePort()), 'dir_not_writable')).message).toContain(under);
    expect((await expectError(start(file, await freePort()), 'dir_not_writable')).message).toContain(file);

    if (process.getuid?.() === 0) {
      // As root the server runs as `postgres`, which cannot enter a 0700 root-owned parent: said up front.
      const closed = path.join(root, 'closed');
      await mkdir(closed, { mode: 0o700 });
      const inside = path.join(closed, 'data');
      const err = await expectError(start(inside, await freePort()), 'dir_not_writable');
      expect(err.message).toContain(inside);
    }
  });
});
