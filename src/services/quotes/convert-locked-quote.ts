import type { Trx } from '../../db/client.ts';
import { todayIn } from '../../domain/dates.ts';
import { nextQuoteStatus } from '../../domain/quote-status.ts';
import type { Actor } from '../context.ts';
import { checkClientAndProject } from '../documents/document-input.ts';
import { computeDocumentTotals } from '../documents/document-view.ts';
import { preparedLinesOf } from '../documents/prepare-document-body.ts';
import { type ContactActor, recordDocumentEvent } from '../documents/record-document-event.ts';
import { resolveDates } from '../invoices/invoice-input.ts';
import { issueInvoice } from '../invoices/issue-invoice.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { writeLines } from '../invoices/prepare-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { QuoteRecord } from './load-quote.ts';
import { quoteDates } from './quote-dates.ts';

/**
 * Turns an accepted quote into an invoice inside the caller's transaction; `record` must have been loaded with the
 * row lock, so a concurrent accept, decline or second conversion waits and then finds the quote invoiced (409).
 * The invoice gets the quote's lines, taxes, discount, rounding rules (so the same figures), notes, terms and project,
 * today's issue date and the default payment terms; it is a Draft, or issued (numbered, Sent) with `issue`. Both
 * documents point at each other and the quote becomes Invoiced.
 */
export async function convertLockedQuote(
  trx: Trx,
  actor: Actor | ContactActor,
  record: QuoteRecord,
  now: Date,
  options: { issue: boolean },
): Promise<{ invoiceId: string }> {
  const { quote } = record;
  const status = nextQuoteStatus(quote.status, 'convert', quoteDates(record, now));
  const settings = await getSettings(trx);
  // A client archived since the quote was accepted gets no new invoice (restore it first): 422 on clientId.
  await checkClientAndProject(trx, quote.client_id, quote.project_id, { allowArchived: false });
  const dates = resolveDates({ issueDate: todayIn(settings.time_zone, now) }, null, settings, now);
  const totals = computeDocumentTotals(quote, record.lines);
  const staff = actor.type === 'contact' ? null : actor;
  const { id: invoiceId } = await trx
    .insertInto('invoices')
    .values({
      status: 'draft',
      client_id: quote.client_id,
      project_id: quote.project_id,
      currency: quote.currency,
      issue_date: dates.issueDate,
      due_date: dates.dueDate,
      payment_terms: dates.paymentTerms,
      discount_kind: quote.discount_kind,
      discount_value: quote.discount_value,
      taxes: JSON.stringify(quote.taxes),
      notes: quote.notes,
      terms: quote.terms,
      tax_rounding: quote.tax_rounding,
      invoice_discount_mode: quote.invoice_discount_mode,
      total_minor: totals.total,
      quote_id: quote.id,
      created_by: staff?.userId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLines(trx, invoiceId, preparedLinesOf(record.lines), { replace: false });
  // Invoice events take staff or the system as actor; a client's acceptance that converts is the system acting.
  const invoiceActor: Actor = staff ?? {
    type: 'system',
    id: null,
    name: 'Remit',
    role: 'admin',
    userId: null,
  };
  await recordInvoiceEvent(trx, invoiceActor, {
    invoiceId,
    type: 'created',
    toStatus: 'draft',
    data: { fromQuote: { id: quote.id, number: quote.number } },
    at: now,
  });
  await trx
    .updateTable('quotes')
    .set({ status, invoice_id: invoiceId, updated_at: now })
    .where('id', '=', quote.id)
    .execute();
  await recordDocumentEvent(trx, actor, {
    kind: 'quote',
    documentId: quote.id,
    type: 'status_changed',
    fromStatus: quote.status,
    toStatus: status,
    data: { action: 'convert', invoiceId, issue: options.issue },
    at: now,
  });
  if (options.issue) {
    await issueInvoice(
      trx,
      invoiceActor,
      await loadInvoice(trx, invoiceId, { lock: true }),
      now,
      'mark_sent',
    );
  }
  return { invoiceId };
}
