import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PdfServiceDeps } from '../../services/documents/render-document-pdf.ts';
import { createStaffQuoteLink } from '../../services/portal/create-staff-quote-link.ts';
import { convertQuote } from '../../services/quotes/convert-quote.ts';
import { recordQuoteAnswer } from '../../services/quotes/record-quote-answer.ts';
import { renderQuotePdf } from '../../services/quotes/render-quote-pdf.ts';
import { sendQuote } from '../../services/quotes/send-quote.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import { errorResponses, idParams, multilineText, shortText, uuid, withResponses } from '../schemas.ts';
import { invoiceSchema, staffInvoiceLinkSchema } from '../view-schemas.ts';
import { contentDisposition } from './invoice-pdf-routes.ts';
import { quoteSchema } from './quote-schemas.ts';
import { quoteSendBody } from './send-bodies.ts';

/** What the quote routes need: sending (links, the app key) and the PDF renderer. */
export interface QuoteRouteOptions {
  deps: SendingDeps & PdfServiceDeps;
}

const tags = ['quotes'];

const sentEmailSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  to: z.string(),
  state: z.enum(['queued', 'not_sent']),
  lastError: z.string().nullable(),
});

/** Staff quote actions under /api/v1: send by email, PDF, portal link, the client's answer and conversion. */
export const quoteActionRoutes: FastifyPluginAsyncZod<QuoteRouteOptions> = async (app, { deps }) => {
  app.post(
    '/quotes/:id/send',
    {
      schema: {
        tags,
        summary: 'Email the quote to client contacts with a portal link and the PDF; a draft is sent first',
        description:
          'A draft gets the next quote number and becomes sent in the same transaction that writes one email per ' +
          'contact to the outbox, each with its own portal link opening this quote (accept or decline there) and ' +
          'the PDF attached at delivery. Sending a sent or viewed quote again is a resend. Without SMTP settings ' +
          'the quote is still sent and the emails are recorded as not_sent with the reason. 422 on contactIds for ' +
          'a contact that is not the client’s or has no email address; 409 for an answered, invoiced or expired ' +
          'quote.',
        params: idParams,
        body: quoteSendBody,
        response: withResponses({
          200: z.object({ quote: quoteSchema, emails: z.array(sentEmailSchema) }),
        }),
      },
    },
    async (request) => sendQuote(deps, requireActor(request), request.params.id, request.body ?? {}),
  );

  app.get(
    '/quotes/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The quote as a PDF (rendered from its current state)',
        params: idParams,
        produces: ['application/pdf'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) => {
      const pdf = await renderQuotePdf(deps, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(pdf.filename))
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes);
    },
  );

  app.post(
    '/quotes/:id/portal-link',
    {
      schema: {
        tags,
        summary: 'Make a fresh portal link to the quote for one contact, to copy and share',
        description:
          'Answers 201 with the link (shown this once), when it expires and the contact it is for, and records a ' +
          'portal_link_created event. 409 for a draft (quote_not_sent) or an archived client (client_archived); ' +
          "422 on contactId for a contact that is not the client's, has no email address or was cut off the " +
          'portal, or when it is left out and the client has not exactly one such contact.',
        params: idParams,
        body: z
          .strictObject({
            contactId: uuid.optional().meta({
              description: 'May be left out when exactly one contact of the client can use the portal',
            }),
          })
          .nullish(),
        response: withResponses({ 201: staffInvoiceLinkSchema }),
      },
    },
    async (request, reply) => {
      const link = await createStaffQuoteLink(deps, requireActor(request), request.params.id, {
        contactId: request.body?.contactId,
      });
      return reply.code(201).send(link);
    },
  );

  app.post(
    '/quotes/:id/accept',
    {
      schema: {
        tags,
        summary: "Record the client's acceptance given by phone or in person",
        description:
          'Records who accepted (name), the note, the staff user who recorded it, the time and the request address. ' +
          '409 for a draft, a quote already accepted (quote_already_accepted), declined (quote_declined), invoiced ' +
          '(quote_already_invoiced) or expired (quote_expired: extend validUntil first).',
        params: idParams,
        body: z.strictObject({
          name: shortText(200).trim().min(1, 'Give the name of the person who accepted').meta({
            description: 'Full name of the person who accepted',
          }),
          note: multilineText(2000).optional(),
        }),
        response: withResponses({ 200: quoteSchema }),
      },
    },
    async (request) =>
      recordQuoteAnswer(deps, requireActor(request), request.params.id, {
        outcome: 'accept',
        name: request.body.name,
        note: request.body.note ?? '',
        address: request.ip,
      }),
  );

  app.post(
    '/quotes/:id/decline',
    {
      schema: {
        tags,
        summary: "Record the client's decline given by phone or in person",
        description:
          'Records who declined (name, optional), the reason (note), the staff user, the time and the request ' +
          'address. 409 for a draft or a quote already answered or invoiced.',
        params: idParams,
        body: z
          .strictObject({
            name: shortText(200).optional(),
            note: multilineText(2000).optional().meta({ description: 'The reason given' }),
          })
          .nullish(),
        response: withResponses({ 200: quoteSchema }),
      },
    },
    async (request) =>
      recordQuoteAnswer(deps, requireActor(request), request.params.id, {
        outcome: 'decline',
        name: request.body?.name ?? '',
        note: request.body?.note ?? '',
        address: request.ip,
      }),
  );

  app.post(
    '/quotes/:id/convert',
    {
      schema: {
        tags,
        summary:
          'Convert an accepted quote to an invoice with the same lines and figures; the quote becomes invoiced',
        description:
          "The invoice gets the quote's lines, taxes, discount, rounding rules, notes, terms and project, today's " +
          'issue date and the default payment terms; it is a draft, or issued (numbered, sent) with issue: true. ' +
          'The quote and the invoice link to each other (quote.invoice, and the invoice row keeps the quote id). ' +
          '409 for a quote not accepted (quote_not_accepted), already converted (quote_already_invoiced), declined ' +
          '(quote_declined) or expired (quote_expired); concurrent accept, decline and convert are serialised.',
        params: idParams,
        body: z
          .strictObject({
            issue: z
              .boolean()
              .optional()
              .meta({ description: 'Issue the invoice at once (default: a draft)' }),
          })
          .nullish(),
        response: withResponses({ 200: z.object({ quote: quoteSchema, invoice: invoiceSchema }) }),
      },
    },
    async (request) =>
      convertQuote(deps, requireActor(request), request.params.id, { issue: request.body?.issue ?? false }),
  );
};
