import { addDays, daysBetween, dueDateFor, parsePaymentTerms, todayIn } from '../../domain/dates.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { checkClientAndProject } from '../documents/document-input.ts';
import { discountOf, documentTotals } from '../documents/document-totals.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';
import { invoiceColumns, type PreparedLine, writeLines } from './prepare-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';

/**
 * Copies an invoice (in any status) into a new Draft: same client, project, currency, lines, taxes, discount,
 * notes and terms, issued today in the organisation's time zone and due by the same payment terms (a fixed due
 * date keeps the same number of days after the issue date). The copy has no number until it is issued. Taxes are
 * copied as the snapshots the original holds, so the copy bills exactly what the original did; the rounding rules
 * are the organisation's current ones, as for any new invoice.
 */
export async function duplicateInvoice(deps: ServiceDeps, actor: Actor, sourceId: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const source = await loadInvoice(trx, sourceId);
    const { invoice } = source;
    await checkClientAndProject(trx, invoice.client_id, invoice.project_id, { allowArchived: false });

    const issueDate = todayIn(source.timeZone, now);
    const terms = parsePaymentTerms(invoice.payment_terms);
    const dueDate = dueDateFor(
      issueDate,
      terms,
      terms.kind === 'fixed_date'
        ? addDays(issueDate, daysBetween(invoice.issue_date, invoice.due_date))
        : null,
    );
    const lines: PreparedLine[] = source.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unit_price,
      unit: line.unit,
      itemId: line.item_id,
      discount: discountOf(line.discount_kind, line.discount_value),
      taxes: line.taxes,
    }));
    const discount = discountOf(invoice.discount_kind, invoice.discount_value);
    const taxRounding = settings.tax_rounding;
    const invoiceDiscountMode = settings.invoice_discount_mode;
    const totals = documentTotals({
      currency: invoice.currency,
      discount,
      taxes: invoice.taxes,
      taxRounding,
      invoiceDiscountMode,
      amountPaid: 0n,
      lines,
    });
    const { id } = await trx
      .insertInto('invoices')
      .values({
        ...invoiceColumns({
          clientId: invoice.client_id,
          projectId: invoice.project_id,
          currency: invoice.currency,
          issueDate,
          dueDate,
          paymentTerms: invoice.payment_terms,
          discount,
          taxes: invoice.taxes,
          notes: invoice.notes,
          terms: invoice.terms,
          lines,
          taxRounding,
          invoiceDiscountMode,
          totals,
        }),
        status: 'draft',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeLines(trx, id, lines, { replace: false });
    await recordInvoiceEvent(trx, actor, {
      invoiceId: id,
      type: 'created',
      toStatus: 'draft',
      data: { duplicatedFrom: { id: invoice.id, number: invoice.number } },
      at: now,
    });
    await recordInvoiceEvent(trx, actor, {
      invoiceId: invoice.id,
      type: 'duplicated',
      data: { duplicateId: id },
      at: now,
    });
    return toInvoiceView(await loadInvoice(trx, id), now);
  });
}
