import type { Trx } from '../../db/client.ts';
import type { EmailOutboxRow } from '../../db/schema.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { EMAIL_VIEW_COLUMNS, emailView, type InvoiceEmailView } from '../invoices/list-invoice-emails.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { createInvoiceLink } from '../portal/create-invoice-link.ts';
import { issueOneTimeToken } from '../portal/one-time-token.ts';
import { INVITE_TTL_MS, MAGIC_TTL_MS, RESET_TTL_MS } from '../portal/portal-context.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { sealLinkToken } from './link-token.ts';

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
    let sealed = row.link_token_encrypted;
    if (row.link_kind && !sealed)
      sealed = sealLinkToken(deps.secretKey, row.id, await freshLinkToken(trx, row, now));
    const updated = await trx
      .updateTable('email_outbox')
      .set({
        state: 'queued',
        attempts: 0,
        last_error: null,
        next_attempt_at: now,
        requeued_at: now,
        link_token_encrypted: sealed,
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
