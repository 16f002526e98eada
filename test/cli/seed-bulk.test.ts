import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedBulk } from '../../src/cli/seed-bulk/seed-bulk.ts';
import { todayIn } from '../../src/domain/dates.ts';
import { effectiveStatus } from '../../src/domain/invoice-status.ts';
import { DEFAULT_NUMBER_PATTERN, formatDocumentNumber } from '../../src/domain/numbering.ts';
import { discountOf, documentTotals } from '../../src/services/documents/document-totals.ts';
import { getInvoice } from '../../src/services/invoices/get-invoice.ts';
import { TestClock } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
const clock = new TestClock();

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = { db: database.db, clock };
  // Two runs: the second continues the first one's counters.
  await seedBulk(deps, { invoices: 1500, clients: 40, batchSize: 400 });
  await seedBulk(deps, { invoices: 900, clients: 25, seed: 7, batchSize: 1000 });
}, 120_000);

afterAll(async () => {
  await database.close();
});

it('writes the invoices, clients and contacts asked for', async () => {
  const counts = await sql<{
    invoices: number;
    clients: number;
    without_contacts: number;
    currencies: number;
  }>`
    select (select count(*)::int from invoices) as invoices, (select count(*)::int from clients) as clients,
      (select count(*)::int from clients c where not exists (select 1 from contacts k where k.client_id = c.id))
        as without_contacts,
      (select count(distinct currency)::int from invoices) as currencies
  `.execute(database.db);
  expect(counts.rows[0]).toEqual({ invoices: 2400, clients: 65, without_contacts: 0, currencies: 5 });
});

it('stores for every sampled invoice the totals engine figures and the sum of its payments', async () => {
  const sample = await database.db
    .selectFrom('invoices')
    .selectAll()
    .orderBy(sql`md5(id::text)`)
    .limit(300)
    .execute();
  for (const invoice of sample) {
    const lines = await database.db
      .selectFrom('invoice_lines')
      .selectAll()
      .where('invoice_id', '=', invoice.id)
      .orderBy('position')
      .execute();
    const payments = await database.db
      .selectFrom('payments')
      .select(sql<string>`coalesce(sum(amount_minor - refunded_minor), 0)::text`.as('paid'))
      .where('invoice_id', '=', invoice.id)
      .where('status', '=', 'succeeded')
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    const totals = documentTotals({
      currency: invoice.currency,
      discount: discountOf(invoice.discount_kind, invoice.discount_value),
      taxes: invoice.taxes,
      taxRounding: invoice.tax_rounding,
      invoiceDiscountMode: invoice.invoice_discount_mode,
      amountPaid: invoice.amount_paid_minor,
      lines: lines.map((line) => ({
        quantity: line.quantity,
        unitPrice: line.unit_price,
        discount: discountOf(line.discount_kind, line.discount_value),
        taxes: line.taxes,
      })),
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(invoice.total_minor).toBe(totals.total);
    expect(invoice.amount_paid_minor).toBe(BigInt(payments.paid));
    const balance = totals.balanceDue;
    if (invoice.status === 'paid') expect(balance).toBe(0n);
    if (invoice.status === 'partially_paid')
      expect(balance > 0n && invoice.amount_paid_minor > 0n).toBe(true);
    if (['draft', 'sent', 'viewed', 'void'].includes(invoice.status))
      expect(invoice.amount_paid_minor).toBe(0n);
    expect(invoice.number === null).toBe(invoice.status === 'draft');
  }
  // The whole view (what the API returns) loads for them too.
  const first = sample[0]!;
  const view = await getInvoice({ db: database.db, clock }, first.id);
  expect(view.totals.total.replace('.', '')).toBe(first.total_minor.toString());
});

it('gives gapless numbers per year, continuing the counters, as the number pattern writes them', async () => {
  const numbered = await database.db
    .selectFrom('invoices')
    .select(['number', 'issue_date'])
    .where('number', 'is not', null)
    .execute();
  const byYear = new Map<string, { number: string; issueDate: string }[]>();
  for (const row of numbered) {
    const year = row.issue_date.slice(0, 4);
    byYear.set(year, [...(byYear.get(year) ?? []), { number: row.number!, issueDate: row.issue_date }]);
  }
  const counters = await database.db.selectFrom('invoice_counters').selectAll().execute();
  expect(counters.map((c) => c.scope).sort()).toEqual([...byYear.keys()].sort());
  for (const counter of counters) {
    const rows = byYear.get(counter.scope)!;
    expect(BigInt(rows.length)).toBe(counter.last_value);
    const sequences = rows.map((row) => Number(row.number.split('-').at(-1))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    for (const row of rows) {
      const sequence = Number(row.number.split('-').at(-1));
      expect(row.number).toBe(formatDocumentNumber(DEFAULT_NUMBER_PATTERN, sequence, row.issueDate));
    }
  }
});

it('mixes every status a list shows, overdue included', async () => {
  const rows = await database.db
    .selectFrom('invoices')
    .select(['status', 'due_date', 'total_minor', 'amount_paid_minor', 'amount_credited_minor'])
    .execute();
  const today = todayIn('UTC', clock.now());
  const shown = new Set(
    rows.map((row) =>
      effectiveStatus(
        row.status,
        row.due_date,
        today,
        row.total_minor - row.amount_paid_minor - row.amount_credited_minor,
      ),
    ),
  );
  expect([...shown].sort()).toEqual(['draft', 'overdue', 'paid', 'partially_paid', 'sent', 'viewed', 'void']);
});
