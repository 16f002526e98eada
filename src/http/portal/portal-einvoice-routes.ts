import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { produceEInvoice } from '../../services/einvoice/produce-einvoice.ts';
import { assertPortalInvoice } from '../../services/portal/find-portal-invoice.ts';
import type { PortalDeps } from '../../services/portal/portal-context.ts';
import { einvoiceFormatQuery, sendEInvoice } from '../admin/einvoice-routes.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePortal } from './portal-auth.ts';

/**
 * The client portal's e-invoice download (registered inside portalRoutes: portal session required): the same XML
 * staff download, for an issued invoice of the contact's own client; any other invoice is 404.
 */
export const portalEInvoiceRoutes: FastifyPluginAsyncZod<{ deps: PortalDeps }> = async (app, { deps }) => {
  app.get(
    '/invoices/:id/e-invoice',
    {
      schema: {
        tags: ['portal'],
        summary: 'The invoice as an e-invoice (XML) in the chosen format',
        params: idParams,
        querystring: einvoiceFormatQuery,
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/xml' }) },
      },
    },
    async (request, reply) => {
      await assertPortalInvoice(deps.db, requirePortal(request), request.params.id);
      return sendEInvoice(reply, () =>
        produceEInvoice(deps, 'invoice', request.params.id, request.query.format),
      );
    },
  );
};
