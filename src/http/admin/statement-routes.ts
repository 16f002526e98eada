import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { getClientStatement } from '../../services/statements/get-client-statement.ts';
import {
  renderClientStatementPdf,
  type StatementPdfDeps,
} from '../../services/statements/render-client-statement-pdf.ts';
import { sendClientStatement } from '../../services/statements/send-client-statement.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { errorResponses, idParams, withResponses } from '../schemas.ts';
import { sendPdf } from './invoice-pdf-routes.ts';
import {
  sendStatementBody,
  sentStatementSchema,
  statementQuery,
  statementSchema,
} from './statement-schemas.ts';

/** Client statements for staff of either role (admin and finance): read-only figures, per currency. */
export const statementRoutes: FastifyPluginAsyncZod<{ deps: StatementPdfDeps & SendingDeps }> = async (
  app,
  { deps },
) => {
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

  app.post(
    '/clients/:id/statement/send',
    {
      schema: {
        tags: ['clients'],
        summary: "Email a client's statement for a period, with its PDF",
        description:
          'Writes one email per recipient (default: every contact of the client with an email address) to the ' +
          'outbox; a worker delivers them with retries and attaches the statement PDF as it stands at delivery. ' +
          'Without SMTP settings the emails are recorded as not_sent with the reason. Recorded in the audit log ' +
          '(statement.sent).',
        params: idParams,
        body: sendStatementBody,
        response: withResponses({ 202: sentStatementSchema }),
      },
    },
    async (request, reply) => {
      const { statement, emails } = await sendClientStatement(
        deps,
        actionContext(request),
        request.params.id,
        request.body,
      );
      return reply
        .code(202)
        .send({ clientId: statement.client.id, from: statement.from, to: statement.to, emails });
    },
  );
};
