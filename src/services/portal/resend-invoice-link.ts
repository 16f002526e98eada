import { hashToken } from '../auth/secrets.ts';
import { queueEmail } from '../email/queue-email.ts';
import {
  consumeRateLimit,
  EMAIL_REQUEST_ACCOUNT_POLICY,
  EMAIL_REQUEST_IP_POLICY,
  ipKey,
} from '../rate-limit.ts';
import { getSettings } from '../settings/get-settings.ts';
import { createInvoiceLink } from './create-invoice-link.ts';
import { contactMayUsePortal } from './portal-access.ts';
import type { PortalDeps } from './portal-context.ts';
import { freshInvoiceLinkEmail } from './portal-emails.ts';

/**
 * Someone holding an expired link asks for a fresh one. It goes to the link's contact's own address, never to an
 * address given in the request, so holding an old link grants nothing new. Revoked links, unknown tokens and
 * contacts cut off get nothing; the caller cannot tell these cases apart.
 */
export async function resendInvoiceLink(
  deps: PortalDeps,
  input: { token: string; ip: string },
): Promise<void> {
  const now = deps.clock.now();
  const tokenHash = hashToken(input.token);
  await consumeRateLimit(
    deps.db,
    [
      { key: `portal-resend:link:${tokenHash}`, policy: EMAIL_REQUEST_ACCOUNT_POLICY },
      { key: ipKey('portal-resend', input.ip), policy: EMAIL_REQUEST_IP_POLICY },
    ],
    now,
  );
  await deps.db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('invoice_links')
      .innerJoin('invoices', 'invoices.id', 'invoice_links.invoice_id')
      .innerJoin('contacts', 'contacts.id', 'invoice_links.contact_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'invoice_links.invoice_id',
        'invoice_links.contact_id',
        'invoices.number',
        'contacts.name',
        'contacts.email',
      ])
      .where('invoice_links.token_hash', '=', tokenHash)
      .where('invoice_links.revoked_at', 'is', null)
      .whereRef('invoices.client_id', '=', 'contacts.client_id')
      .where('invoices.status', '!=', 'draft')
      .where('contacts.email', '!=', '')
      .where(contactMayUsePortal)
      .executeTakeFirst();
    if (!link) return;
    const fresh = await createInvoiceLink(trx, {
      invoiceId: link.invoice_id,
      contactId: link.contact_id,
      now,
    });
    const settings = await getSettings(trx);
    await queueEmail(
      trx,
      {
        ...freshInvoiceLinkEmail(
          { contactId: link.contact_id, name: link.name, email: link.email },
          {
            businessName: settings.business_name,
            url: `${deps.appUrl}${fresh.path}`,
            invoiceId: link.invoice_id,
            invoiceNumber: link.number,
            expiresAt: fresh.expiresAt,
          },
        ),
        linkToken: { kind: 'invoice_link', token: fresh.token },
      },
      now,
      deps.secretKey,
    );
  });
}
