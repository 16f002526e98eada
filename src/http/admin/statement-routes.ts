import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getClientStatement } from '../../services/statements/get-client-statement.ts';
import {
  renderClientStatementPdf,
  type StatementPdfDeps,
} from '../../services/statements/render-client-statement-pdf.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { sendPdf } from './invoice-pdf-routes.ts';
import { statementQuery, statementSchema } from './statement-schemas.ts';

/** Client statements for staff of either role (admin and finance): read-only figures, per currency. */
export const statementRoutes: FastifyPluginAsyncZod<{ deps: StatementPdfDeps }> = async (app, { deps }) => {
  app.get(
    '/clients/:id/statement',
    {
      schema: {
        tags: ['clients'],
        summary: "A client's statement for a period, as JSON or PDF",
        description:
          'Per currency (never added across currencies): the opening balance at from, every issued invoice (+), ' +
          'credit note (-), payment (-), payment refund (+) and credit refund (+) dated from..to with the running ' +
          'balance, the closing balance at to, and the open invoices as of to in buckets of days past due. Drafts ' +
          'and void invoices are not on it. format=pdf gives the same figures as a PDF download.',
        params: idParams,
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
      const statement = await getClientStatement(deps, request.params.id, query);
      if (format === 'pdf') return sendPdf(reply, () => renderClientStatementPdf(deps, statement));
      return statement;
    },
  );
};
