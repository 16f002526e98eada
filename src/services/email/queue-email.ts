import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { insertRows } from '../../db/json-rows.ts';
import type { EmailAttachmentChoice } from '../../domain/einvoice/attachment-choice.ts';
import { type LinkToken, sealLinkToken, withoutLinkToken } from './link-token.ts';

export interface OutgoingEmail {
  /** What the message is, for the timeline: 'invoice', 'reminder', 'test', 'portal_invite', 'receipt', ... */
  kind: string;
  to: { address: string; name?: string };
  /** Copies (migration 041): CC in the headers, BCC in the envelope only. */
  cc?: string[];
  bcc?: string[];
  subject: string;
  html: string;
  text: string;
  invoiceId?: string | null;
  /** A message about a quote or a credit note names that document instead of an invoice. */
  quoteId?: string | null;
  creditNoteId?: string | null;
  contactId?: string | null;
  /** A client's statement for from..to, attached as a PDF at delivery (migration 037); no document then. */
  statement?: { clientId: string; from: string; to: string } | null;
  /** A payment whose receipt is attached as a PDF at delivery (migration 043). */
  receiptPaymentId?: string | null;
  attachInvoicePdf?: boolean;
  /** Which files of the document (with attachInvoicePdf); default: its PDF. */
  attachment?: EmailAttachmentChoice | null;
  /** A message with the same key is queued at most once (e.g. `reminder:<invoice>:<slot>`). */
  dedupeKey?: string | null;
  /** Delivery is not attempted, and the reason shown (e.g. SMTP is not configured). */
  notSentReason?: string | null;
  /** The bearer token that html and text carry in their link; stored encrypted, never in the body (link-token.ts). */
  linkToken?: LinkToken | null;
}

/** The outbox row of a message, with its link token sealed to the row's id. */
function outboxRow(email: OutgoingEmail, now: Date, secretKey: Buffer | undefined) {
  const id = randomUUID();
  let { html, text } = email;
  let sealed: string | null = null;
  if (email.linkToken) {
    const { token } = email.linkToken;
    if (!secretKey) throw new Error('queueEmail: a message with a link token needs the app key');
    if (!text.includes(token) || email.subject.includes(token)) {
      throw new Error('queueEmail: the link token must be in the text and not in the subject');
    }
    html = withoutLinkToken(html, token);
    text = withoutLinkToken(text, token);
    // A message that will never be sent keeps no token at all.
    sealed = email.notSentReason ? null : sealLinkToken(secretKey, id, token);
  }
  return {
    id,
    kind: email.kind,
    invoice_id: email.invoiceId ?? null,
    quote_id: email.quoteId ?? null,
    credit_note_id: email.creditNoteId ?? null,
    contact_id: email.contactId ?? null,
    statement_client_id: email.statement?.clientId ?? null,
    statement_from: email.statement?.from ?? null,
    statement_to: email.statement?.to ?? null,
    receipt_payment_id: email.receiptPaymentId ?? null,
    to_address: email.to.address,
    to_name: email.to.name ?? '',
    cc: email.cc ?? [],
    bcc: email.bcc ?? [],
    subject: email.subject,
    html,
    text,
    attach_invoice_pdf: email.attachInvoicePdf ?? false,
    attachment: email.attachInvoicePdf ? (email.attachment ?? 'pdf') : null,
    dedupe_key: email.dedupeKey ?? null,
    state: email.notSentReason ? ('not_sent' as const) : ('queued' as const),
    last_error: email.notSentReason ?? null,
    next_attempt_at: now,
    created_at: now,
    link_kind: email.linkToken?.kind ?? null,
    link_token_encrypted: sealed,
  };
}

/**
 * The one way Remit sends email: the message is written to the outbox inside the caller's transaction, so it exists
 * exactly when the change that caused it commits. A worker delivers it afterwards, with retries; the insert wakes
 * it at commit (a trigger sends NOTIFY remit_email_queued, see jobs/outbox-listener.ts).
 * A message with a link token needs the app key (`secretKey`) to store the token encrypted.
 * Returns the outbox id, or null when a message with the same dedupe key was already queued.
 */
export async function queueEmail(
  trx: Trx,
  email: OutgoingEmail,
  now: Date,
  secretKey?: Buffer,
): Promise<string | null> {
  const row = await trx
    .insertInto('email_outbox')
    .values(outboxRow(email, now, secretKey))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Many messages as queueEmail writes them, in one INSERT whatever their number (the rows travel as one JSON
 * parameter: thousands of bind parameters cost more to send and plan than the rows to write). Each one's outbox id,
 * or null where a message with the same dedupe key was already queued (two messages of one call must not share a
 * key). `before` runs as a data-modifying CTE of the same statement (e.g. the messages' portal links).
 */
export async function queueEmails(
  trx: Trx,
  emails: OutgoingEmail[],
  now: Date,
  secretKey?: Buffer,
  before?: { name: string; statement: RawBuilder<unknown> },
): Promise<(string | null)[]> {
  if (emails.length === 0) return [];
  const rows = emails.map((email) => outboxRow(email, now, secretKey));
  const prefix = before ? sql`with ${sql.id(before.name)} as (${before.statement}) ` : sql``;
  const written = await sql<{ id: string }>`${prefix}${insertRows('email_outbox', rows)}
    on conflict (dedupe_key) do nothing returning id`.execute(trx);
  const inserted = new Set(written.rows.map((row) => row.id));
  return rows.map((row) => (inserted.has(row.id) ? row.id : null));
}

/** The CC and BCC of a send. */
export interface EmailCopies {
  cc?: string[] | null;
  bcc?: string[] | null;
}

function distinctAddresses(addresses: string[] | null | undefined, taken: Set<string>): string[] {
  const kept: string[] = [];
  for (const raw of addresses ?? []) {
    const address = raw.trim();
    const key = address.toLowerCase();
    if (!address || taken.has(key)) continue;
    taken.add(key);
    kept.push(address);
  }
  return kept;
}

/**
 * The copies a send's first message carries, so each copy arrives once whatever the number of recipients: each
 * address once, none that is already a recipient (`to`) or in CC.
 */
export function copiesOf(copies: EmailCopies | undefined, to: string[]): { cc: string[]; bcc: string[] } {
  const taken = new Set(to.map((address) => address.trim().toLowerCase()));
  const cc = distinctAddresses(copies?.cc, taken);
  return { cc, bcc: distinctAddresses(copies?.bcc, taken) };
}
