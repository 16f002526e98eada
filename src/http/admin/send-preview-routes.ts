import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCreditNoteIn } from '../../services/credit-notes/send-credit-note.ts';
import { previewSend } from '../../services/email/preview-send.ts';
import { sendInvoiceIn } from '../../services/invoices/send-invoice.ts';
import { sendReminderIn } from '../../services/invoices/send-reminder.ts';
import { sendQuoteIn } from '../../services/quotes/send-quote.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { getClientStatement } from '../../services/statements/get-client-statement.ts';
import { queueStatementEmails } from '../../services/statements/send-client-statement.ts';
import { actionContext, requireActor } from '../plugins/staff-auth.ts';
import { idParams, withResponses } from '../schemas.ts';
import { creditNoteSendBody, emailPreviewSchema, invoiceSendBody, quoteSendBody } from './send-bodies.ts';
import { sendStatementBody } from './statement-schemas.ts';

const PREVIEW_DESCRIPTION =
  'Takes the same body as the send and answers the first email exactly as the outbox would hold it (subject, ' +
  'HTML, text, recipient and copies), with `preview` where the recipient’s link token goes. The send runs with ' +
  'every check it makes and is rolled back: nothing is queued, issued or numbered. Bad input gets the same 422 ' +
  'as the send.';

const response = withResponses({ 200: emailPreviewSchema });

/** POST .../send/preview for every document send: what the send would email, without sending. */
export const sendPreviewRoutes: FastifyPluginAsyncZod<{ deps: SendingDeps }> = async (app, { deps }) => {
  app.post(
    '/invoices/:id/send/preview',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Preview the email POST /invoices/{id}/send would write',
        description: PREVIEW_DESCRIPTION,
        params: idParams,
        body: invoiceSendBody,
        response,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return previewSend(deps.db, async (trx) => {
        const input = request.body ?? {};
        return (await sendInvoiceIn(trx, deps, actor, request.params.id, input, deps.clock.now())).emails;
      });
    },
  );

  app.post(
    '/invoices/:id/remind/preview',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Preview the reminder POST /invoices/{id}/remind would write',
        description: PREVIEW_DESCRIPTION,
        params: idParams,
        body: invoiceSendBody,
        response,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return previewSend(deps.db, async (trx) => {
        const input = request.body ?? {};
        return (await sendReminderIn(trx, deps, actor, request.params.id, input, deps.clock.now())).emails;
      });
    },
  );

  app.post(
    '/quotes/:id/send/preview',
    {
      schema: {
        tags: ['quotes'],
        summary: 'Preview the email POST /quotes/{id}/send would write',
        description: PREVIEW_DESCRIPTION,
        params: idParams,
        body: quoteSendBody,
        response,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return previewSend(deps.db, async (trx) => {
        const input = request.body ?? {};
        return (await sendQuoteIn(trx, deps, actor, request.params.id, input, deps.clock.now())).emails;
      });
    },
  );

  app.post(
    '/credit-notes/:id/send/preview',
    {
      schema: {
        tags: ['credit notes'],
        summary: 'Preview the email POST /credit-notes/{id}/send would write',
        description: PREVIEW_DESCRIPTION,
        params: idParams,
        body: creditNoteSendBody,
        response,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return previewSend(deps.db, async (trx) => {
        const input = request.body ?? {};
        const now = deps.clock.now();
        return (await sendCreditNoteIn(trx, deps, actor, request.params.id, input, now)).emails;
      });
    },
  );

  app.post(
    '/clients/:id/statement/send/preview',
    {
      schema: {
        tags: ['clients'],
        summary: 'Preview the email POST /clients/{id}/statement/send would write',
        description: PREVIEW_DESCRIPTION,
        params: idParams,
        body: sendStatementBody,
        response,
      },
    },
    async (request) => {
      const context = actionContext(request);
      const { from, to } = request.body;
      const statement = await getClientStatement(deps, request.params.id, { from, to });
      return previewSend(deps.db, (trx) =>
        queueStatementEmails(trx, deps, context, statement, request.body, deps.clock.now()),
      );
    },
  );
};
