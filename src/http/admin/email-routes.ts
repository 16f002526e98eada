import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { retryEmail } from '../../services/email/retry-email.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import { errorResponses, idParams } from '../schemas.ts';

/** Staff actions on one email of the outbox. */
export const emailRoutes: FastifyPluginAsyncZod<{ deps: SendingDeps }> = async (app, { deps }) => {
  app.post(
    '/emails/:id/retry',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Retry a failed email now: its attempts start again from zero and it is delivered at once',
        description:
          'Only an email whose state is `failed` can be retried; any other state answers 409 `email_not_failed` ' +
          '(409 `email_purged` once the retention period emptied it). A link in the email (invoice link, portal ' +
          'invitation, password reset, sign-in link) gets a fresh token, since the old one was discarded when the ' +
          'email failed. An email from before the upgrade that stopped storing tokens whose invitation, reset or ' +
          'sign-in link was removed answers 409 `email_link_removed` (send a new one, or the invoice again). Answers ' +
          "the email as listed by GET /invoices/{id}/emails; the invoice's timeline records who retried it.",
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => retryEmail(deps, requireActor(request), request.params.id),
  );
};
