import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { StoredTax } from '../../db/schema.ts';
import { addDays, todayIn } from '../../domain/dates.ts';
import { validateNumberPattern } from '../../domain/numbering.ts';
import type { Clock } from '../../ports.ts';
import { getSettings } from '../../services/settings/get-settings.ts';
import { type CurrencyTaxes, makeTemplates, randomSource } from './document-templates.ts';
import { seedClients } from './seed-clients.ts';
import { createTemplateTables, type InvoiceBatchPlan, seedInvoiceBatch } from './seed-invoices.ts';

/**
 * `remit seed-bulk`: a large, realistic data set written set-based into the configured database, for benchmarks and
 * for trying Remit at scale. It adds to what is there: numbers continue the organisation's counters.
 */
export interface SeedBulkOptions {
  invoices: number;
  clients: number;
  /** Another seed gives other names, statuses and amounts; the same seed gives the same data again. */
  seed?: number;
  /** Invoices per transaction. */
  batchSize?: number;
  /** Days of history: invoices are issued from this many days ago until today. */
  historyDays?: number;
  /** Told after each batch. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedBulkResult {
  clients: number;
  invoices: number;
  lines: number;
  payments: number;
  seconds: number;
}

const TEMPLATES_PER_CURRENCY = 256;

async function taxRate(db: Db, name: string, rate: string, inclusive = false): Promise<StoredTax> {
  const existing = await db
    .selectFrom('tax_rates')
    .select('id')
    .where('name', '=', name)
    .where('rate', '=', rate)
    .where('inclusive', '=', inclusive)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  const id =
    existing?.id ??
    (
      await db
        .insertInto('tax_rates')
        .values({ name, rate, inclusive, compound: false, is_default: false })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return { taxRateId: id, name, rate, inclusive, compound: false };
}

/** The taxes of each currency's invoices: VAT in Europe, GST and QST in Canada, consumption tax in Japan. */
async function currencyTaxes(db: Db): Promise<Record<string, CurrencyTaxes>> {
  const [vatUk, vatUkReduced, vatDe, vatDeReduced, vatDeIncluded, gst, qst, salesTax, jct] = [
    await taxRate(db, 'VAT', '20'),
    await taxRate(db, 'VAT', '5'),
    await taxRate(db, 'MwSt', '19'),
    await taxRate(db, 'MwSt', '7'),
    await taxRate(db, 'MwSt', '19', true),
    await taxRate(db, 'GST', '5'),
    await taxRate(db, 'QST', '9.975'),
    await taxRate(db, 'Sales tax', '8.875'),
    await taxRate(db, 'Consumption tax', '10'),
  ];
  return {
    USD: { documentSets: [[], [], [salesTax!]], reducedLineTax: null },
    EUR: { documentSets: [[vatDe!], [vatDe!], [vatDeIncluded!]], reducedLineTax: vatDeReduced! },
    GBP: { documentSets: [[vatUk!]], reducedLineTax: vatUkReduced! },
    CAD: { documentSets: [[gst!, qst!], [gst!]], reducedLineTax: null },
    JPY: { documentSets: [[jct!]], reducedLineTax: null },
  };
}

async function countRows(db: Db) {
  const row = await sql<{ clients: string; invoices: string; lines: string; payments: string }>`
    select (select count(*) from clients) as clients, (select count(*) from invoices) as invoices,
      (select count(*) from invoice_lines) as lines, (select count(*) from payments) as payments
  `.execute(db);
  const counts = row.rows[0]!;
  return {
    clients: Number(counts.clients),
    invoices: Number(counts.invoices),
    lines: Number(counts.lines),
    payments: Number(counts.payments),
  };
}

export async function seedBulk(
  deps: { db: Db; clock: Clock },
  options: SeedBulkOptions,
): Promise<SeedBulkResult> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const settings = await getSettings(deps.db);
  validateNumberPattern(settings.invoice_number_pattern);
  const today = todayIn(settings.time_zone, deps.clock.now());
  const before = await countRows(deps.db);
  const templates = makeTemplates(await currencyTaxes(deps.db), TEMPLATES_PER_CURRENCY, randomSource(seed));
  const batchSize = options.batchSize ?? 25_000;
  // Temporary tables live on one connection: the whole run holds one.
  await deps.db.connection().execute(async (db) => {
    await db.transaction().execute((trx) => seedClients(trx, options.clients, today, seed));
    await createTemplateTables(db, templates);
    const plan: InvoiceBatchPlan = {
      total: options.invoices,
      firstDay: addDays(today, -(options.historyDays ?? 3 * 365)),
      today,
      perCurrency: TEMPLATES_PER_CURRENCY,
      clientCount: options.clients,
      seed,
      pattern: settings.invoice_number_pattern,
    };
    for (let from = 0; from < options.invoices; from += batchSize) {
      const to = Math.min(options.invoices, from + batchSize);
      await seedInvoiceBatch(db, plan, from, to);
      options.onProgress?.(to, options.invoices);
    }
    await sql`drop table seed_batch, seed_template_lines, seed_templates, seed_clients`.execute(db);
  });
  // The planner needs to know the tables grew before the first list is read.
  await sql`analyze clients, contacts, invoices, invoice_lines, payments, invoice_counters`.execute(deps.db);
  const after = await countRows(deps.db);
  return {
    clients: after.clients - before.clients,
    invoices: after.invoices - before.invoices,
    lines: after.lines - before.lines,
    payments: after.payments - before.payments,
    seconds: (performance.now() - started) / 1000,
  };
}
