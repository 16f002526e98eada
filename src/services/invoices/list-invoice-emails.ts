import type { EmailOutboxRow, EmailState } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface InvoiceEmailView {
  id: string;
  kind: string;
  contactId: string | null;
  to: { address: string; name: string };
  subject: string;
  state: EmailState;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** The outbox columns an email's view shows. */
export const EMAIL_VIEW_COLUMNS = [
  'id',
  'kind',
  'contact_id',
  'to_address',
  'to_name',
  'subject',
  'state',
  'attempts',
  'last_error',
  'next_attempt_at',
  'sent_at',
  'created_at',
] as const;

type EmailViewRow = Pick<EmailOutboxRow, (typeof EMAIL_VIEW_COLUMNS)[number]>;

export function emailView(row: EmailViewRow): InvoiceEmailView {
  return {
    id: row.id,
    kind: row.kind,
    contactId: row.contact_id,
    to: { address: row.to_address, name: row.to_name },
    subject: row.subject,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt:
      row.state === 'queued' || row.state === 'retrying' ? row.next_attempt_at.toISOString() : null,
    sentAt: row.sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * The emails of an invoice with their delivery state (queued, sending, retrying with the last error, sent, ...).
 * Only these columns are read, none of the body: the list stays whole after the retention purge empties bodies.
 */
export async function listInvoiceEmails(deps: ServiceDeps, invoiceId: string): Promise<InvoiceEmailView[]> {
  const invoice = await deps.db
    .selectFrom('invoices')
    .select('id')
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw new NotFoundError('Invoice');
  const rows = await deps.db
    .selectFrom('email_outbox')
    .select(EMAIL_VIEW_COLUMNS)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(emailView);
}
