import type { Trx } from '../../db/client.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import { createInvoiceLink } from './create-invoice-link.ts';
import type { PortalDeps } from './portal-context.ts';

export interface StaffInvoiceLink {
  /** The absolute link, in the same form as in invoice emails. Shown once: only its hash is stored. */
  url: string;
  expiresAt: string;
  contact: { id: string; name: string; email: string };
}

/**
 * Staff ask for a link to an issued invoice for one contact of its client, to hand over themselves (chat, phone):
 * existing links are stored hashed and cannot be shown again, so this makes a fresh one with the normal expiry and
 * leaves the others as they are.
 *
 * The contact must be one of the invoice's client's contacts who can use the portal: an email address (the portal
 * knows contacts by it, and a fresh link for an expired one is emailed there) and portal access not deactivated.
 * `contactId` may be left out when exactly one contact qualifies. Drafts (not visible in the portal) and void
 * invoices are refused (409), as are invoices of an archived client, whose contacts are shut out of the portal.
 * The link and the timeline event are written in one transaction, under the invoice's row lock so a concurrent
 * void cannot slip in between the check and the link.
 */
export async function createStaffInvoiceLink(
  deps: PortalDeps,
  actor: Actor,
  invoiceId: string,
  input: { contactId?: string | undefined },
): Promise<StaffInvoiceLink> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { invoice } = await loadInvoice(trx, invoiceId, { lock: true });
    if (invoice.status === 'draft') {
      throw new ConflictError(
        'invoice_not_issued',
        'This invoice is a draft, which clients cannot see: issue it first (send it or mark it as sent)',
      );
    }
    if (invoice.status === 'void') {
      throw new ConflictError('invoice_void', 'This invoice is void: it has no portal link to share');
    }
    const client = await trx
      .selectFrom('clients')
      .select('archived_at')
      .where('id', '=', invoice.client_id)
      .executeTakeFirstOrThrow();
    if (client.archived_at) {
      throw new ConflictError(
        'client_archived',
        "The invoice's client is archived, so its contacts cannot use the portal; restore the client first",
      );
    }

    const contact = await chooseLinkContact(trx, invoice.client_id, input.contactId, 'invoice');

    const link = await createInvoiceLink(trx, { invoiceId, contactId: contact.id, now });
    const email = contact.email.trim();
    // The event names the link and the contact, never the token.
    await recordInvoiceEvent(trx, actor, {
      invoiceId,
      type: 'portal_link_created',
      data: {
        linkId: link.id,
        contactId: contact.id,
        contactName: contact.name,
        contactEmail: email,
        expiresAt: link.expiresAt.toISOString(),
      },
      at: now,
    });
    return {
      url: `${deps.appUrl.replace(/\/+$/, '')}${link.path}`,
      expiresAt: link.expiresAt.toISOString(),
      contact: { id: contact.id, name: contact.name, email },
    };
  });
}

/**
 * The contact a staff-made link is for: one of the client's contacts who can use the portal (an email address, and
 * portal access not deactivated); `contactId` may be left out when exactly one contact qualifies. 422 on contactId
 * otherwise. `noun` names the document in messages ("invoice", "quote").
 */
export async function chooseLinkContact(
  trx: Trx,
  clientId: string,
  contactId: string | undefined,
  noun: string,
): Promise<{ id: string; name: string; email: string }> {
  const contacts = await trx
    .selectFrom('contacts')
    .leftJoin('portal_accounts', 'portal_accounts.contact_id', 'contacts.id')
    .select(['contacts.id', 'contacts.name', 'contacts.email', 'portal_accounts.deactivated_at'])
    .where('contacts.client_id', '=', clientId)
    .orderBy('contacts.position')
    .orderBy('contacts.created_at')
    .execute();
  const capable = contacts.filter((contact) => contact.email.trim() !== '' && !contact.deactivated_at);

  let contact: (typeof contacts)[number] | undefined;
  if (contactId === undefined) {
    if (capable.length === 0) {
      throw new ValidationError(
        'contactId',
        'No contact of this client can use the portal: add a contact with an email address, or invite one again',
      );
    }
    if (capable.length > 1) {
      throw new ValidationError(
        'contactId',
        'The client has several contacts: choose the one the link is for',
      );
    }
    contact = capable[0];
  } else {
    contact = contacts.find((candidate) => candidate.id === contactId);
    if (!contact) {
      throw new ValidationError('contactId', `Not a contact of this ${noun}'s client`);
    }
    if (contact.email.trim() === '') {
      throw new ValidationError(
        'contactId',
        `${contact.name || 'This contact'} has no email address, which the portal needs`,
      );
    }
    if (contact.deactivated_at) {
      throw new ValidationError(
        'contactId',
        `${contact.name || 'This contact'}'s portal access is deactivated; invite them again to restore it`,
      );
    }
  }
  if (!contact) throw new ValidationError('contactId', 'Choose the contact the link is for');
  return contact;
}
