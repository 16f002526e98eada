import { nextStatus } from '../../domain/invoice-status.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { preparedLinesOf } from '../documents/prepare-document-body.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { InvoiceInput } from './invoice-input.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';
import { invoiceColumns, prepareInvoice, writeLines } from './prepare-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';
import { type RevisionOptions, reviseInvoice } from './revise-invoice.ts';

/**
 * Edits an invoice. Lines, when given, replace the invoice's lines as a whole (in the order given).
 * A Draft is edited in place; an issued invoice gets a new revision that keeps every earlier version
 * (`reviseInvoice`), and paid or void invoices cannot be edited. `revision` only applies to issued invoices.
 */
export async function updateInvoice(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  input: InvoiceInput,
  revision: RevisionOptions = {},
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const record = await loadInvoice(trx, id, { lock: true });
    nextStatus(record.invoice.status, 'edit');
    if (record.invoice.status !== 'draft') {
      await reviseInvoice(trx, actor, record, input, revision, settings, now);
      return toInvoiceView(await loadInvoice(trx, id), now);
    }
    const current = {
      row: record.invoice,
      lines: preparedLinesOf(record.lines),
    };
    const prepared = await prepareInvoice(trx, input, current, settings, now);
    await trx
      .updateTable('invoices')
      .set({ ...invoiceColumns(prepared), updated_at: now })
      .where('id', '=', id)
      .execute();
    if (input.lines) await writeLines(trx, id, prepared.lines, { replace: true });
    await recordInvoiceEvent(trx, actor, {
      invoiceId: id,
      type: 'updated',
      data: { fields: Object.keys(input).sort() },
      at: now,
    });
    return toInvoiceView(await loadInvoice(trx, id), now);
  });
}
