import { ConflictError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { documentBodyColumns } from '../documents/prepare-document-body.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { getSettings } from '../settings/get-settings.ts';
import { writtenOut } from './credit-lines.ts';
import { resolveCreditDate, type UpdateCreditNoteInput } from './credit-note-input.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { lockCreditNoteAndInvoice } from './issue-credit-note.ts';
import { loadCreditNote } from './load-credit-note.ts';
import { prepareCreditNote, writeCreditLines } from './prepare-credit-note.ts';

/**
 * Edits a Draft: reason, notes, date and, when given, all its lines (each may name the invoice line it credits).
 * The limits are checked again, under the invoice's lock. Issued credit notes are final.
 */
export async function updateCreditNote(
  deps: ServiceDeps,
  actor: Actor,
  creditNoteId: string,
  input: UpdateCreditNoteInput,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { invoice: invoiceRecord, note: record } = await lockCreditNoteAndInvoice(trx, creditNoteId);
    const { note } = record;
    if (note.status !== 'draft') {
      throw new ConflictError(
        'invalid_transition',
        `Credit note ${note.number ?? ''} is issued and cannot be changed: write another credit note instead`,
      );
    }
    const settings = await getSettings(trx);
    const lines =
      input.lines ??
      record.lines.map((line) => ({
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unit_price,
        unit: line.unit,
        itemId: line.item_id,
        discount:
          line.discount_kind && line.discount_value
            ? { kind: line.discount_kind, value: line.discount_value }
            : null,
        taxes: writtenOut(line.taxes),
        invoiceLineId: line.invoice_line_id,
      }));
    const prepared = await prepareCreditNote(
      trx,
      invoiceRecord,
      {
        lines,
        // Lines kept as they are keep their tax snapshots.
        lineTaxes: input.lines ? [] : record.lines.map((line) => line.taxes),
        taxes: note.taxes,
        discount:
          note.discount_kind && note.discount_value
            ? { kind: note.discount_kind, value: note.discount_value }
            : null,
        notes: input.notes ?? note.notes,
      },
      settings,
      { exceptId: note.id, field: 'lines' },
    );
    const issueDate = resolveCreditDate(
      input.issueDate,
      note.issue_date,
      invoiceRecord.invoice.issue_date,
      invoiceRecord.timeZone,
      now,
    );
    await trx
      .updateTable('credit_notes')
      .set({
        ...documentBodyColumns(prepared.prepared),
        issue_date: issueDate,
        reason: input.reason?.trim() ?? note.reason,
        updated_at: now,
      })
      .where('id', '=', note.id)
      .execute();
    if (input.lines) await writeCreditLines(trx, note.id, prepared);
    await recordDocumentEvent(trx, actor, {
      kind: 'credit_note',
      documentId: note.id,
      type: 'updated',
      data: { fields: Object.keys(input) },
      at: now,
    });
    return toCreditNoteView(await loadCreditNote(trx, note.id));
  });
}
