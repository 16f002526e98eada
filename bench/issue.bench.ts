/**
 * Issuing benchmark: `npm run bench:issue`.
 *
 * Concurrent issuing of 10-line drafts in one number series, which queue on its counter row: the row stays locked
 * from the moment a number is taken until the issuing transaction commits (that is what keeps numbers gapless), so
 * how long issuing holds it bounds how many invoices a series can issue per second. Two contenders, measured in
 * interleaved rounds on the same database:
 *   - Remit: `markInvoiceSent` (load and lock the draft, checks, totals, settings, number, writes);
 *   - baseline: raw `pg` transactions doing the least gapless issuing can do: lock the draft, take the number,
 *     write the invoice and its event, commit.
 *
 * Environment: BENCH_ISSUES (drafts issued per contender and round, default 300), BENCH_ROUNDS (default 3),
 * BENCH_CONNECTIONS (concurrent issuers, default 10), DATABASE_URL (as for bench:api).
 */
import os from 'node:os';
import pg from 'pg';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import { systemClock } from '../src/ports.ts';
import { createClient } from '../src/services/clients/create-client.ts';
import { type ServiceDeps, systemActor } from '../src/services/context.ts';
import { createInvoice } from '../src/services/invoices/create-invoice.ts';
import { markInvoiceSent } from '../src/services/invoices/mark-invoice-sent.ts';
import { openBenchDatabase } from './lib/database.ts';
import { cleanup, envInteger, onCleanup, progress } from './lib/run.ts';

const ISSUES = envInteger('BENCH_ISSUES', 300);
const ROUNDS = envInteger('BENCH_ROUNDS', 3);
const CONNECTIONS = envInteger('BENCH_CONNECTIONS', 10);

/** The least a gapless issue does, in one transaction: what the counter's lock cannot be shorter than. */
async function rawIssue(pool: pg.Pool, id: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select id from invoices where id = $1 for update`, [id]);
    const counter = await client.query<{ last_value: string }>(
      `insert into invoice_counters (scope, last_value) values ('2026', 1)
       on conflict (scope) do update set last_value = invoice_counters.last_value + 1 returning last_value`,
    );
    const number = `INV-2026-${counter.rows[0]!.last_value.padStart(4, '0')}`;
    await client.query(
      `update invoices set status = 'sent', number = $2, sent_at = now(), updated_at = now() where id = $1`,
      [id, number],
    );
    await client.query(
      `insert into invoice_events (invoice_id, type, from_status, to_status, actor_type, actor_id, actor_name, data)
       values ($1, 'status_changed', 'draft', 'sent', 'system', null, 'bench', $2)`,
      [id, JSON.stringify({ number, action: 'mark_sent' })],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

async function issueAll(ids: string[], issue: (id: string) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < ids.length) await issue(ids[next++]!);
    }),
  );
  return ids.length / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const database = await openBenchDatabase(progress);
  onCleanup(() => database.dispose());
  const handle = connectDatabase(database.url, { max: CONNECTIONS });
  onCleanup(() => handle.close());
  await migrateToLatest(handle.db);
  const pool = new pg.Pool({ connectionString: database.url, max: CONNECTIONS });
  pool.on('error', () => {});
  onCleanup(() => pool.end());
  const deps: ServiceDeps = { db: handle.db, clock: systemClock };
  const client = await createClient(deps, { name: 'Bench Issuing Ltd' });
  const lines = Array.from({ length: 10 }, (_, index) => ({
    description: `Work package ${index + 1}`,
    quantity: String(index + 1),
    unitPrice: '120.50',
  }));
  const drafts = async () => {
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (ids.length < ISSUES) {
          ids.push(
            (await createInvoice(deps, systemActor, { clientId: client.id, issueDate: '2026-03-02', lines }))
              .id,
          );
        }
      }),
    );
    return ids;
  };

  const remit: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    progress(`round ${round + 1} of ${ROUNDS}`);
    remit.push(await issueAll(await drafts(), (id) => markInvoiceSent(deps, systemActor, id)));
    raw.push(await issueAll(await drafts(), (id) => rawIssue(pool, id)));
  }
  const gaps = await pool.query<{ n: string; max: string }>(
    `select count(*) as n, max(last_value) as max from invoices, invoice_counters
     where invoice_counters.scope = '2026' and invoices.number is not null`,
  );
  if (gaps.rows[0]!.n !== gaps.rows[0]!.max)
    throw new Error(`numbers have gaps: ${JSON.stringify(gaps.rows[0])}`);

  const report = [
    `Issuing 10-line drafts in one series, ${CONNECTIONS} at once (median of ${ROUNDS} rounds of ${ISSUES}; ` +
      `${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, ${database.description})`,
    `  Remit markInvoiceSent:            ${median(remit).toFixed(0)} issues/s (rounds: ${remit.map((r) => r.toFixed(0)).join(', ')})`,
    `  raw pg, least gapless issuing:    ${median(raw).toFixed(0)} issues/s (rounds: ${raw.map((r) => r.toFixed(0)).join(', ')})`,
    `  ratio Remit / raw: ${(median(remit) / median(raw)).toFixed(2)}`,
  ];
  process.stdout.write(`${report.join('\n')}\n`);
}

try {
  await main();
} finally {
  await cleanup();
}
