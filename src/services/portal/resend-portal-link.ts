import type { Trx } from '../../db/client.ts';
import { clientReader } from '../../domain/language.ts';
import { hashToken } from '../auth/secrets.ts';
import { loadEmailBrand } from '../email/email-brand.ts';
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
import { freshLinkEmail } from './portal-emails.ts';

/** The document an old link opened, if a fresh link to it may be sent: sent (not a draft), of the contact's client. */
async function linkedDocument(
  trx: Trx,
  link: { invoice_id: string | null; quote_id: string | null; client_id: string },
) {
  if (link.invoice_id !== null) {
    const invoice = await trx
      .selectFrom('invoices')
      .select('number')
      .where('id', '=', link.invoice_id)
      .where('client_id', '=', link.client_id)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    return invoice && ({ kind: 'invoice', id: link.invoice_id, number: invoice.number } as const);
  }
  if (link.quote_id !== null) {
    const quote = await trx
      .selectFrom('quotes')
      .select('number')
      .where('id', '=', link.quote_id)
      .where('client_id', '=', link.client_id)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    return quote && ({ kind: 'quote', id: link.quote_id, number: quote.number } as const);
  }
  return undefined;
}

/**
 * Someone holding an expired invoice or quote link asks for a fresh one. It goes to the link's contact's own
 * address, never to an address given in the request, so holding an old link grants nothing new; the fresh link opens
 * the same document. Revoked links, unknown tokens, drafts and contacts cut off get nothing; the caller cannot tell
 * these cases apart, nor an invoice link from a quote link (one answer, one rate limit per link and per address).
 */
export async function resendPortalLink(
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
      .innerJoin('contacts', 'contacts.id', 'invoice_links.contact_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'invoice_links.invoice_id',
        'invoice_links.quote_id',
        'invoice_links.contact_id',
        'contacts.client_id',
        'contacts.name',
        'contacts.email',
        'clients.language',
      ])
      .where('invoice_links.token_hash', '=', tokenHash)
      .where('invoice_links.revoked_at', 'is', null)
      .where('contacts.email', '!=', '')
      .where(contactMayUsePortal)
      .executeTakeFirst();
    if (!link) return;
    const document = await linkedDocument(trx, link);
    if (!document) return;
    const fresh = await createInvoiceLink(trx, {
      ...(document.kind === 'invoice' ? { invoiceId: document.id } : { quoteId: document.id }),
      contactId: link.contact_id,
      now,
    });
    const settings = await getSettings(trx);
    await queueEmail(
      trx,
      {
        ...freshLinkEmail(
          { contactId: link.contact_id, name: link.name, email: link.email },
          {
            brand: await loadEmailBrand(trx, deps.appUrl, settings),
            url: `${deps.appUrl}${fresh.path}`,
            document,
            expiresAt: fresh.expiresAt,
            reader: clientReader(link.language, settings.locale),
            timeZone: settings.time_zone,
          },
        ),
        linkToken: { kind: 'invoice_link', token: fresh.token },
      },
      now,
      deps.secretKey,
    );
  });
}
