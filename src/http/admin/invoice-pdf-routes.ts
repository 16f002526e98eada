import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PdfServiceDeps, RenderedPdf } from '../../services/documents/render-document-pdf.ts';
import { EInvoiceRefusedError } from '../../services/einvoice/produce-einvoice.ts';
import { produceFacturxPdf } from '../../services/einvoice/produce-facturx-pdf.ts';
import { renderInvoicePdf } from '../../services/invoices/render-invoice-pdf.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { sendEInvoiceRefusal } from './einvoice-refusal.ts';

/** `filename` is ASCII-safe for old clients; `filename*` carries the exact name (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** `?format=facturx` asks for the Factur-X PDF; without it, the plain PDF (other parameters are ignored as before). */
export const pdfFormatQuery = z.strictObject({
  format: z
    .enum(['facturx'])
    .optional()
    .meta({
      description:
        'facturx: Factur-X 1.0 / ZUGFeRD 2.x (EN 16931), a PDF/A-3b carrying the CII XML as factur-x.xml. ' +
        'Only for issued documents: a draft answers 409, a document the profile cannot carry 422 with every reason',
    }),
});

/** The PDF as a download; a Factur-X refusal as 422 problem+json listing every reason. */
export async function sendPdf(reply: FastifyReply, render: () => Promise<RenderedPdf>) {
  try {
    const pdf = await render();
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition(pdf.filename))
      .header('cache-control', 'private, no-store')
      .send(pdf.bytes);
  } catch (error) {
    if (!(error instanceof EInvoiceRefusedError)) throw error;
    return sendEInvoiceRefusal(reply, error);
  }
}

export const invoicePdfRoutes: FastifyPluginAsyncZod<{ deps: PdfServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/invoices/:id/pdf',
    {
      schema: {
        tags: ['invoices'],
        summary: 'The invoice as a PDF (rendered from its current state), or as Factur-X',
        params: idParams,
        querystring: pdfFormatQuery,
        produces: ['application/pdf'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) =>
      sendPdf(reply, () =>
        request.query.format === 'facturx'
          ? produceFacturxPdf(deps, 'invoice', request.params.id)
          : renderInvoicePdf(deps, request.params.id),
      ),
  );
};
