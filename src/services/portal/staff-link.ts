import type { Trx } from '../../db/client.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { createInvoiceLink } from './create-invoice-link.ts';
import type { PortalDeps } from './portal-context.ts';

export interface StaffInvoiceLink {
  /** The absolute link, in the same form as in invoice emails. Shown once: only its hash is stored. */
  url: string;
  expiresAt: string;
  contact: { id: string; name: string; email: string };
}

/** What a staff-made link's timeline event records: the link and the contact, never the token. */
export interface StaffLinkEventData {
  linkId: string;
  contactId: string;
  contactName: string;
  contactEmail: string;
  expiresAt: string;
}

/**
 * The part of a staff-made portal link that is the same for an invoice and a quote, run in the caller's transaction
 * under the document's row lock once its status allowed a link: the client must not be archived (its contacts are
 * shut out of the portal; 409), the contact is chosen (`chooseLinkContact`), the link made with the normal expiry
 * and the document's timeline told by `recordEvent`.
 */
export async function makeStaffLink(
  trx: Trx,
  deps: PortalDeps,
  document: { kind: 'invoice' | 'quote'; id: string; clientId: string },
  contactId: string | undefined,
  recordEvent: (data: StaffLinkEventData, at: Date) => Promise<unknown>,
): Promise<StaffInvoiceLink> {
  const now = deps.clock.now();
  const client = await trx
    .selectFrom('clients')
    .select('archived_at')
    .where('id', '=', document.clientId)
    .executeTakeFirstOrThrow();
  if (client.archived_at) {
    throw new ConflictError(
      'client_archived',
      `The ${document.kind}'s client is archived, so its contacts cannot use the portal; restore the client first`,
    );
  }
  const contact = await chooseLinkContact(trx, document.clientId, contactId, document.kind);
  const link = await createInvoiceLink(trx, {
    ...(document.kind === 'invoice' ? { invoiceId: document.id } : { quoteId: document.id }),
    contactId: contact.id,
    now,
  });
  const email = contact.email.trim();
  await recordEvent(
    {
      linkId: link.id,
      contactId: contact.id,
      contactName: contact.name,
      contactEmail: email,
      expiresAt: link.expiresAt.toISOString(),
    },
    now,
  );
  return {
    url: `${deps.appUrl.replace(/\/+$/, '')}${link.path}`,
    expiresAt: link.expiresAt.toISOString(),
    contact: { id: contact.id, name: contact.name, email },
  };
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
