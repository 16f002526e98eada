import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Trx } from '../../db/client.ts';
import type { Actor } from '../../services/context.ts';
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
import { withPreviewPage } from './email-preview-page-routes.ts';
import { creditNoteSendBody, emailPreviewSchema, invoiceSendBody, quoteSendBody } from './send-bodies.ts';
import { sendStatementBody } from './statement-schemas.ts';

const PREVIEW_DESCRIPTION =
  'Takes the same body as the send and answers the first email exactly as the outbox would hold it (subject, ' +
  'HTML, text, recipient and copies), with `preview` where the recipient’s link token goes. The send runs with ' +
  'every check it makes and is rolled back: nothing is queued, issued or numbered. Bad input gets the same 422 ' +
  'as the send. `htmlUrl` shows the HTML as a page of its own for ten minutes, to frame as the client will see it.';

const response = withResponses({ 200: emailPreviewSchema });

/** The common shape of the document sends; each takes its own body, which its route's schema has checked. */
type DocumentSend = (
  trx: Trx,
  deps: SendingDeps,
  actor: Actor,
  id: string,
  input: Record<string, unknown>,
  now: Date,
) => Promise<{ emails: { id: string }[] }>;

/** The document sends that have a preview: where the send lives, its tag, its body and the send itself. */
const DOCUMENT_SENDS = [
  { path: '/invoices/:id/send', tag: 'invoices', what: 'email', body: invoiceSendBody, send: sendInvoiceIn },
  {
    path: '/invoices/:id/remind',
    tag: 'invoices',
    what: 'reminder',
    body: invoiceSendBody,
    send: sendReminderIn,
  },
  { path: '/quotes/:id/send', tag: 'quotes', what: 'email', body: quoteSendBody, send: sendQuoteIn },
  {
    path: '/credit-notes/:id/send',
    tag: 'credit notes',
    what: 'email',
    body: creditNoteSendBody,
    send: sendCreditNoteIn,
  },
] as const;

/** POST .../send/preview for every document send: what the send would email, without sending. */
export const sendPreviewRoutes: FastifyPluginAsyncZod<{ deps: SendingDeps }> = async (app, { deps }) => {
  for (const { path, tag, what, body, send } of DOCUMENT_SENDS) {
    app.post(
      `${path}/preview`,
      {
        schema: {
          tags: [tag],
          summary: `Preview the ${what} POST ${path.replace(':id', '{id}')} would write`,
          description: PREVIEW_DESCRIPTION,
          params: idParams,
          body,
          response,
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const input = (request.body ?? {}) as Record<string, unknown>;
        const preview = await previewSend(deps.db, async (trx) => {
          const documentSend = send as DocumentSend;
          return (await documentSend(trx, deps, actor, request.params.id, input, deps.clock.now())).emails;
        });
        return withPreviewPage(deps, request, preview);
      },
    );
  }

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
      const preview = await previewSend(deps.db, (trx) =>
        queueStatementEmails(trx, deps, context, statement, request.body, deps.clock.now()),
      );
      return withPreviewPage(deps, request, preview);
    },
  );
};
