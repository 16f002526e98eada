import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { QUOTE_STATUSES, type QuoteStatus } from '../../domain/quote-status.ts';
import type { PdfServiceDeps } from '../../services/documents/render-document-pdf.ts';
import { answerPortalQuote } from '../../services/portal/answer-portal-quote.ts';
import { getPortalQuote } from '../../services/portal/get-portal-quote.ts';
import { listPortalQuotes } from '../../services/portal/list-portal-quotes.ts';
import type { PortalDeps } from '../../services/portal/portal-context.ts';
import { renderPortalQuotePdf } from '../../services/portal/render-portal-quote-pdf.ts';
import { markQuoteViewed } from '../../services/quotes/mark-quote-viewed.ts';
import { errorResponses, idParams, multilineText, pageQuery, shortText } from '../schemas.ts';
import { requirePortal } from './portal-auth.ts';

type PortalQuoteStatus = Exclude<QuoteStatus, 'draft'>;
const portalStatuses = QUOTE_STATUSES.filter((status) => status !== 'draft') as PortalQuoteStatus[];
const statusList = z
  .string()
  .transform((value) => value.split(','))
  .pipe(z.array(z.enum(portalStatuses as [PortalQuoteStatus, ...PortalQuoteStatus[]])))
  .meta({ description: `Comma-separated statuses: ${portalStatuses.join(', ')}` });

const tags = ['portal'];

const seenRevision = z
  .number()
  .int()
  .min(1)
  .optional()
  .meta({
    description:
      'The `revision` of the quote as read; if staff changed the quote since, the answer is refused (409 ' +
      'quote_revised) so that it never binds the client to a version they did not see',
  });

/**
 * The client portal's quotes, under /api/portal/v1 (registered inside portalRoutes, so the portal session and CSRF
 * checks apply). A contact sees the quotes of their own client only, never drafts; a quote link's session sees that
 * one quote. Anything else is 404.
 */
export const portalQuoteRoutes: FastifyPluginAsyncZod<{ deps: PortalDeps & PdfServiceDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/quotes',
    {
      schema: {
        tags,
        summary: "The client's quotes, newest first (never drafts)",
        querystring: z.strictObject({ ...pageQuery, status: statusList.optional() }),
        response: errorResponses,
      },
    },
    async (request) => listPortalQuotes(deps, requirePortal(request), request.query),
  );

  app.get(
    '/quotes/:id',
    {
      schema: {
        tags,
        summary: 'One quote in full; the first open by a contact marks it viewed',
        description:
          'Lines, taxes, totals, terms, validUntil, status (expired when validUntil has passed) and the answer ' +
          'given (outcome, at, name, note), with the organisation as `business` and `revision`, the version shown ' +
          '(1 as sent, one more per edit by staff).',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => {
      const principal = requirePortal(request);
      await getPortalQuote(deps, principal, request.params.id);
      await markQuoteViewed(deps, { quoteId: request.params.id, contactId: principal.contactId });
      return getPortalQuote(deps, principal, request.params.id);
    },
  );

  app.get(
    '/quotes/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The quote as PDF',
        params: idParams,
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) => {
      const pdf = await renderPortalQuotePdf(deps, requirePortal(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes);
    },
  );

  app.post(
    '/quotes/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept the quote, typing your full name (send X-CSRF-Token)',
        description:
          'Records the name, the time, the address it came from and the contact; staff are emailed. 409 for a ' +
          'quote already accepted (quote_already_accepted), declined (quote_declined), invoiced or expired ' +
          '(quote_expired), or changed since the version given in `revision` (quote_revised). When the ' +
          'organisation converts accepted quotes automatically, a draft invoice is made.',
        params: idParams,
        body: z.strictObject({
          name: shortText(200)
            .trim()
            .min(1, 'Type your full name to accept')
            .meta({ description: 'The full name of the person accepting' }),
          note: multilineText(2000).optional(),
          revision: seenRevision,
        }),
        response: errorResponses,
      },
    },
    async (request) =>
      answerPortalQuote(
        deps,
        requirePortal(request),
        request.params.id,
        {
          outcome: 'accept',
          name: request.body.name,
          note: request.body.note,
          revision: request.body.revision,
        },
        request.ip,
      ),
  );

  app.post(
    '/quotes/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline the quote, with an optional reason (send X-CSRF-Token)',
        description:
          'Staff are emailed. 409 for a quote already answered or invoiced, or changed since the version given in ' +
          '`revision` (quote_revised).',
        params: idParams,
        body: z.strictObject({ reason: multilineText(2000).optional(), revision: seenRevision }).nullish(),
        response: errorResponses,
      },
    },
    async (request) =>
      answerPortalQuote(
        deps,
        requirePortal(request),
        request.params.id,
        { outcome: 'decline', reason: request.body?.reason, revision: request.body?.revision },
        request.ip,
      ),
  );
};
