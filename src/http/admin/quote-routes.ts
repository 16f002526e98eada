import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_LINES } from '../../services/documents/document-input.ts';
import { listDocumentEvents } from '../../services/documents/list-document-events.ts';
import { createQuote } from '../../services/quotes/create-quote.ts';
import { deleteQuote } from '../../services/quotes/delete-quote.ts';
import { getQuoteWithParties } from '../../services/quotes/get-quote.ts';
import { listQuotes } from '../../services/quotes/list-quotes.ts';
import { markQuoteSent } from '../../services/quotes/mark-quote-sent.ts';
import { updateQuote } from '../../services/quotes/update-quote.ts';
import { actionContext, requireActor } from '../plugins/staff-auth.ts';
import {
  dateString,
  discountSchema,
  idParams,
  invoiceLineSchema,
  longText,
  pageQuery,
  shortText,
  taxReferenceSchema,
  uuid,
  withResponses,
} from '../schemas.ts';
import { listOf, pageOf } from '../view-schemas.ts';
import { quoteListFilters } from './list-filters.ts';
import type { QuoteRouteOptions } from './quote-action-routes.ts';
import { quoteEventSchema, quoteSchema, quoteSummarySchema } from './quote-schemas.ts';

const quoteFields = {
  projectId: uuid.nullable().optional().meta({ description: "One of the client's projects; null: none" }),
  currency: z
    .string()
    .length(3)
    .toUpperCase()
    .optional()
    .meta({ description: "ISO 4217 code; default: the client's currency, else the default currency" }),
  issueDate: dateString.optional().meta({ description: "Default: today in the organisation's time zone" }),
  validUntil: dateString.optional().meta({
    description:
      'The last day the offer stands, on or after issueDate (422 otherwise); default on create: issueDate plus the ' +
      'quoteValidityDays setting. Editing it on a sent quote that expired opens it again.',
  }),
  lines: z.array(invoiceLineSchema).max(MAX_LINES).optional(),
  discount: discountSchema.nullable().optional(),
  taxes: z
    .array(taxReferenceSchema)
    .max(10)
    .optional()
    .meta({ description: 'Taxes on every line; left out on create: the default tax rates' }),
  notes: longText.optional(),
  terms: longText.optional(),
};

const tags = ['quotes'];

/** Staff quote API under /api/v1: list, create, read, edit, delete, mark sent and the timeline. */
export const quoteRoutes: FastifyPluginAsyncZod<QuoteRouteOptions> = async (app, { deps }) => {
  app.get(
    '/quotes',
    {
      schema: {
        tags,
        summary: 'List quotes, newest first or in the order asked, with keyset pagination',
        querystring: z.strictObject({
          ...pageQuery,
          cursor: shortText(2000).optional().meta({ description: 'nextCursor of the previous page' }),
          ...quoteListFilters,
        }),
        response: withResponses({ 200: pageOf(quoteSummarySchema) }),
      },
    },
    async (request) => listQuotes(deps, request.query),
  );

  app.post(
    '/quotes',
    {
      schema: {
        tags,
        summary: 'Save a new draft quote; the response carries its totals',
        description:
          '422 naming the field for an unknown or archived client (clientId), a project of another client ' +
          '(projectId), a currency that is not ISO 4217 (currency), or validUntil before issueDate (validUntil).',
        body: z.strictObject({ clientId: uuid, ...quoteFields }),
        response: withResponses({ 201: quoteSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createQuote(deps, requireActor(request), request.body)),
  );

  app.get(
    '/quotes/:id',
    {
      schema: {
        tags,
        summary: 'One quote with lines, totals, the client’s answer and the invoice it became',
        params: idParams,
        response: withResponses({ 200: quoteSchema }),
      },
    },
    async (request) => getQuoteWithParties(deps, request.params.id),
  );

  app.patch(
    '/quotes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a quote; `lines`, when given, replaces all lines',
        description:
          "A draft is edited in place ('updated' event). A sent, viewed or expired quote is saved as a new " +
          "revision, earlier ones kept (GET /quotes/{id}/revisions), with a 'revised' event naming the fields " +
          'that changed; it keeps its number, its client and its currency (422 otherwise), a viewed quote is Sent ' +
          'again until the client opens the new version, and an edit that changes nothing saves no revision. ' +
          'Accepted, declined and invoiced quotes are locked (409 quote_locked).',
        params: idParams,
        body: z.strictObject({
          clientId: uuid.optional(),
          ...quoteFields,
          revisionNote: shortText(1000).optional().meta({ description: 'Why a sent quote changed' }),
        }),
        response: withResponses({ 200: quoteSchema }),
      },
    },
    async (request) => {
      const { revisionNote, ...input } = request.body;
      return updateQuote(deps, requireActor(request), request.params.id, input, { note: revisionNote });
    },
  );

  app.delete(
    '/quotes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft quote (a sent quote is kept for the record: 409)',
        params: idParams,
        response: withResponses({ 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      await deleteQuote(deps, request.params.id, actionContext(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/quotes/:id/mark-sent',
    {
      schema: {
        tags,
        summary:
          'Issue a draft quote without emailing it: assigns the next quote number, status becomes sent',
        description: '422 on lines for a quote without lines or with a negative total; 409 if already sent.',
        params: idParams,
        response: withResponses({ 200: quoteSchema }),
      },
    },
    async (request) => markQuoteSent(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/quotes/:id/events',
    {
      schema: {
        tags,
        summary: "The quote's timeline, oldest first",
        params: idParams,
        response: withResponses({ 200: listOf(quoteEventSchema) }),
      },
    },
    async (request) => ({ items: await listDocumentEvents(deps, 'quote', request.params.id) }),
  );
};
