import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PdfServiceDeps } from '../../services/documents/render-document-pdf.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';

/** What the quote routes need: sending (links, the app key) and the PDF renderer. */
export interface QuoteRouteOptions {
  deps: SendingDeps & PdfServiceDeps;
}

/** Staff quote actions under /api/v1: send, PDF, portal link, the client's answer and conversion. */
export const quoteActionRoutes: FastifyPluginAsyncZod<QuoteRouteOptions> = async (_app, _options) => {};
