import { nextQuoteStatus } from '../../domain/quote-status.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { loadQuote } from './load-quote.ts';
import { quoteDates } from './quote-dates.ts';

/** Only drafts can be deleted: a quote the client has seen is kept for the record (with its timeline). */
export async function deleteQuote(deps: ServiceDeps, id: string, context: ActionContext): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const record = await loadQuote(trx, id, { lock: true });
    nextQuoteStatus(record.quote.status, 'delete', quoteDates(record, now));
    await trx
      .deleteFrom('document_events')
      .where('document_kind', '=', 'quote')
      .where('document_id', '=', id)
      .execute();
    await trx.deleteFrom('quotes').where('id', '=', id).execute();
    await recordAuditEntry(trx, context, now, {
      action: 'quote.deleted',
      entityType: 'quote',
      entityId: id,
      before: {
        status: record.quote.status,
        clientId: record.quote.client_id,
        currency: record.quote.currency,
      },
      after: null,
    });
  });
}
