import { ConflictError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { recordInvoiceEvent } from '../invoices/record-event.ts';
import type { PortalDeps } from './portal-context.ts';
import { makeStaffLink, type StaffInvoiceLink } from './staff-link.ts';

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
    return makeStaffLink(
      trx,
      deps,
      { kind: 'invoice', id: invoiceId, clientId: invoice.client_id },
      input.contactId,
      (data, at) =>
        recordInvoiceEvent(trx, actor, { invoiceId, type: 'portal_link_created', data: { ...data }, at }),
    );
  });
}
