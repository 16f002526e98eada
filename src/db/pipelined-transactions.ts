import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import {
  isStalePreparedStatement,
  preparedStatementName,
  renewPreparedStatements,
} from './prepared-statements.ts';

/**
 * Fewer round trips per transaction. Kysely sends BEGIN and COMMIT as statements of their own, each a round trip
 * in which the process and a backend wake each other for almost no work. On every pool connection:
 *   - BEGIN is held back and sent in the same message as the transaction's first statement (one round trip);
 *   - a statement marked with `commitWith` is sent with the COMMIT (one round trip), and Kysely's own COMMIT that
 *     follows is answered here without going to the server.
 * The first statement and BEGIN run under one Sync, so an error in the statement leaves the transaction open and
 * aborted, exactly as if BEGIN had been sent alone; Kysely's ROLLBACK then goes to the server as usual.
 */

/** Ends a statement the transaction commits with (a comment: the server ignores it). */
const COMMIT_MARKER = '\n/* and commit */';

/**
 * Marks `query` as its transaction's last statement: it is sent together with COMMIT. Nothing may run in the
 * transaction after it (that is refused); its error, or the commit's, rejects it and the transaction is undone.
 */
export function commitWith<R>(query: CompiledQuery<R>): CompiledQuery<R> {
  return { ...query, sql: query.sql + COMMIT_MARKER };
}

type QueryFunction = (...args: unknown[]) => unknown;
type ResultLike = { command: string | null; rowCount: number | null; rows: unknown[] };

/** pg's protocol writer, as far as used here. */
interface ProtocolConnection {
  parse(config: { text: string; name?: string }): void;
  bind(config: object): void;
  execute(config: { portal?: string; rows?: number }): void;
  sync(): void;
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
}

/** pg.Query's members this file builds on (not in its type declarations). */
interface QueryInternals {
  text: string;
  name?: string;
  portal: string;
  _results: ResultLike | ResultLike[];
  _canceledDueToError: unknown;
  prepare(connection: ProtocolConnection): void;
  _getRows(connection: ProtocolConnection, rows?: number): void;
  hasBeenParsed(connection: ProtocolConnection): boolean;
  handleError(error: Error, connection: ProtocolConnection): void;
  handleReadyForQuery(connection: ProtocolConnection): void;
}

const BaseQuery = pg.Query as unknown as new (config: object) => QueryInternals;

/**
 * One statement with BEGIN before it and/or COMMIT after it, in one message. With parameters it uses the extended
 * protocol (BEGIN and COMMIT as unnamed statements before the one Sync); without, the simple protocol, where a
 * text of several statements stays possible.
 */
class EdgedQuery extends BaseQuery {
  private parsedBefore = true;

  constructor(
    config: { text: string; values: unknown[]; name?: string },
    private readonly edges: { begin: boolean; commit: boolean },
  ) {
    const extended = config.values.length > 0 || config.name !== undefined;
    super(
      extended
        ? { ...config, queryMode: 'extended' }
        : { text: `${edges.begin ? 'begin;\n' : ''}${config.text}${edges.commit ? ';\ncommit' : ''}` },
    );
  }

  override prepare(connection: ProtocolConnection): void {
    this.parsedBefore = Boolean(this.hasBeenParsed(connection));
    if (this.edges.begin) sendUnnamed(connection, 'begin');
    super.prepare(connection);
  }

  override _getRows(connection: ProtocolConnection, rows?: number): void {
    if (!this.edges.commit || rows) {
      super._getRows(connection, rows);
      return;
    }
    connection.execute({ portal: this.portal });
    sendUnnamed(connection, 'commit');
    connection.sync();
  }

  override handleError(error: Error, connection: ProtocolConnection): void {
    // BEGIN's ParseComplete made pg count this statement as parsed; after an error it may not be.
    if (this.name && !this.parsedBefore) {
      delete connection.parsedStatements[this.name];
      delete connection.submittedNamedStatements[this.name];
    }
    super.handleError(error, connection);
  }

  override handleReadyForQuery(connection: ProtocolConnection): void {
    if (!this._canceledDueToError) {
      const results = Array.isArray(this._results) ? this._results : [this._results];
      const statement = results.slice(this.edges.begin ? 1 : 0, this.edges.commit ? -1 : undefined);
      // COMMIT answers ROLLBACK when the transaction had already failed: nothing was written.
      if (this.edges.commit && results.at(-1)?.command !== 'COMMIT') {
        super.handleError(new Error('The transaction was rolled back instead of committed'), connection);
        return;
      }
      this._results = statement.length === 1 ? statement[0]! : statement;
    }
    super.handleReadyForQuery(connection);
  }
}

function sendUnnamed(connection: ProtocolConnection, text: string): void {
  connection.parse({ text });
  connection.bind({});
  connection.execute({});
}

const answered = (command: string): Promise<ResultLike> =>
  Promise.resolve({ command, rowCount: null, rows: [] });

/** Makes `client` hold BEGIN back and send it, and marked COMMITs, with a statement (once per new connection). */
export function pipelineTransactionEdges(client: pg.ClientBase): void {
  const query = client.query.bind(client) as QueryFunction;
  let inTransaction = false;
  let beginHeld = false;
  let committed = false;
  (client as unknown as { query: QueryFunction }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values)) return query(...args);
    if (text === 'begin' && values.length === 0 && !inTransaction) {
      inTransaction = beginHeld = true;
      committed = false;
      return answered('BEGIN');
    }
    if ((text === 'commit' || text === 'rollback') && values.length === 0) {
      const alreadyEnded = beginHeld || committed;
      inTransaction = beginHeld = committed = false;
      // Nothing was sent since BEGIN, or the transaction committed with its last statement.
      return alreadyEnded ? answered(text.toUpperCase()) : query(...args);
    }
    if (committed) {
      return Promise.reject(new Error('A statement came after the one its transaction committed with'));
    }
    const commit = inTransaction && text.endsWith(COMMIT_MARKER);
    if (!beginHeld && !commit) return query(...args);
    const edges = { begin: beginHeld, commit };
    beginHeld = false;
    const run = () =>
      new Promise((resolve, reject) => {
        const edged = new EdgedQuery({ text, values, name: preparedStatementName(text, edges.begin) }, edges);
        let settled = false;
        // pg may call back twice (an error, then the ReadyForQuery that follows a refused Bind): the first counts.
        (edged as unknown as { callback: (error: Error | null, result: unknown) => void }).callback = (
          error,
          result,
        ) => {
          if (settled) return;
          settled = true;
          if (error) return reject(error);
          if (commit) committed = true;
          resolve(result);
        };
        query(edged);
      });
    if (!edges.begin) return run();
    // The transaction's first statement, prepared by a schema that has since changed: nothing else has run in the
    // transaction, so it is rolled back and begun again with the statement under a new name, unseen by the caller.
    return run().catch(async (error: unknown) => {
      if (!isStalePreparedStatement(error)) throw error;
      renewPreparedStatements();
      await query('rollback', []);
      return run();
    });
  };
}
