import type { Trx } from '../../db/client.ts';

export interface OutgoingEmail {
  /** What the message is, for the timeline: 'invoice', 'reminder', 'test', 'portal_invite', 'receipt', ... */
  kind: string;
  to: { address: string; name?: string };
  subject: string;
  html: string;
  text: string;
  invoiceId?: string | null;
  contactId?: string | null;
  attachInvoicePdf?: boolean;
  /** A message with the same key is queued at most once (e.g. `reminder:<invoice>:<slot>`). */
  dedupeKey?: string | null;
  /** Delivery is not attempted, and the reason shown (e.g. SMTP is not configured). */
  notSentReason?: string | null;
}

/**
 * The one way Remit sends email: the message is written to the outbox inside the caller's transaction, so it exists
 * exactly when the change that caused it commits. A worker delivers it afterwards, with retries.
 * Returns the outbox id, or null when a message with the same dedupe key was already queued.
 */
export async function queueEmail(trx: Trx, email: OutgoingEmail, now: Date): Promise<string | null> {
  const row = await trx
    .insertInto('email_outbox')
    .values({
      kind: email.kind,
      invoice_id: email.invoiceId ?? null,
      contact_id: email.contactId ?? null,
      to_address: email.to.address,
      to_name: email.to.name ?? '',
      subject: email.subject,
      html: email.html,
      text: email.text,
      attach_invoice_pdf: email.attachInvoicePdf ?? false,
      dedupe_key: email.dedupeKey ?? null,
      state: email.notSentReason ? 'not_sent' : 'queued',
      last_error: email.notSentReason ?? null,
      next_attempt_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
