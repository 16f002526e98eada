import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PdfServiceDeps } from '../../services/documents/render-document-pdf.ts';
import { renderInvoicePdf } from '../../services/invoices/render-invoice-pdf.ts';
import { errorResponses, idParams } from '../schemas.ts';

/** `filename` is ASCII-safe for old clients; `filename*` carries the exact name (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const invoicePdfRoutes: FastifyPluginAsyncZod<{ deps: PdfServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/invoices/:id/pdf',
    {
      schema: {
        tags: ['invoices'],
        summary: 'The invoice as a PDF (rendered from its current state)',
        params: idParams,
        produces: ['application/pdf'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) => {
      const pdf = await renderInvoicePdf(deps, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(pdf.filename))
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes);
    },
  );
};
