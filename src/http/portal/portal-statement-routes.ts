import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPortalStatement } from '../../services/statements/get-portal-statement.ts';
import {
  renderClientStatementPdf,
  type StatementPdfDeps,
} from '../../services/statements/render-client-statement-pdf.ts';
import { sendPdf } from '../admin/invoice-pdf-routes.ts';
import { statementQuery, statementSchema } from '../admin/statement-schemas.ts';
import { errorResponses } from '../schemas.ts';
import { requirePortal } from './portal-auth.ts';

/**
 * The client portal's statement, under /api/portal/v1 (registered inside portalRoutes: the portal session applies).
 * Always the signed-in contact's own client: there is no client id to pass.
 */
export const portalStatementRoutes: FastifyPluginAsyncZod<{ deps: StatementPdfDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/statement',
    {
      schema: {
        tags: ['portal'],
        summary: "The signed-in client's statement for a period, as JSON or PDF",
        description:
          'The ClientStatement of the staff API for the contact’s own client. A session opened by an emailed ' +
          'link gets 403: it may see its one document, not the account.',
        querystring: statementQuery,
        produces: ['application/json', 'application/pdf'],
        response: {
          ...errorResponses,
          200: statementSchema.or(z.any().meta({ description: 'application/pdf' })),
        },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const statement = await getPortalStatement(deps, requirePortal(request), query);
      if (format === 'pdf') return sendPdf(reply, () => renderClientStatementPdf(deps, statement));
      return statement;
    },
  );
};
