import type { CompiledQuery } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the hottest reads: PostgreSQL parses and plans such a statement once per connection
 * instead of on every call (for the invoice view, planning took twice as long as executing). Kysely sends every
 * query as text with parameters; `namePreparedStatements` makes a pool client send the registered texts under their
 * names instead, so the call sites keep using Kysely.
 *
 * A statement's plan is kept by the server until the connection ends. When a migration changes a table the
 * statement reads, PostgreSQL re-plans it by itself, but refuses to run it if its result columns changed
 * ("cached plan must not change result type"). Statements therefore name their columns (no `table.*`, which a new
 * column would change), and `renewPreparedStatements` gives every statement a fresh name after that error, so each
 * connection prepares it again.
 */

interface Registration {
  base: string;
  name: string;
  /** Prepared only where it opens a transaction, whose BEGIN goes with it (see pipelined-transactions.ts). */
  openingOnly: boolean;
}

const statements = new Map<string, Registration>();
let renewals = 0;

/**
 * Registers `query`'s SQL text to run as the prepared statement `name`; returns the query unchanged.
 * `openingOnly`: prepared only when it is the first statement of a transaction, the one place where a stale
 * statement can be retried without the caller's help (a statement in a transaction cannot be retried after an
 * error, which aborted the transaction); elsewhere it runs unprepared.
 */
export function preparedStatement<R>(
  name: string,
  query: CompiledQuery<R>,
  options: { openingOnly?: boolean } = {},
): CompiledQuery<R> {
  const existing = statements.get(query.sql);
  if (existing && existing.base !== name) {
    throw new Error(`The prepared statement ${name} has the same SQL as ${existing.base}`);
  }
  if (!existing) {
    statements.set(query.sql, {
      base: name,
      name: renewals ? `${name}_${renewals}` : name,
      openingOnly: options.openingOnly ?? false,
    });
  }
  return query;
}

/** The name `sql` runs under, if it was registered; `opening`: it is the first statement of a transaction. */
export function preparedStatementName(sql: string, opening = false): string | undefined {
  const registration = statements.get(sql);
  return registration && (opening || !registration.openingOnly) ? registration.name : undefined;
}

/** PostgreSQL's refusal to run a prepared statement whose result columns a schema change altered. */
export function isStalePreparedStatement(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as Error & { code?: string }).code === '0A000' &&
    error.message.includes('cached plan must not change result type')
  );
}

/** New names for every statement: each connection prepares them again on next use (the old ones are left idle). */
export function renewPreparedStatements(): void {
  renewals++;
  for (const registration of statements.values()) registration.name = `${registration.base}_${renewals}`;
}

type QueryFunction = (...args: unknown[]) => unknown;

/** Makes `client` run registered SQL texts as their named prepared statements (called once per new connection). */
export function namePreparedStatements(client: pg.ClientBase): void {
  const query = client.query.bind(client) as QueryFunction;
  (client as unknown as { query: QueryFunction }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = preparedStatementName(text);
      if (name) return query({ name, text, values });
    }
    return query(...args);
  };
}
