/**
 * E-invoice downloads of issued invoices and credit notes (UBL, CII, Peppol BIS, XRechnung UBL and CII), and the
 * check that lists what is missing for a format. A draft has no number: 409. A document that cannot be written in
 * the format: 422 problem+json listing every reason (errors[] with field, code and message).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import type { EInvoiceDocumentKind } from '../../services/einvoice/assemble-einvoice-input.ts';
import { EINVOICE_DOWNLOAD_FORMATS } from '../../services/einvoice/einvoice-formats.ts';
import {
  checkEInvoice,
  EInvoiceRefusedError,
  type ProducedEInvoice,
  produceEInvoice,
} from '../../services/einvoice/produce-einvoice.ts';
import { errorResponses, idParams, withResponses } from '../schemas.ts';
import { sendEInvoiceRefusal } from './einvoice-refusal.ts';
import { contentDisposition } from './invoice-pdf-routes.ts';

export const einvoiceFormatQuery = z.strictObject({
  format: z
    .enum(EINVOICE_DOWNLOAD_FORMATS)
    .optional()
    .meta({
      description:
        'ubl and cii: EN 16931; peppol: Peppol BIS Billing 3.0 (UBL); xrechnung / xrechnung-cii: XRechnung 3.0 in ' +
        "UBL or CII. Default: the client's preferred format when it is one of these, else ubl",
    }),
});

const checkSchema = z.object({
  format: z.enum(EINVOICE_DOWNLOAD_FORMATS),
  ready: z.boolean(),
  problems: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })),
});

/** The XML as a download, or the refusal as 422 problem+json with every reason. */
export async function sendEInvoice(reply: FastifyReply, produce: () => Promise<ProducedEInvoice>) {
  try {
    const { xml, filename } = await produce();
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', contentDisposition(filename))
      .header('cache-control', 'private, no-store')
      .send(xml);
  } catch (error) {
    if (!(error instanceof EInvoiceRefusedError)) throw error;
    return sendEInvoiceRefusal(reply, error);
  }
}

const KINDS: { path: string; kind: EInvoiceDocumentKind; tag: string; what: string }[] = [
  { path: '/invoices/:id', kind: 'invoice', tag: 'invoices', what: 'invoice' },
  { path: '/credit-notes/:id', kind: 'credit_note', tag: 'credit notes', what: 'credit note' },
];

export const einvoiceRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  for (const { path, kind, tag, what } of KINDS) {
    app.get(
      `${path}/e-invoice`,
      {
        schema: {
          tags: [tag],
          summary: `The issued ${what} as an e-invoice (XML) in the chosen format`,
          description:
            `application/xml, named after the number (e.g. INV-2026-0001-xrechnung.xml). A draft answers 409; a ${what} ` +
            'the format cannot carry (missing VAT number, a tax without VAT category, no Leitweg-ID ...) answers 422 ' +
            'listing every reason in errors[] (field, code, message).',
          params: idParams,
          querystring: einvoiceFormatQuery,
          produces: ['application/xml'],
          response: { ...errorResponses, 200: z.any().meta({ description: 'application/xml' }) },
        },
      },
      async (request, reply) =>
        sendEInvoice(reply, () => produceEInvoice(deps, kind, request.params.id, request.query.format)),
    );

    app.get(
      `${path}/e-invoice/check`,
      {
        schema: {
          tags: [tag],
          summary: `What the ${what} lacks to be sent as an e-invoice in the chosen format`,
          description: `Works on drafts too: it lists what will be missing once the ${what} is issued.`,
          params: idParams,
          querystring: einvoiceFormatQuery,
          response: withResponses({ 200: checkSchema }),
        },
      },
      async (request) => checkEInvoice(deps, kind, request.params.id, request.query.format),
    );
  }
};
