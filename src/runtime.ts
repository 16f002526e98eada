import type { Config } from './config.ts';
import { connectDatabase, type DatabaseHandle, migrateToLatest } from './db/client.ts';
import { startEmbeddedDatabase } from './db/embedded.ts';
import { superviseEmbeddedDatabase } from './db/embedded-supervisor.ts';
import { waitForDatabase } from './db/wait-for-database.ts';
import type { Logger } from './logger.ts';

export interface Runtime extends DatabaseHandle {
  /** Where the data lives, for messages: "embedded PostgreSQL in ./data" or the external host. */
  description: string;
  /** Closes the pool, then stops the embedded server if we run one. */
  shutdown(): Promise<void>;
}

export interface OpenOptions {
  /** Where connection losses, waits and restarts are told; silent without one. */
  logger?: Logger;
  /** Keep an embedded server alive (restart it if it dies): for the long-running server, not one-off commands. */
  supervise?: boolean;
}

/**
 * Opens the database the configuration asks for: external (DATABASE_URL) or embedded in DATA_DIR. Waits, with a
 * log line per try, while an external server is unreachable; connections it drops later never stop the process.
 */
export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<Runtime> {
  const { logger } = options;
  if (config.databaseUrl) {
    const target = new URL(config.databaseUrl);
    const description = `PostgreSQL at ${target.host}`;
    const handle = connectDatabase(config.databaseUrl, {
      onConnectionError: (error) => logger?.warn({ reason: error.message }, 'database connection lost'),
    });
    try {
      await waitForDatabase(handle.db, description, logger);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return { ...handle, description, shutdown: () => handle.close() };
  }
  const embedded = await startEmbeddedDatabase({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    log: (message) => logger?.info(message),
  });
  const supervisor = options.supervise && logger ? superviseEmbeddedDatabase(embedded, logger) : undefined;
  const handle = connectDatabase(embedded.connectionString, {
    onConnectionError: (error) => {
      logger?.warn({ reason: error.message }, 'database connection lost');
      supervisor?.check();
    },
  });
  return {
    ...handle,
    description: `embedded PostgreSQL in ${config.dataDir} (port ${embedded.port}${embedded.reused ? ', reused' : ''})`,
    async shutdown() {
      supervisor?.stop();
      await handle.close();
      await embedded.stop();
    },
  };
}

export async function openMigratedDatabase(config: Config, options?: OpenOptions): Promise<Runtime> {
  const runtime = await openDatabase(config, options);
  try {
    await migrateToLatest(runtime.db);
  } catch (error) {
    await runtime.shutdown();
    throw error;
  }
  return runtime;
}
