import { ConflictError } from '../../domain/errors.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { lockCreditNoteAndInvoice } from './issue-credit-note.ts';

/** Deletes a Draft (its lines and timeline go with it); an issued credit note is part of the books. */
export async function deleteCreditNote(
  deps: ServiceDeps,
  creditNoteId: string,
  context: ActionContext,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { note } = await lockCreditNoteAndInvoice(trx, creditNoteId);
    if (note.note.status !== 'draft') {
      throw new ConflictError(
        'invalid_transition',
        `Credit note ${note.note.number ?? ''} is issued and cannot be deleted: it is kept for the record`,
      );
    }
    await trx
      .deleteFrom('document_events')
      .where('document_kind', '=', 'credit_note')
      .where('document_id', '=', creditNoteId)
      .execute();
    await trx.deleteFrom('credit_notes').where('id', '=', creditNoteId).execute();
    await recordAuditEntry(trx, context, deps.clock.now(), {
      action: 'credit_note.deleted',
      entityType: 'credit_note',
      entityId: creditNoteId,
      before: { status: note.note.status, invoiceId: note.note.invoice_id, currency: note.note.currency },
      after: null,
    });
  });
}
