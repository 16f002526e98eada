import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deactivateContactPortal } from '../../services/portal/deactivate-contact-portal.ts';
import { inviteContact } from '../../services/portal/invite-contact.ts';
import { listClientContacts } from '../../services/portal/list-client-contacts.ts';
import { listContactLinks } from '../../services/portal/list-contact-links.ts';
import { listInvoiceOpens } from '../../services/portal/list-invoice-opens.ts';
import type { PortalDeps } from '../../services/portal/portal-context.ts';
import { revokeInvoiceLinks } from '../../services/portal/revoke-invoice-links.ts';
import { errorResponses, idParams, uuid } from '../schemas.ts';

/** Staff side of the client portal: contacts' access, invitations, invoice links and when invoices were opened. */
export const portalAccessRoutes: FastifyPluginAsyncZod<{ deps: PortalDeps }> = async (app, { deps }) => {
  const tags = ['portal access'];

  app.get(
    '/clients/:id/contacts',
    {
      schema: {
        tags,
        summary: "A client's contacts with their portal access",
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => listClientContacts(deps, request.params.id),
  );

  app.post(
    '/contacts/:id/portal/invite',
    {
      schema: {
        tags,
        summary:
          'Email the contact an invitation to set a portal password (also restores deactivated access)',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => ({ portal: await inviteContact(deps, request.params.id) }),
  );

  app.post(
    '/contacts/:id/portal/deactivate',
    {
      schema: {
        tags,
        summary:
          'Cut the contact off the portal: login, emailed links and invoice links stop working at once',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => ({ portal: await deactivateContactPortal(deps, request.params.id) }),
  );

  app.get(
    '/contacts/:id/links',
    {
      schema: {
        tags,
        summary: 'The invoice links sent to the contact, with their state',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => listContactLinks(deps, request.params.id),
  );

  app.post(
    '/contacts/:id/links/revoke',
    {
      schema: {
        tags,
        summary: "Revoke all of the contact's invoice links",
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => revokeInvoiceLinks(deps, { contactId: request.params.id }),
  );

  app.post(
    '/contacts/:id/links/:linkId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke one invoice link',
        params: z.strictObject({ id: uuid, linkId: uuid }),
        response: errorResponses,
      },
    },
    async (request) =>
      revokeInvoiceLinks(deps, { contactId: request.params.id, linkId: request.params.linkId }),
  );

  app.get(
    '/invoices/:id/portal-opens',
    {
      schema: {
        tags,
        summary: 'When each contact opened the invoice in the portal (first, last, how often)',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => listInvoiceOpens(deps, request.params.id),
  );
};
