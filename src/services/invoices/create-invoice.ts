import type { Actor, ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { InvoiceInput } from './invoice-input.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';
import { invoiceColumns, prepareInvoice, writeLines } from './prepare-invoice.ts';
import { recordInvoiceEvent } from './record-event.ts';

/** Saves a new Draft. Drafts have no number yet: it is assigned when the invoice is issued. */
export async function createInvoice(deps: ServiceDeps, actor: Actor, input: InvoiceInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx);
    const prepared = await prepareInvoice(trx, { ...input, lines: input.lines ?? [] }, null, settings, now);
    const { id } = await trx
      .insertInto('invoices')
      .values({
        ...invoiceColumns(prepared),
        status: 'draft',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeLines(trx, id, prepared.lines, { replace: false });
    await recordInvoiceEvent(trx, actor, { invoiceId: id, type: 'created', toStatus: 'draft', at: now });
    return toInvoiceView(await loadInvoice(trx, id), now);
  });
}
