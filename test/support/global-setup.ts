import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase, migrateToLatest } from '../../src/db/client.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';

/**
 * One PostgreSQL server for the whole run: the one DATABASE_URL points at, or an embedded one in a temporary
 * directory. A migrated template database is made once; each test file clones it (CREATE DATABASE ... TEMPLATE),
 * so files run in parallel on databases of their own.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    databaseKind: 'external' | 'embedded';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let cleanup: () => Promise<void> = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'remit-test-pg-'));
    // mkdtemp makes the directory private; PostgreSQL may run as its own system user and must reach it.
    await chmod(dataDir, 0o755);
    const embedded = await startEmbeddedDatabase({ dataDir, port: await freePort() });
    const creds = JSON.parse(await readFile(path.join(dataDir, 'pg-credentials.json'), 'utf8'));
    adminUrl = `postgres://${creds.superuser}:${encodeURIComponent(creds.superuserPassword)}@127.0.0.1:${embedded.port}/postgres`;
    cleanup = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  const templateDatabase = `remit_tpl_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  const template = connectDatabase(withDatabase(adminUrl, templateDatabase), { max: 1 });
  await migrateToLatest(template.db);
  await template.close();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('databaseKind', process.env.DATABASE_URL ? 'external' : 'embedded');

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`remit_t_${process.pid}_%`, templateDatabase],
    );
    for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
    await admin.end();
    await cleanup();
  };
}
