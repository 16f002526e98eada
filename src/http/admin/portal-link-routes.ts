import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createStaffInvoiceLink } from '../../services/portal/create-staff-invoice-link.ts';
import type { PortalDeps } from '../../services/portal/portal-context.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import { idParams, uuid, withResponses } from '../schemas.ts';
import { staffInvoiceLinkSchema } from '../view-schemas.ts';

const portalLinkBody = z
  .strictObject({
    contactId: uuid.optional().meta({
      description:
        "A contact of the invoice's client with an email address and portal access not deactivated; may be left " +
        'out when exactly one contact qualifies',
    }),
  })
  // Fastify hands a request without a body to validation as null.
  .nullish();

/** Staff make a fresh invoice link to hand over themselves ("Copy portal link"): emailed ones cannot be shown again. */
export const portalLinkRoutes: FastifyPluginAsyncZod<{ deps: PortalDeps }> = async (app, { deps }) => {
  app.post(
    '/invoices/:id/portal-link',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Make a fresh portal link to the invoice for one contact, to copy and share',
        description:
          'Answers 201 with the link (shown this once: only its hash is stored), when it expires (the same 30 days ' +
          'as emailed links) and the contact it is for, and records a portal_link_created event on the timeline. ' +
          'Links already sent keep working. 409 for a draft (invoice_not_issued), a void invoice (invoice_void) or ' +
          "an archived client (client_archived); 422 on contactId for a contact that is not the client's, has no " +
          'email address or was cut off the portal, or when it is left out and the client has not exactly one such ' +
          'contact.',
        params: idParams,
        body: portalLinkBody,
        response: withResponses({ 201: staffInvoiceLinkSchema }),
      },
    },
    async (request, reply) => {
      const link = await createStaffInvoiceLink(deps, requireActor(request), request.params.id, {
        contactId: request.body?.contactId,
      });
      return reply.code(201).send(link);
    },
  );
};
