import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../services/errors.ts';
import { type ReceiptPdfDeps, renderReceiptPdf } from '../../services/payments/render-receipt-pdf.ts';
import { sendPdf } from '../admin/invoice-pdf-routes.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePortal } from './portal-auth.ts';

/**
 * The client portal's payment receipts, under /api/portal/v1 (registered inside portalRoutes: the portal session
 * applies). The scope is in the query: another client's payment, one not received, or one on an invoice a link
 * session does not reach is the same 404 as an unknown id.
 */
export const portalReceiptRoutes: FastifyPluginAsyncZod<{ deps: ReceiptPdfDeps }> = async (app, { deps }) => {
  app.get(
    '/payments/:id/receipt.pdf',
    {
      schema: {
        tags: ['portal'],
        summary: "The receipt of one of the client's payments, as a PDF",
        params: idParams,
        produces: ['application/pdf'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) => {
      const principal = requirePortal(request);
      // A session opened by a quote's link reaches that quote only: no payment at all.
      if (principal.quoteId && !principal.invoiceId) throw new NotFoundError('Payment');
      return sendPdf(reply, () =>
        renderReceiptPdf(deps, request.params.id, {
          clientId: principal.clientId,
          invoiceId: principal.invoiceId,
        }),
      );
    },
  );
};
