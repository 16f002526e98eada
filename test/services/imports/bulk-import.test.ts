/**
 * 10,000 invoice rows (with 1,000 new clients and 5,000 payments) import through the service in seconds, against a
 * baseline measured in the same run: the same rows written by bare set-based SQL, no checks. Prints both figures.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext } from '../../../src/services/context.ts';
import { importClients } from '../../../src/services/imports/import-clients.ts';
import { importInvoices } from '../../../src/services/imports/import-invoices.ts';
import { TestClock } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

let database: TestDatabase;
const ROWS = 10_000;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

function invoiceFile(): Buffer {
  const lines = ['Number,Client,Client email,Date,Due,Description,Qty,Unit price,Tax rate,Total,Paid'];
  for (let i = 1; i <= ROWS; i += 1) {
    const client = i % 1000;
    // 2 × 45.50 + 10 % tax = 100.10
    lines.push(
      `OLD-${i},"Client ${client}, Ltd",c${client}@example.com,2025-0${(i % 9) + 1}-1${i % 10},,"Work ${i}",2,45.50,10,100.10,${i % 2 ? '100.10' : ''}`,
    );
  }
  return Buffer.from(lines.join('\n'));
}

it(`imports ${ROWS} invoice rows in seconds, all or nothing`, async () => {
  const deps = { db: database.db, clock: new TestClock() };
  const file = invoiceFile();
  const dryStarted = performance.now();
  const dry = await importInvoices(deps, systemContext, { file, options: {}, mapping: {}, dryRun: true });
  const dryMs = performance.now() - dryStarted;
  expect(dry.valid).toBe(true);
  const started = performance.now();
  const result = await importInvoices(deps, systemContext, { file, options: {}, mapping: {}, dryRun: false });
  const importMs = performance.now() - started;
  expect(result.badRows).toBe(0);
  expect(result.created).toEqual({ invoices: ROWS, lines: ROWS, payments: ROWS / 2, clients: 1000 });

  const clientsFile = Buffer.from(
    ['Name,Email', ...Array.from({ length: ROWS }, (_, i) => `Other ${i},other${i}@example.com`)].join('\n'),
  );
  const clientsStarted = performance.now();
  const clients = await importClients(deps, systemContext, {
    file: clientsFile,
    options: {},
    mapping: {},
    dryRun: false,
  });
  const clientsMs = performance.now() - clientsStarted;
  expect(clients.created.clients).toBe(ROWS);

  // Baseline: the same number of invoices and lines written by bare SQL, in the same database and run.
  const baselineStarted = performance.now();
  await database.db.transaction().execute(async (trx) => {
    await sql`
      insert into invoices (id, number, status, client_id, currency, issue_date, due_date, payment_terms, taxes, notes,
        terms, tax_rounding, invoice_discount_mode, total_minor, created_at, updated_at)
      select gen_random_uuid(), 'BASE-' || g, 'sent', (select id from clients limit 1), 'USD', date '2025-01-10',
        date '2025-02-10', 'net_30', '[]', '', '', 'per_document', 'before_tax', 10010, now(), now()
      from generate_series(1, ${ROWS}) as g`.execute(trx);
    await sql`
      insert into invoice_lines (invoice_id, position, description, quantity, unit_price, taxes)
      select id, 0, 'Work', 2, 45.50, '[{"taxRateId":null,"name":"Tax 10%","rate":"10","inclusive":false,"compound":false}]'
      from invoices where number like 'BASE-%'`.execute(trx);
  });
  const baselineMs = performance.now() - baselineStarted;
  console.log(
    `import of ${ROWS} invoice rows: ${Math.round(importMs)} ms (dry run ${Math.round(dryMs)} ms); ${ROWS} client rows: ${Math.round(clientsMs)} ms; ` +
      `bare SQL baseline (invoices + lines): ${Math.round(baselineMs)} ms; ratio ${(importMs / baselineMs).toFixed(1)}`,
  );
  expect(importMs).toBeLessThan(60_000);
}, 120_000);
