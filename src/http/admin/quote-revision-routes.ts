import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { getQuoteRevision } from '../../services/quotes/get-quote-revision.ts';
import { listQuoteRevisions } from '../../services/quotes/list-quote-revisions.ts';
import { idParams, uuid, withResponses } from '../schemas.ts';
import { listOf } from '../view-schemas.ts';
import { quoteRevisionSchema, quoteRevisionSummarySchema } from './quote-schemas.ts';

const tags = ['quotes'];

/** The versions of a sent quote (staff only): every edit after sending is kept, as invoices keep theirs. */
export const quoteRevisionRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/quotes/:id/revisions',
    {
      schema: {
        tags,
        summary: 'Every version of a sent quote, oldest first; the last one is current',
        description:
          'Revision 1 is the quote as sent; each edit of a sent, viewed or expired quote adds one. A quote sent and ' +
          'never edited lists one version, the quote itself; a draft lists none. 404 for an unknown quote.',
        params: idParams,
        response: withResponses({ 200: listOf(quoteRevisionSummarySchema) }),
      },
    },
    async (request) => ({ items: await listQuoteRevisions(deps, request.params.id) }),
  );

  app.get(
    '/quotes/:id/revisions/:revision',
    {
      schema: {
        tags,
        summary: 'One version of a sent quote as it was saved, with its totals',
        description: '404 for a number the quote does not have, and for drafts.',
        params: z.strictObject({ id: uuid, revision: z.coerce.number().int().min(1).max(1_000_000) }),
        response: withResponses({ 200: quoteRevisionSchema }),
      },
    },
    async (request) => getQuoteRevision(deps, request.params.id, request.params.revision),
  );
};
