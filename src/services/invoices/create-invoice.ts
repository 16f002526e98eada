import { randomUUID } from 'node:crypto';
import { type CompiledQuery, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Trx } from '../../db/client.ts';
import { commitWith } from '../../db/pipelined-transactions.ts';
import type { InvoiceLineRow } from '../../db/schema.ts';
import { timelineAuditRows } from '../audit/record-timeline-audit.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { loadDocumentReferences } from '../documents/document-references.ts';
import { documentReferencesRequest, lineColumns } from '../documents/prepare-document-body.ts';
import type { InvoiceInput } from './invoice-input.ts';
import { toInvoiceView } from './invoice-view.ts';
import type { InvoiceRecord } from './load-invoice.ts';
import { invoiceColumns, type PreparedInvoice, prepareInvoice } from './prepare-invoice.ts';
import { invoiceEventRow } from './record-event.ts';

/**
 * Saves a new Draft. Drafts have no number yet: it is assigned when the invoice is issued.
 *
 * Two round trips: BEGIN with one read of everything the input refers to (settings, client, project, tax rates,
 * items), then one statement writing the invoice, its lines, its `created` event and its audit entry, sent with the
 * COMMIT (db/pipelined-transactions.ts). The answer is built from what that statement returns and the references already read, not read again.
 */
export async function createInvoice(deps: ServiceDeps, actor: Actor, input: InvoiceInput) {
  const now = deps.clock.now();
  const draft = { ...input, lines: input.lines ?? [] };
  const { record, totals } = await deps.db.transaction().execute(async (trx) => {
    const references = await loadDocumentReferences(
      trx,
      documentReferencesRequest(draft, null, 'An invoice'),
    );
    const { settings, client, project } = references;
    const prepared = await prepareInvoice(trx, draft, null, settings, now, references);
    const { lines, ...invoice } = await insertDraft(trx, actor, prepared, now);
    const record: InvoiceRecord = {
      invoice,
      lines,
      // prepareInvoice refused the input unless the client exists and owns the project.
      client: { id: invoice.client_id, name: client?.name ?? '', company: client?.company ?? '' },
      project: project && invoice.project_id ? { id: project.id, name: project.name } : null,
      timeZone: settings.time_zone,
      creditNotes: [],
    };
    return { record, totals: prepared.totals };
  });
  // The totals engine ran on the input (nothing paid yet, the figures the view shows): not run again.
  return toInvoiceView(record, now, totals);
}

const createdEvent = (actor: Actor, invoiceId: string, at: Date) =>
  invoiceEventRow(actor, { invoiceId, type: 'created', toStatus: 'draft', at });

/**
 * Writes the invoice, its lines, its `created` event and its audit entry in one statement; answers the rows as
 * stored.
 */
async function insertDraft(trx: Trx, actor: Actor, prepared: PreparedInvoice, now: Date) {
  // The id is chosen here so the inserts need not wait for one another's results.
  const id = randomUUID();
  const event = createdEvent(actor, id, now);
  const withDraftAndEvent = trx
    .with('draft', (db) =>
      db
        .insertInto('invoices')
        .values({
          id,
          ...invoiceColumns(prepared),
          status: 'draft',
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returningAll(),
    )
    .with('created', (db) => db.insertInto('invoice_events').values(event));
  const audit = timelineAuditRows(actor, [event]);
  const withInvoiceAndEvent =
    audit.length > 0
      ? withDraftAndEvent.with('audited', (db) => db.insertInto('audit_log').values(audit))
      : withDraftAndEvent;
  if (prepared.lines.length === 0) {
    const invoice = await firstRow(trx, withInvoiceAndEvent.selectFrom('draft').selectAll().compile());
    return { ...invoice, lines: [] as InvoiceLineRow[] };
  }
  const row = await firstRow(
    trx,
    withInvoiceAndEvent
      .with('new_lines', (db) =>
        db
          .insertInto('invoice_lines')
          .values(
            prepared.lines.map((line, position) => ({ invoice_id: id, ...lineColumns(line, position) })),
          )
          // As loadInvoice reads them: numerics as text (exact), the rest as stored.
          .returning([
            'id',
            'invoice_id',
            'position',
            'description',
            sql<string>`quantity::text`.as('quantity'),
            sql<string>`unit_price::text`.as('unit_price'),
            'discount_kind',
            sql<string | null>`discount_value::text`.as('discount_value'),
            'taxes',
            'unit',
            'item_id',
            'item_code',
          ]),
      )
      .selectFrom('draft')
      .selectAll('draft')
      .select((eb) =>
        jsonArrayFrom(eb.selectFrom('new_lines').selectAll('new_lines').orderBy('new_lines.position')).as(
          'lines',
        ),
      )
      .compile(),
  );
  return { ...row, lines: row.lines as InvoiceLineRow[] };
}

/** Runs the transaction's last statement together with its COMMIT (one round trip fewer); answers its first row. */
async function firstRow<R>(trx: Trx, query: CompiledQuery<R>): Promise<R> {
  const row = (await trx.executeQuery(commitWith(query))).rows[0];
  if (!row) throw new Error('The insert answered no row');
  return row;
}
