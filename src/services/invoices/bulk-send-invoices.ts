import type { BulkSendSkipReason } from '../../db/schema.ts';
import { ConflictError, type DomainError, ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { EInvoiceRefusedError } from '../einvoice/produce-einvoice.ts';
import { NotFoundError } from '../errors.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { type BulkSendView, getBulkSend } from './get-bulk-send.ts';
import { type InvoiceFilter, listInvoices } from './list-invoices.ts';
import { sendInvoiceIn } from './send-invoice.ts';

/**
 * Invoices one bulk send may name; a filter matching more is refused (narrow it, or send in parts). The request
 * answers once all are queued: 1,000 drafts to issue and queue take tens of seconds.
 */
export const BULK_SEND_MAX_INVOICES = 1_000;
/** Invoices queued at once, each in a transaction of its own. */
const QUEUEING_CONCURRENCY = 4;

export type BulkSendFilter = Pick<
  InvoiceFilter,
  'status' | 'clientId' | 'projectId' | 'issuedFrom' | 'issuedTo' | 'q'
>;

export interface BulkSendInput {
  /** The invoices to send, in this order; or `filter`. */
  invoiceIds?: string[];
  /** Every invoice the list shows with these filters (the list's own query). */
  filter?: BulkSendFilter;
  /** Drafts are issued and sent; without it they are skipped ('draft'). */
  issueDrafts?: boolean;
  subject?: string | null;
  message?: string | null;
}

/** The invoices a filter selects, newest first, read page by page through the invoice list itself. */
async function invoicesMatching(deps: SendingDeps, filter: BulkSendFilter): Promise<string[]> {
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

function skipReasonOf(error: unknown): BulkSendSkipReason | null {
  if (error instanceof NotFoundError) return 'not_found';
  if (error instanceof ConflictError && error.code === 'invoice_is_draft') return 'draft';
  if (error instanceof ConflictError && error.code === 'invalid_transition') return 'void';
  if (error instanceof ValidationError && error.field === 'contactIds') return 'no_recipients';
  if (error instanceof EInvoiceRefusedError) return 'einvoice_not_possible';
  return null;
}

/**
 * Emails many invoices in one action: each invoice named (or matched by the filter) gets its emails queued as
 * "Send" would, in a transaction of its own, or is skipped with the reason (no such invoice, void, a draft when
 * drafts are not to be issued, no contact with an email address). The outbox delivers them; getBulkSend reports
 * progress. A retry with the same Idempotency-Key answers the first result (http/plugins/idempotency.ts).
 */
export async function bulkSendInvoices(
  deps: SendingDeps,
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
  const bulk = await deps.db
    .insertInto('bulk_sends')
    .values({
      created_by_user_id: actor.userId,
      created_by_name: actor.name,
      issue_drafts: input.issueDrafts ?? false,
      created_at: deps.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const queueOne = async (invoiceId: string, position: number) => {
    try {
      await deps.db.transaction().execute(async (trx) => {
        const { emails } = await sendInvoiceIn(
          trx,
          deps,
          actor,
          invoiceId,
          { subject: input.subject, message: input.message, draftsToo: input.issueDrafts ?? false },
          deps.clock.now(),
        );
        await trx
          .updateTable('email_outbox')
          .set({ bulk_send_id: bulk.id })
          .where(
            'id',
            'in',
            emails.map((email) => email.id),
          )
          .execute();
        await trx
          .insertInto('bulk_send_items')
          .values({ bulk_send_id: bulk.id, invoice_id: invoiceId, position, outcome: 'queued' })
          .execute();
      });
    } catch (error) {
      const reason = skipReasonOf(error);
      if (!reason) throw error;
      await deps.db
        .insertInto('bulk_send_items')
        .values({
          bulk_send_id: bulk.id,
          invoice_id: invoiceId,
          position,
          outcome: 'skipped',
          skip_reason: reason,
          skip_message:
            error instanceof EInvoiceRefusedError
              ? `${error.message}: ${error.problems.map((problem) => problem.message).join(' ')}`
              : (error as DomainError).message,
        })
        .execute();
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < invoiceIds.length) {
      const position = next++;
      await queueOne(invoiceIds[position]!, position);
    }
  };
  await Promise.all(Array.from({ length: Math.min(QUEUEING_CONCURRENCY, invoiceIds.length) }, worker));
  return getBulkSend(deps, bulk.id);
}
