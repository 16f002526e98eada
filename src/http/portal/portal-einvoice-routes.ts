import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertPortalCreditNote } from '../../services/credit-notes/portal-credit-notes.ts';
import { produceEInvoice } from '../../services/einvoice/produce-einvoice.ts';
import { assertPortalInvoice } from '../../services/portal/find-portal-invoice.ts';
import type { PortalDeps } from '../../services/portal/portal-context.ts';
import { einvoiceFormatQuery, sendEInvoice } from '../admin/einvoice-routes.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePortal } from './portal-auth.ts';

/**
 * The client portal's e-invoice downloads (registered inside portalRoutes: portal session required): the same XML
 * staff download, for an issued invoice or credit note of the contact's own client; anything else is 404. Without
 * `format`, the client's preferred format (else UBL). The Factur-X PDFs are the PDF routes' `?format=facturx`.
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

  app.get(
    '/credit-notes/:id/e-invoice',
    {
      schema: {
        tags: ['portal'],
        summary: 'The credit note as an e-invoice (XML) in the chosen format',
        params: idParams,
        querystring: einvoiceFormatQuery,
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/xml' }) },
      },
    },
    async (request, reply) => {
      await assertPortalCreditNote(deps.db, requirePortal(request), request.params.id);
      return sendEInvoice(reply, () =>
        produceEInvoice(deps, 'credit_note', request.params.id, request.query.format),
      );
    },
  );
};
