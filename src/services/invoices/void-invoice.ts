import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { nextStatus } from '../../domain/invoice-status.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';

/**
 * Cancels an issued invoice for good. It keeps its number (numbering stays gapless) and a reason. With the setting
 * "corrections need a credit note" on, issued invoices are cancelled by a credit note instead (409).
 */
export async function voidInvoice(deps: ServiceDeps, actor: Actor, id: string, reason: string) {
  const trimmed = reason.trim();
  if (!trimmed) throw new ValidationError('reason', 'Say why the invoice is voided');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { invoice } = await loadInvoice(trx, id, { lock: true });
    const status = nextStatus(invoice.status, 'void');
    // Where an issued invoice must not be cancelled outright, it is cancelled by a credit note that refers to it.
    const settings = await getSettings(trx);
    if (settings.corrections_need_credit_note) {
      throw new ConflictError(
        'credit_note_required',
        'Issued invoices are corrected with a credit note here: cancel it with a credit note ' +
          '(POST /invoices/{id}/cancel) instead of voiding it',
      );
    }
    await trx
      .updateTable('invoices')
      .set({ status, voided_at: now, void_reason: trimmed, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordInvoiceEvent(trx, actor, {
      invoiceId: id,
      type: 'status_changed',
      fromStatus: invoice.status,
      toStatus: status,
      data: { reason: trimmed, action: 'void' },
      at: now,
    });
    return toInvoiceView(await loadInvoice(trx, id), now);
  });
}
