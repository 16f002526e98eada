import { type RawBuilder, sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import type { StoredTax } from '../../db/schema.ts';
import { documentTaxFigures } from '../../domain/reports/tax-figures.ts';
import { discountOf, documentTotals } from '../documents/document-totals.ts';

export type TaxDocumentKind = 'invoice' | 'credit_note';

/** Documents computed per transaction while filling. */
const FILL_BATCH = 2000;

const TABLES = {
  invoice: { body: 'invoices', lines: 'invoice_lines', owner: 'invoice_id' },
  credit_note: { body: 'credit_notes', lines: 'credit_note_lines', owner: 'credit_note_id' },
} as const;

interface BodyRow {
  id: string;
  currency: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: StoredTax[];
  tax_rounding: 'per_document' | 'per_line';
  invoice_discount_mode: 'before_tax' | 'after_tax';
}

interface LineRow {
  owner_id: string;
  quantity: string;
  unit_price: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: StoredTax[];
}

export interface FillOptions {
  /** Runs in each batch's transaction with the ids it filled (e.g. to take them off a work list). */
  onBatch?: (trx: Trx, ids: string[]) => Promise<void>;
  /** Looked at between batches: true stops filling (the rest is left for later). */
  shouldStop?: () => boolean;
}

/**
 * Makes sure every document of `kind` whose id `candidates` (a query of one column `id`) yields has its figures per
 * tax in document_tax_amounts (migration 029), computing the missing ones with the totals engine. Each batch locks
 * its documents FOR SHARE before reading them, so it waits for an edit in progress and then reads its result.
 */
export async function fillDocumentTaxAmounts(
  db: Db,
  kind: TaxDocumentKind,
  candidates: RawBuilder<unknown>,
  options: FillOptions = {},
): Promise<number> {
  let filled = 0;
  for (;;) {
    const ids = await db.transaction().execute(async (trx) => {
      const batch = await fillBatch(trx, kind, candidates);
      if (batch.length > 0) await options.onBatch?.(trx, batch);
      return batch;
    });
    filled += ids.length;
    if (ids.length < FILL_BATCH || options.shouldStop?.()) return filled;
  }
}

async function fillBatch(
  trx: Trx,
  kind: TaxDocumentKind,
  candidates: RawBuilder<unknown>,
): Promise<string[]> {
  const table = TABLES[kind];
  const bodies = await sql<BodyRow>`
    select d.id, d.currency, d.discount_kind, d.discount_value::text as discount_value, d.taxes, d.tax_rounding,
           d.invoice_discount_mode
    from ${sql.table(table.body)} as d
    where d.id in (
      select c.id from (${candidates}) as c
      where not exists (
        select 1 from document_tax_amounts as t where t.document_kind = ${kind} and t.document_id = c.id)
      limit ${FILL_BATCH})
    for share of d`.execute(trx);
  const ids = bodies.rows.map((row) => row.id);
  if (ids.length === 0) return ids;
  const lines = await sql<LineRow>`
    select l.${sql.ref(table.owner)} as owner_id, l.quantity::text as quantity, l.unit_price::text as unit_price,
           l.discount_kind, l.discount_value::text as discount_value, l.taxes
    from ${sql.table(table.lines)} as l
    where l.${sql.ref(table.owner)} = any(${ids}::uuid[])
    order by l.${sql.ref(table.owner)}, l.position`.execute(trx);
  const linesOf = new Map<string, LineRow[]>();
  for (const line of lines.rows) {
    const list = linesOf.get(line.owner_id) ?? [];
    list.push(line);
    linesOf.set(line.owner_id, list);
  }

  const rows: Record<string, unknown>[] = [];
  for (const body of bodies.rows) {
    const bodyLines = linesOf.get(body.id) ?? [];
    const totals = documentTotals({
      currency: body.currency,
      discount: discountOf(body.discount_kind, body.discount_value),
      taxes: body.taxes,
      taxRounding: body.tax_rounding,
      invoiceDiscountMode: body.invoice_discount_mode,
      amountPaid: 0n,
      lines: bodyLines.map((line) => ({
        quantity: line.quantity,
        unitPrice: line.unit_price,
        discount: discountOf(line.discount_kind, line.discount_value),
        taxes: line.taxes,
      })),
    });
    const figures = documentTaxFigures(totals.taxes, [
      ...body.taxes,
      ...bodyLines.flatMap((line) => line.taxes),
    ]);
    if (figures.length === 0) rows.push({ document_kind: kind, document_id: body.id, position: 0 });
    figures.forEach((figure, position) => {
      rows.push({
        document_kind: kind,
        document_id: body.id,
        position,
        tax_rate_id: figure.taxRateId,
        name: figure.name,
        rate: figure.rate,
        inclusive: figure.inclusive,
        compound: figure.compound,
        taxable_minor: figure.taxableMinor,
        tax_minor: figure.taxMinor,
      });
    });
  }
  for (let start = 0; start < rows.length; start += 5000) {
    await trx
      .insertInto('document_tax_amounts')
      .values(rows.slice(start, start + 5000) as never)
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
  return ids;
}
