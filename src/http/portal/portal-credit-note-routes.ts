import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assertPortalCreditNote,
  getPortalClientCredit,
  getPortalCreditNote,
  listPortalCreditNotes,
  renderPortalCreditNotePdf,
} from '../../services/credit-notes/portal-credit-notes.ts';
import type { PdfServiceDeps } from '../../services/documents/render-document-pdf.ts';
import { produceFacturxPdf } from '../../services/einvoice/produce-facturx-pdf.ts';
import type { PortalDeps } from '../../services/portal/portal-context.ts';
import { clientCreditSchema } from '../admin/credit-note-schemas.ts';
import { pdfFormatQuery, sendPdf } from '../admin/invoice-pdf-routes.ts';
import { errorResponses, idParams, pageQuery, shortText, withResponses } from '../schemas.ts';
import { requirePortal } from './portal-auth.ts';

const tags = ['portal'];

/**
 * The client portal's credit notes, under /api/portal/v1 (registered inside portalRoutes: the portal session
 * applies). Issued credit notes of the contact's own client only; a session opened by an invoice link sees the
 * credit notes of that invoice. Anything else is 404.
 */
export const portalCreditNoteRoutes: FastifyPluginAsyncZod<{ deps: PortalDeps & PdfServiceDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/credit-notes',
    {
      schema: {
        tags,
        summary: "The client's issued credit notes, newest first",
        querystring: z.strictObject({ ...pageQuery, q: shortText().optional() }),
        response: errorResponses,
      },
    },
    async (request) => listPortalCreditNotes(deps, requirePortal(request), request.query),
  );

  app.get(
    '/credit',
    {
      schema: {
        tags,
        summary: "The client's credit left, per currency (empty for a session opened by an emailed link)",
        response: withResponses({ 200: z.object({ credit: clientCreditSchema.shape.credit }) }),
      },
    },
    async (request) => getPortalClientCredit(deps, requirePortal(request)),
  );

  app.get(
    '/credit-notes/:id',
    {
      schema: {
        tags,
        summary: 'One credit note in full (the CreditNote shape without project)',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => getPortalCreditNote(deps, requirePortal(request), request.params.id),
  );

  app.get(
    '/credit-notes/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The credit note as PDF, or as Factur-X (format=facturx)',
        params: idParams,
        querystring: pdfFormatQuery,
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) => {
      const principal = requirePortal(request);
      if (request.query.format === 'facturx') {
        await assertPortalCreditNote(deps.db, principal, request.params.id);
        return sendPdf(reply, () => produceFacturxPdf(deps, 'credit_note', request.params.id));
      }
      const pdf = await renderPortalCreditNotePdf(deps, principal, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes);
    },
  );
};
