import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { migrateToLatest } from '../db/client.ts';
import { EmbeddedDatabaseError } from '../db/embedded.ts';
import { DatabaseConfigurationError } from '../db/wait-for-database.ts';
import { DomainError } from '../domain/errors.ts';
import { createLogger } from '../logger.ts';
import { systemClock } from '../ports.ts';
import { openDatabase, openMigratedDatabase } from '../runtime.ts';
import { createApiToken } from '../services/auth/create-api-token.ts';
import { createUser } from '../services/users/create-user.ts';
import { chooseCommandDatabase, type DatabaseUse } from './running-instance.ts';

const HELP = `Usage: remit <command> [options]

Commands:
  start                         Run the server (migrations are applied first)
  migrate                       Apply pending database migrations and exit
  users:create --email E --password P [--role admin|finance] [--name N]
                                Create a staff user
  tokens:create --email E --name N
                                Create an API token for a user and print it (shown once)
  demo                          Load realistic sample data (clients, taxes, invoices, a quote, a credit note)
  export --out FILE              Write the whole account (every client, document, payment, user, setting) to FILE
                                as JSON Lines, for \`remit import\` on another server
  import FILE                   Recreate the account of an export FILE in a new, empty database (same version
                                of Remit, same APP_SECRET); all or nothing
  seed-bulk --invoices N [--clients M] [--seed S]
                                Add a large realistic data set (invoices with lines, taxes and payments in
                                five currencies, clients with contacts), written set-based; for benchmarks

Configuration comes from environment variables; see README.md. A command whose DATA_DIR holds no data uses the
data of the running \`remit start\` (it says so), or refuses when that is ambiguous.`;

/** One-off commands print their results on stdout (a token, say): their log lines, such as waits, go to stderr. */
function commandLogger(config: Config) {
  return createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
}

/** The configuration of a one-off command, pointed at a running server's data when this terminal's has none. */
async function commandConfig(use: DatabaseUse): Promise<Config> {
  const { config, notice } = await chooseCommandDatabase(loadConfig(), use);
  if (notice) console.error(notice);
  return config;
}

async function withDatabase<T>(
  use: DatabaseUse | Config,
  run: (runtime: Awaited<ReturnType<typeof openMigratedDatabase>>) => Promise<T>,
) {
  const config = typeof use === 'string' ? await commandConfig(use) : use;
  const runtime = await openMigratedDatabase(config, { logger: commandLogger(config) });
  try {
    return await run(runtime);
  } finally {
    await runtime.shutdown();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      name: { type: 'string' },
      invoices: { type: 'string' },
      clients: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: command === 'import',
  });

  switch (command) {
    case 'start': {
      // Loaded on demand: the HTTP stack is the slow part of starting, and other commands do not need it.
      const { start } = await import('./start.ts');
      return start(loadConfig());
    }
    case 'migrate': {
      const config = await commandConfig('existing-or-new');
      const runtime = await openDatabase(config, { logger: commandLogger(config) });
      try {
        const applied = await migrateToLatest(runtime.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await runtime.shutdown();
      }
      return;
    }
    case 'users:create': {
      if (!values.email || !values.password) throw new Error('users:create needs --email and --password');
      if (values.role !== 'admin' && values.role !== 'finance')
        throw new Error('--role must be admin or finance');
      const role = values.role;
      const user = await withDatabase('existing-or-new', (rt) =>
        createUser(
          { db: rt.db, clock: systemClock },
          {
            email: values.email!,
            password: values.password!,
            role,
            name: values.name,
          },
        ),
      );
      console.log(`Created ${user.role} ${user.email} (${user.id})`);
      return;
    }
    case 'tokens:create': {
      if (!values.email || !values.name) throw new Error('tokens:create needs --email and --name');
      const token = await withDatabase('existing', async (rt) => {
        const user = await rt.db
          .selectFrom('users')
          .select('id')
          .where((eb) => eb(eb.fn('lower', ['email']), '=', values.email!.toLowerCase()))
          .executeTakeFirst();
        if (!user) throw new Error(`No user has the email ${values.email}`);
        return createApiToken({ db: rt.db, clock: systemClock }, user.id, values.name!);
      });
      console.log(token.token);
      return;
    }
    case 'demo': {
      const { loadDemoData } = await import('./demo.ts');
      const result = await withDatabase('existing-or-new', (rt) =>
        loadDemoData({ db: rt.db, clock: systemClock }),
      );
      console.log(
        `Loaded demo data: ${result.clients} clients, ${result.invoices} invoices, ` +
          `${result.quotes} quote, ${result.creditNotes} credit note.`,
      );
      return;
    }
    case 'export': {
      if (!values.out) throw new Error('export needs --out FILE');
      const { exportAccountToFile } = await import('./account-transfer.ts');
      const config = await commandConfig('existing');
      console.log(await withDatabase(config, (rt) => exportAccountToFile(config, rt.db, values.out!)));
      return;
    }
    case 'import': {
      if (positionals.length !== 1) throw new Error('import needs the FILE made by remit export');
      const { importAccountFromFile } = await import('./account-transfer.ts');
      const config = await commandConfig('new');
      console.log(await withDatabase(config, (rt) => importAccountFromFile(config, rt.db, positionals[0]!)));
      return;
    }
    case 'seed-bulk': {
      const { runSeedBulk } = await import('./seed-bulk/run-seed-bulk.ts');
      await withDatabase('existing-or-new', (rt) => runSeedBulk({ db: rt.db, clock: systemClock }, values));
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return;
    default:
      throw new Error(`Unknown command "${command}".\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof EmbeddedDatabaseError || error instanceof DatabaseConfigurationError)
    console.error(`Database error: ${error.message}`);
  else if (error instanceof DomainError)
    console.error(`${error.field ? `${error.field}: ` : ''}${error.message}`);
  else if (error instanceof Error) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
