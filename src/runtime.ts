import type { Config } from './config.ts';
import { connectDatabase, type DatabaseHandle, migrateToLatest } from './db/client.ts';
import { startEmbeddedDatabase } from './db/embedded.ts';

export interface Runtime extends DatabaseHandle {
  /** Where the data lives, for messages: "embedded PostgreSQL in ./data" or the external host. */
  description: string;
  /** Closes the pool, then stops the embedded server if we run one. */
  shutdown(): Promise<void>;
}

/** Opens the database the configuration asks for: external (DATABASE_URL) or embedded in DATA_DIR. */
export async function openDatabase(
  config: Config,
  log: (message: string) => void = () => {},
): Promise<Runtime> {
  if (config.databaseUrl) {
    const handle = connectDatabase(config.databaseUrl);
    const host = new URL(config.databaseUrl).host;
    return { ...handle, description: `PostgreSQL at ${host}`, shutdown: () => handle.close() };
  }
  const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const handle = connectDatabase(embedded.connectionString);
  return {
    ...handle,
    description: `embedded PostgreSQL in ${config.dataDir} (port ${embedded.port}${embedded.reused ? ', reused' : ''})`,
    async shutdown() {
      await handle.close();
      await embedded.stop();
    },
  };
}

export async function openMigratedDatabase(
  config: Config,
  log?: (message: string) => void,
): Promise<Runtime> {
  const runtime = await openDatabase(config, log);
  try {
    await migrateToLatest(runtime.db);
  } catch (error) {
    await runtime.shutdown();
    throw error;
  }
  return runtime;
}
