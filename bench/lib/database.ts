import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';

export interface BenchDatabase {
  /** Connection string of a new, empty database made for this run. */
  url: string;
  /** For the report: "external PostgreSQL at host:port" or "embedded PostgreSQL". */
  description: string;
  kind: 'external' | 'embedded';
  /** Drops the database and stops the embedded server, if we started one. */
  dispose(): Promise<void>;
}

interface Server {
  /** A superuser (or CREATEDB) connection string. */
  adminUrl: string;
  description: string;
  kind: BenchDatabase['kind'];
  stop(): Promise<void>;
}

/**
 * A throw-away database: `remit_bench_<random>` on the server DATABASE_URL points at, so a run never touches the
 * data already there, or on an embedded PostgreSQL started in a temporary directory.
 */
export async function openBenchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const server = process.env.DATABASE_URL
    ? externalServer(process.env.DATABASE_URL)
    : await embeddedServer(log);
  const name = `remit_bench_${randomBytes(6).toString('hex')}`;
  try {
    await withAdmin(server.adminUrl, (admin) => admin.query(`create database ${name}`));
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: server.description,
    kind: server.kind,
    async dispose() {
      try {
        // `force` ends connections a failed run may have left open (PostgreSQL 13+).
        await withAdmin(server.adminUrl, (admin) =>
          admin.query(`drop database if exists ${name} with (force)`),
        );
      } finally {
        await server.stop();
      }
    },
  };
}

function externalServer(adminUrl: string): Server {
  return {
    adminUrl,
    description: `external PostgreSQL at ${new URL(adminUrl).host}`,
    kind: 'external',
    stop: async () => {},
  };
}

async function embeddedServer(log: (message: string) => void): Promise<Server> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'remit-bench-pg-'));
  // mkdtemp makes the directory private, but as root PostgreSQL runs as the `postgres` user and must reach it.
  await chmod(dataDir, 0o755);
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  log(`starting embedded PostgreSQL in ${dataDir}`);
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>>;
  try {
    embedded = await startEmbeddedDatabase({ dataDir, port: await freePort() });
  } catch (error) {
    await removeDir();
    throw error;
  }
  const stop = async () => {
    try {
      await embedded.stop();
    } finally {
      await removeDir();
    }
  };
  try {
    // The app role cannot create databases; the superuser's credentials are kept next to the cluster.
    const creds = JSON.parse(await readFile(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as {
      superuser: string;
      superuserPassword: string;
    };
    const adminUrl = `postgres://${encodeURIComponent(creds.superuser)}:${encodeURIComponent(creds.superuserPassword)}@127.0.0.1:${embedded.port}/postgres`;
    return { adminUrl, description: 'embedded PostgreSQL (fsync on)', kind: 'embedded', stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function withAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A port the OS reports free right now; PostgreSQL binds it a moment later (a race we accept in a benchmark). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
