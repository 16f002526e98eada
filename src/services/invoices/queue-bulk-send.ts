import { sql } from 'kysely';
import { ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { type BulkSendFilter, type BulkSendView, getBulkSend } from './get-bulk-send.ts';
import { listInvoices } from './list-invoices.ts';

/**
 * Invoices one bulk send may name; a filter matching more is refused (narrow it, or send in parts). The request
 * only records them; the job sends them in the background (run-bulk-sends.ts).
 */
export const BULK_SEND_MAX_INVOICES = 5_000;

export interface BulkSendInput {
  /** The invoices to send, in this order; or `filter`. */
  invoiceIds?: string[];
  /** Every invoice the list shows with these filters (the list's own query), as it matches at the request. */
  filter?: BulkSendFilter;
  /** Drafts are issued and sent; without it they are skipped ('draft'). */
  issueDrafts?: boolean;
  subject?: string | null;
  message?: string | null;
}

/** The invoices a filter selects, newest first, read page by page through the invoice list itself. */
async function invoicesMatching(deps: ServiceDeps, filter: BulkSendFilter): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listInvoices(deps, { ...filter, limit: 500, cursor, sort: '-created' });
    ids.push(...page.items.map((item) => item.id));
    if (ids.length > BULK_SEND_MAX_INVOICES) {
      throw new ValidationError(
        'filter',
        `The filter matches more than ${BULK_SEND_MAX_INVOICES.toLocaleString('en')} invoices; narrow it or send in parts`,
      );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/**
 * Records a bulk send to run in the background: the job row (who, what, the filter if any) and one pending item per
 * invoice named or matched, in one transaction. `onQueued` (the job runner's nudge) is called after commit.
 * Nothing is sent here; run-bulk-sends.ts does it in batches and getBulkSend reports the progress.
 * A retry with the same Idempotency-Key answers the first result (http/plugins/idempotency.ts).
 */
export async function queueBulkSend(
  deps: ServiceDeps & { onBulkSendQueued?: () => void },
  actor: Actor,
  input: BulkSendInput,
): Promise<BulkSendView> {
  if ((input.invoiceIds === undefined) === (input.filter === undefined)) {
    throw new ValidationError('invoiceIds', 'Give either invoiceIds or a filter');
  }
  const invoiceIds = input.invoiceIds
    ? [...new Set(input.invoiceIds)]
    : await invoicesMatching(deps, input.filter ?? {});
  if (invoiceIds.length === 0) {
    throw new ValidationError(
      input.invoiceIds ? 'invoiceIds' : 'filter',
      'No invoice to send: the selection is empty',
    );
  }
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const bulk = await trx
      .insertInto('bulk_sends')
      .values({
        created_by_user_id: actor.userId,
        created_by_name: actor.name,
        actor: JSON.stringify(actor),
        issue_drafts: input.issueDrafts ?? false,
        filter: input.filter ? JSON.stringify(input.filter) : null,
        subject: input.subject ?? null,
        message: input.message ?? null,
        state: 'queued',
        total: invoiceIds.length,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // One statement whatever the count: the ids as one array parameter, their order kept as the position.
    await sql`
      insert into bulk_send_items (bulk_send_id, invoice_id, position, outcome)
      select ${bulk.id}::uuid, chosen.invoice_id, chosen.position - 1, 'pending'
      from unnest(${invoiceIds}::uuid[]) with ordinality as chosen(invoice_id, position)
    `.execute(trx);
    return bulk.id;
  });
  deps.onBulkSendQueued?.();
  return getBulkSend(deps, id);
}
