import type { Config } from '../config.ts';
import { buildApp } from '../http/app.ts';
import { systemClock } from '../ports.ts';
import { openMigratedDatabase } from '../runtime.ts';
import { createUser } from '../services/users/create-user.ts';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD unless a user with that email already exists. */
async function ensureAdmin(config: Config, runtime: Awaited<ReturnType<typeof openMigratedDatabase>>) {
  if (config.adminEmail && config.adminPassword) {
    const existing = await runtime.db
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', config.adminEmail!.toLowerCase()))
      .executeTakeFirst();
    if (!existing) {
      try {
        await createUser(
          { db: runtime.db, clock: systemClock },
          {
            email: config.adminEmail,
            password: config.adminPassword,
            role: 'admin',
            name: 'Admin',
          },
        );
      } catch (error) {
        // A parallel process may have created it a moment ago; anything else is a real problem.
        if ((error as { code?: string }).code !== 'email_taken') throw error;
      }
    }
    return `Log in as ${config.adminEmail} with ADMIN_PASSWORD.`;
  }
  const users = await runtime.db.selectFrom('users').select('id').limit(1).execute();
  if (users.length) return 'Log in with your staff account.';
  return (
    'No user yet. Create the first admin with:\n' +
    '  npm run remit -- users:create --email you@example.com --role admin --password "a long password"\n' +
    'or start with ADMIN_EMAIL and ADMIN_PASSWORD set.'
  );
}

export async function start(config: Config): Promise<void> {
  const runtime = await openMigratedDatabase(config);
  const loginHint = await ensureAdmin(config, runtime);
  const app = await buildApp({
    deps: { db: runtime.db, clock: systemClock },
    appUrl: config.appUrl,
    logLevel: config.logLevel,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting, let requests in flight finish, then close the pool and the embedded database.
    await app.close();
    await runtime.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await runtime.shutdown();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} is already in use; set PORT to another port (e.g. PORT=3001).`);
    }
    throw error;
  }
  process.stdout.write(
    `\nRemit is running at ${config.appUrl}\n` +
      `  database: ${runtime.description}\n` +
      `  API docs: ${config.appUrl}/api/docs\n` +
      `  ${loginHint.replace(/\n/g, '\n  ')}\n\n`,
  );
}
