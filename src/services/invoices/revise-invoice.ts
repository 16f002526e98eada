import type { Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';
import { formatMinor } from '../../domain/currency.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { nextStatus } from '../../domain/invoice-status.ts';
import { checkIssuable } from '../../domain/issue-rules.ts';
import type { Actor } from '../context.ts';
import { preparedLinesOf } from '../documents/prepare-document-body.ts';
import { authorOf, saveRevision } from '../documents/revisions.ts';
import type { InvoiceInput } from './invoice-input.ts';
import { invoiceRevisionStore, issuingOf } from './invoice-revisions.ts';
import { snapshotOf } from './invoice-snapshot.ts';
import { type InvoiceRecord, loadInvoice } from './load-invoice.ts';
import { invoiceColumns, prepareInvoice, writeLines } from './prepare-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';

export interface RevisionOptions {
  /** Why the invoice was changed, kept with the revision. */
  note?: string;
  /** Staff asked for the updated invoice to be emailed to the client; recorded on the `revised` event. */
  sendUpdated?: boolean;
}

/**
 * Saves an edit of an issued invoice as a new revision. Every version stays in `invoice_revisions` (the first
 * edit also stores the invoice as it was issued, revision 1); the invoice row and its lines hold the latest, which
 * is what the client sees. The number never changes. The caller has locked the invoice.
 */
export async function reviseInvoice(
  trx: Trx,
  actor: Actor,
  record: InvoiceRecord,
  input: InvoiceInput,
  options: RevisionOptions,
  settings: SettingsRow,
  now: Date,
): Promise<void> {
  const { invoice } = record;
  // Paid and void invoices are closed: the status table refuses the edit (409).
  nextStatus(invoice.status, 'edit');
  // An issued credit note refers to the invoice as it was: later corrections are credit notes too.
  if ((record.creditNotes ?? []).some((note) => note.status === 'issued')) {
    throw new ConflictError(
      'invoice_credited',
      'This invoice has issued credit notes, which refer to it as it is: correct it with another credit note',
    );
  }
  if (input.currency !== undefined && input.currency !== invoice.currency) {
    throw new ValidationError(
      'currency',
      `The currency of an issued invoice cannot change (it is ${invoice.currency}, and payments are counted in it); ` +
        'void it and issue a new one instead',
    );
  }
  if (input.clientId !== undefined && input.clientId !== invoice.client_id) {
    throw new ValidationError(
      'clientId',
      'An issued invoice stays with its client; void it and issue a new one for the other client',
    );
  }

  const current = {
    row: invoice,
    lines: preparedLinesOf(record.lines),
  };
  const prepared = await prepareInvoice(trx, input, current, settings, now);
  checkIssuable(
    {
      lineCount: prepared.lines.length,
      total: prepared.totals.total,
      exponent: prepared.totals.exponent,
      currency: invoice.currency,
    },
    'revise',
  );
  const paid = invoice.amount_paid_minor;
  if (prepared.totals.total < paid) {
    const money = (minor: bigint) => formatMinor(minor, prepared.totals.exponent);
    throw new ValidationError(
      'lines',
      `The new total of ${money(prepared.totals.total)} ${invoice.currency} would be less than the ` +
        `${money(paid)} ${invoice.currency} already paid; refund or delete payments first`,
    );
  }
  // Lowering the total to exactly what was paid settles the invoice.
  const status =
    paid > 0n && prepared.totals.total === paid
      ? nextStatus(invoice.status, 'record_full_payment')
      : invoice.status;

  await trx
    .updateTable('invoices')
    .set({ ...invoiceColumns(prepared), status, updated_at: now })
    .where('id', '=', invoice.id)
    .execute();
  if (input.lines) await writeLines(trx, invoice.id, prepared.lines, { replace: true });
  const note = options.note?.trim() ?? '';
  const revision = await saveRevision(trx, invoiceRevisionStore, invoice.id, {
    original: { snapshot: snapshotOf(record), firstVersion: () => issuingOf(trx, invoice) },
    snapshot: snapshotOf(await loadInvoice(trx, invoice.id)),
    note,
    author: authorOf(actor),
    createdBy: actor.userId,
    at: now,
  });

  await recordInvoiceEvent(trx, actor, {
    invoiceId: invoice.id,
    type: 'revised',
    data: {
      revision,
      fields: Object.keys(input).sort(),
      note,
      sendUpdated: options.sendUpdated ?? false,
      total: formatMinor(prepared.totals.total, prepared.totals.exponent),
    },
    at: now,
  });
  if (status !== invoice.status) {
    await recordInvoiceEvent(trx, actor, {
      invoiceId: invoice.id,
      type: 'status_changed',
      fromStatus: invoice.status,
      toStatus: status,
      data: { action: 'record_full_payment', cause: 'revised', revision },
      at: now,
    });
  }
}
