import type { Trx } from '../../db/client.ts';
import type { EmailOutboxRow } from '../../db/schema.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { EMAIL_VIEW_COLUMNS, emailView, type InvoiceEmailView } from '../invoices/list-invoice-emails.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { createInvoiceLink, INVOICE_LINK_PATH } from '../portal/create-invoice-link.ts';
import { issueOneTimeToken } from '../portal/one-time-token.ts';
import { INVITE_TTL_MS, MAGIC_TTL_MS, RESET_TTL_MS } from '../portal/portal-context.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { LINK_REMOVED, LINK_TOKEN_PLACEHOLDER, sealLinkToken } from './link-token.ts';

/**
 * A message given up has no token left (it was wiped, see link-token.ts), and the old one may have expired anyway:
 * a fresh one of the same kind is issued for the same contact. The link's text ("expires on ...") is the old one's.
 */
async function freshLinkToken(trx: Trx, row: EmailOutboxRow, now: Date): Promise<string> {
  if (!row.contact_id) {
    throw new ConflictError(
      'email_contact_gone',
      'The contact this email was written for no longer exists; send a new one instead',
    );
  }
  const contactId = row.contact_id;
  switch (row.link_kind) {
    case 'invoice_link': {
      if (row.quote_id)
        return (await createInvoiceLink(trx, { quoteId: row.quote_id, contactId, now })).token;
      if (!row.invoice_id) throw new Error(`email ${row.id} has an invoice link but no invoice`);
      return (await createInvoiceLink(trx, { invoiceId: row.invoice_id, contactId, now })).token;
    }
    case 'portal_invite':
      return issueOneTimeToken(trx, { contactId, purpose: 'invite', now, ttlMs: INVITE_TTL_MS });
    case 'portal_reset':
      return issueOneTimeToken(trx, { contactId, purpose: 'reset', now, ttlMs: RESET_TTL_MS });
    case 'portal_magic':
      return issueOneTimeToken(trx, { contactId, purpose: 'magic', now, ttlMs: MAGIC_TTL_MS });
    default:
      throw new Error(`email ${row.id} has no link to renew`);
  }
}

/**
 * A message written before migration 012 has no `link_kind`, and its link was scrubbed to "(link removed)" when it
 * finished (by 012, or at delivery). An invoice link is put back as the placeholder so a fresh token is issued like
 * for newer messages; any other removed link cannot be, and the email is refused (409) rather than sent without it.
 */
function withRemovedLinkRenewable(row: EmailOutboxRow): EmailOutboxRow {
  if (row.link_kind || !`${row.html}${row.text}`.includes(LINK_REMOVED)) return row;
  const removedInvoiceLink = `${INVOICE_LINK_PATH}${LINK_REMOVED}`;
  if (!row.invoice_id || !row.text.includes(removedInvoiceLink)) {
    throw new ConflictError(
      'email_link_removed',
      'This email cannot be retried because its link was removed when Remit was upgraded; send a new one instead ' +
        '(for an invoice, send the invoice again)',
    );
  }
  const renewable = `${INVOICE_LINK_PATH}${LINK_TOKEN_PLACEHOLDER}`;
  return {
    ...row,
    link_kind: 'invoice_link',
    html: row.html.replaceAll(removedInvoiceLink, renewable),
    text: row.text.replaceAll(removedInvoiceLink, renewable),
  };
}

/**
 * Staff queue a failed email again ("retry now"): attempts start from zero with a new day of retries, the worker is
 * woken at commit (the outbox trigger), and the invoice's timeline records who asked. Only a failed email can be
 * retried (409 otherwise), and only while its body is kept (see purge-email-bodies.ts).
 */
export async function retryEmail(
  deps: SendingDeps,
  actor: Actor,
  emailId: string,
): Promise<InvoiceEmailView> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('email_outbox')
      .selectAll()
      .where('id', '=', emailId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Email');
    if (row.state !== 'failed') {
      throw new ConflictError(
        'email_not_failed',
        `Only a failed email can be retried; this one is ${row.state.replace('_', ' ')}`,
      );
    }
    if (row.body_purged_at) {
      throw new ConflictError(
        'email_purged',
        'The content of this email was removed after the retention period; send a new one instead',
      );
    }
    const renewable = withRemovedLinkRenewable(row);
    let sealed = row.link_token_encrypted;
    if (renewable.link_kind && !sealed)
      sealed = sealLinkToken(deps.secretKey, row.id, await freshLinkToken(trx, renewable, now));
    const updated = await trx
      .updateTable('email_outbox')
      .set({
        state: 'queued',
        attempts: 0,
        last_error: null,
        next_attempt_at: now,
        requeued_at: now,
        link_token_encrypted: sealed,
        link_kind: renewable.link_kind,
        html: renewable.html,
        text: renewable.text,
      })
      .where('id', '=', row.id)
      .returning(EMAIL_VIEW_COLUMNS)
      .executeTakeFirstOrThrow();
    if (row.invoice_id) {
      await recordInvoiceEvent(trx, actor, {
        invoiceId: row.invoice_id,
        type: 'email_retried',
        data: { emailId: row.id, kind: row.kind, to: row.to_address },
        at: now,
      });
    }
    return emailView(updated);
  });
}
