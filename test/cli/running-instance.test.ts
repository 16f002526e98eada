/**
 * How a one-off command picks its database from the run files of running servers. Real files and real processes
 * (a `sleep` stands in for a server's pid); the end-to-end path with a real server is in second-terminal.test.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chooseCommandDatabase,
  listRunningInstances,
  type RunningInstance,
  recordRunningInstance,
} from '../../src/cli/running-instance.ts';
import { loadConfig } from '../../src/config.ts';

let base: string;
let root: string;
let runDir: string;
let env: NodeJS.ProcessEnv;
const sleepers: ChildProcess[] = [];

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'remit-instances-'));
});

beforeEach(async () => {
  root = await mkdtemp(path.join(base, 'case-'));
  runDir = path.join(root, 'run');
  env = { REMIT_RUN_DIR: runDir };
});

afterAll(async () => {
  for (const sleeper of sleepers) sleeper.kill('SIGKILL');
  await rm(base, { recursive: true, force: true });
});

function livePid(): number {
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  sleepers.push(sleeper);
  return sleeper.pid!;
}

async function writeRunFile(instance: Partial<RunningInstance> & { pid: number }) {
  await mkdir(runDir, { recursive: true, mode: 0o700 });
  const full = { appUrl: 'http://localhost:3000', dataDir: null, embeddedPgPort: null, databaseHost: null };
  await writeFile(path.join(runDir, `${instance.pid}.json`), JSON.stringify({ ...full, ...instance }));
}

/** A data dir that holds a database, as far as a command can tell without starting it. */
async function dataDirWithDatabase(name: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'pg'), { recursive: true });
  await writeFile(path.join(dir, 'pg', 'PG_VERSION'), '18\n');
  return dir;
}

const configFor = (dataDir: string, extra: NodeJS.ProcessEnv = {}) =>
  loadConfig({ DATA_DIR: dataDir, ...extra });

describe('choosing the database of a one-off command', () => {
  it('uses the only running server when this terminal points at no data, and says so', async () => {
    const serverDir = await dataDirWithDatabase('server');
    await writeRunFile({ pid: livePid(), dataDir: serverDir, embeddedPgPort: 55001 });
    const empty = path.join(root, 'elsewhere');
    const chosen = await chooseCommandDatabase(configFor(empty), 'existing', env);
    expect(chosen.config.dataDir).toBe(serverDir);
    expect(chosen.config.embeddedPgPort).toBe(55001);
    expect(chosen.notice).toContain(`No Remit data in ${empty}: using the running server's`);
    expect(chosen.notice).toContain(`DATA_DIR=${serverDir} EMBEDDED_PG_PORT=55001`);
    expect(existsSync(empty)).toBe(false);
  });

  it("takes the running server's database port when the data dir is the same", async () => {
    const serverDir = await dataDirWithDatabase('server');
    await writeRunFile({ pid: livePid(), dataDir: serverDir, embeddedPgPort: 55002 });
    const chosen = await chooseCommandDatabase(configFor(serverDir), 'existing', env);
    expect(chosen).toEqual({ config: configFor(serverDir, { EMBEDDED_PG_PORT: '55002' }), notice: null });
  });

  it('keeps a data dir that holds data, and names the servers running elsewhere', async () => {
    const mine = await dataDirWithDatabase('mine');
    const serverDir = await dataDirWithDatabase('server');
    const pid = livePid();
    await writeRunFile({ pid, dataDir: serverDir, embeddedPgPort: 55003 });
    const chosen = await chooseCommandDatabase(configFor(mine), 'existing', env);
    expect(chosen.config).toEqual(configFor(mine));
    expect(chosen.notice).toContain(`Using the data in ${mine}; Remit also runs elsewhere`);
    expect(chosen.notice).toContain(`pid ${pid}`);
  });

  it('refuses to guess between several running servers', async () => {
    const first = livePid();
    const second = livePid();
    await writeRunFile({ pid: first, dataDir: await dataDirWithDatabase('a'), embeddedPgPort: 55004 });
    await writeRunFile({ pid: second, dataDir: await dataDirWithDatabase('b'), embeddedPgPort: 55005 });
    const attempt = chooseCommandDatabase(configFor(path.join(root, 'none')), 'existing-or-new', env);
    await expect(attempt).rejects.toThrow(/several Remit servers are running:\n {2}pid \d+.*\n {2}pid \d+/);
    await expect(attempt).rejects.toThrow('set DATA_DIR and EMBEDDED_PG_PORT');
  });

  it('asks for DATABASE_URL when the running server uses an external database', async () => {
    await writeRunFile({ pid: livePid(), databaseHost: 'db.internal:5432' });
    await expect(
      chooseCommandDatabase(configFor(path.join(root, 'none')), 'existing-or-new', env),
    ).rejects.toThrow(
      /PostgreSQL at db.internal:5432 .*set DATABASE_URL \(and APP_SECRET\) in this terminal too/,
    );
  });

  it('refuses a command that needs data when there is none and no server runs, and allows a first setup', async () => {
    const none = path.join(root, 'none');
    await expect(chooseCommandDatabase(configFor(none), 'existing', env)).rejects.toThrow(
      `No Remit data in ${none} and no Remit server is running: start Remit first (npm start)`,
    );
    expect(await chooseCommandDatabase(configFor(none), 'existing-or-new', env)).toEqual({
      config: configFor(none),
      notice: null,
    });
  });

  it('never points an import, or a command on an external database, at a running server', async () => {
    await writeRunFile({
      pid: livePid(),
      dataDir: await dataDirWithDatabase('server'),
      embeddedPgPort: 55006,
    });
    const fresh = configFor(path.join(root, 'fresh'));
    expect(await chooseCommandDatabase(fresh, 'new', env)).toEqual({ config: fresh, notice: null });
    const external = configFor(path.join(root, 'x'), { DATABASE_URL: 'postgres://u:p@db:5432/remit' });
    expect(await chooseCommandDatabase(external, 'existing', env)).toEqual({
      config: external,
      notice: null,
    });
  });
});

describe('run files', () => {
  it('records a server without its database password, and forgets it on shutdown', async () => {
    const config = configFor(path.join(root, 'x'), { DATABASE_URL: 'postgres://u:secret@db:5433/remit' });
    const forget = await recordRunningInstance(config, { embeddedPgPort: null }, env);
    const files = await readdir(runDir);
    expect(files).toEqual([`${process.pid}.json`]);
    const text = await readFile(path.join(runDir, files[0]!), 'utf8');
    expect(JSON.parse(text)).toEqual({
      pid: process.pid,
      appUrl: 'http://localhost:3000',
      dataDir: null,
      embeddedPgPort: null,
      databaseHost: 'db:5433',
    });
    expect(text).not.toContain('secret');
    await forget();
    expect(await readdir(runDir)).toEqual([]);
  });

  it('drops the files of servers that died, and ignores a run directory others can write to', async () => {
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeRunFile({ pid: dead.pid!, dataDir: await dataDirWithDatabase('gone'), embeddedPgPort: 55007 });
    expect(await listRunningInstances(env)).toEqual([]);
    expect(await readdir(runDir)).toEqual([]);

    await writeRunFile({ pid: livePid(), dataDir: await dataDirWithDatabase('s'), embeddedPgPort: 55008 });
    expect(await listRunningInstances(env)).toHaveLength(1);
    await chmod(runDir, 0o777);
    expect(await listRunningInstances(env)).toEqual([]);
    await expect(
      recordRunningInstance(configFor(path.join(root, 'x')), { embeddedPgPort: 1 }, env),
    ).rejects.toThrow('others cannot write to');
  });
});
