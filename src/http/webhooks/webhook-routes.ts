import type { FastifyPluginAsync } from 'fastify';
import { WebhookRejectedError } from '../../ports.ts';
import type { GatewayDeps } from '../../services/gateways/gateway-deps.ts';
import { receiveWebhook } from '../../services/gateways/receive-webhook.ts';
import { sendProblem } from '../problem.ts';

export interface WebhookRouteOptions {
  deps: GatewayDeps;
  /** Called after an event was stored, to process it now rather than at the next scheduled run. */
  onEventStored?: () => void;
}

/**
 * Provider webhooks at /api/webhooks/:provider. The raw-body parser is registered here only (Fastify encapsulates
 * it): signatures are computed over the exact bytes sent, which parsing and serialising again would change.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRouteOptions> = async (
  app,
  { deps, onEventStored },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
    done(null, body),
  );

  app.post<{ Params: { provider: string } }>(
    '/:provider',
    {
      config: { access: 'public' },
      schema: {
        tags: ['webhooks'],
        summary: 'Signed event from a payment provider (Stripe, PayPal, 2Checkout IPN)',
        description:
          'The signature is verified over the raw body; a verified event is stored once and processed by a job. ' +
          'Forged signatures, and signatures dated beyond the tolerance in the past or the future, get 400 and ' +
          'leave only a rejection log entry. A correctly signed body Remit cannot use (not JSON, fields missing or ' +
          'of the wrong type, an invoice that is not ours) is answered 200 all the same, so the provider stops ' +
          'retrying, and kept as an ignored event with the reason (GET /api/v1/webhook-events).',
      },
    },
    async (request, reply) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const accepted = await receiveWebhook(deps, {
          provider: request.params.provider,
          rawBody,
          headers: request.headers,
          remoteAddress: request.ip,
        });
        if (accepted.first) {
          try {
            onEventStored?.();
          } catch {
            // The scheduled run picks the event up anyway.
          }
        }
        if (accepted.acknowledgement) {
          return reply
            .code(200)
            .type(accepted.acknowledgement.contentType)
            .send(accepted.acknowledgement.body);
        }
        return reply.code(200).send({ received: true });
      } catch (error) {
        if (!(error instanceof WebhookRejectedError)) throw error;
        request.log.warn({ provider: request.params.provider, reason: error.reason }, 'webhook rejected');
        return sendProblem(reply, {
          type: 'https://remit.invalid/problems/webhook_signature',
          title: 'Bad signature',
          status: 400,
          detail: 'The webhook signature did not verify',
          code: 'webhook_signature',
        });
      }
    },
  );
};
