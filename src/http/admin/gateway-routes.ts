import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GatewayError } from '../../ports.ts';
import { checkGatewayConnection } from '../../services/gateways/check-gateway-connection.ts';
import { GATEWAY_PROVIDERS, type GatewayDeps } from '../../services/gateways/gateway-deps.ts';
import { getGatewaySettings } from '../../services/gateways/get-gateway-settings.ts';
import { listWebhookEvents } from '../../services/gateways/list-webhook-events.ts';
import { refundThroughGateway } from '../../services/gateways/refund-through-gateway.ts';
import { retryWebhookEvent } from '../../services/gateways/retry-webhook-event.ts';
import { updateGatewaySettings } from '../../services/gateways/update-gateway-settings.ts';
import { actionContext, requireActor } from '../plugins/staff-auth.ts';
import { sendProblem } from '../problem.ts';
import { decimalInput, errorResponses, idParams, multilineText, shortText, uuid } from '../schemas.ts';

const WEBHOOK_STATES = ['received', 'processed', 'ignored', 'waiting', 'failed'] as const;

const providerParams = z.strictObject({
  provider: z.enum(GATEWAY_PROVIDERS as [string, ...string[]], { message: 'Unknown payment gateway' }),
});

/** The provider could not be reached or refused: 502 with its words, nothing recorded. */
export function sendGatewayProblem(
  reply: FastifyReply,
  error: GatewayError,
  title = 'Payment provider error',
) {
  return sendProblem(reply, {
    type: 'https://remit.invalid/problems/gateway_error',
    title,
    status: 502,
    detail: error.message,
    code: 'gateway_error',
  });
}

/** Payment settings (admins) and refunds through a gateway (staff), under /api/v1. */
export const gatewayRoutes: FastifyPluginAsyncZod<{ deps: GatewayDeps }> = async (app, { deps }) => {
  const tags = ['payment gateways'];

  app.get(
    '/settings/gateways',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Every payment gateway with its settings', response: errorResponses },
    },
    async () => ({
      items: await Promise.all(GATEWAY_PROVIDERS.map((provider) => getGatewaySettings(deps, provider))),
    }),
  );

  app.get(
    '/settings/gateways/:provider',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "One gateway's settings; credentials only say whether they are set",
        params: providerParams,
        response: errorResponses,
      },
    },
    async (request) => getGatewaySettings(deps, request.params.provider),
  );

  app.put(
    '/settings/gateways/:provider',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Enable a gateway, choose test or live mode, enter its credentials',
        description:
          'Stripe: secretKey, webhookSecret. PayPal: clientId, clientSecret, webhookId. 2Checkout: merchantCode, ' +
          'secretKey, buyLinkSecretWord. Credentials left out are kept; an empty string clears one. They are ' +
          'encrypted at rest and never returned.',
        params: providerParams,
        body: z.strictObject({
          enabled: z.boolean().optional(),
          mode: z.enum(['test', 'live']).optional(),
          credentials: z.record(shortText(100), multilineText(4000)).optional(),
        }),
        response: errorResponses,
      },
    },
    async (request) =>
      updateGatewaySettings(deps, actionContext(request), request.params.provider, request.body),
  );

  app.post(
    '/settings/gateways/:provider/check',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Check the stored credentials with a harmless call to the provider',
        params: providerParams,
        response: errorResponses,
      },
    },
    async (request) => checkGatewayConnection(deps, request.params.provider),
  );

  app.post(
    '/invoices/:id/payments/:paymentId/gateway-refund',
    {
      schema: {
        tags,
        summary: 'Refund an online payment through its provider (Stripe, PayPal), in full or in part',
        description:
          'The amount defaults to what is not refunded yet (less client credit refunded through the payment). ' +
          'Answers the payment and the invoice.',
        params: z.strictObject({ id: uuid, paymentId: uuid }),
        body: z
          .strictObject({ amount: decimalInput.optional(), reason: multilineText(1000).optional() })
          .optional(),
        response: { ...errorResponses, 502: errorResponses[400] },
      },
    },
    async (request, reply) => {
      try {
        return await refundThroughGateway(
          deps,
          requireActor(request),
          request.params.id,
          request.params.paymentId,
          request.body ?? {},
        );
      } catch (error) {
        if (error instanceof GatewayError) return sendGatewayProblem(reply, error);
        throw error;
      }
    },
  );

  app.get(
    '/webhook-events',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "The providers' latest events (newest first) and deliveries refused for their signature",
        querystring: z.strictObject({
          state: z
            .string()
            .transform((text) => text.split(','))
            .pipe(z.array(z.enum(WEBHOOK_STATES)))
            .optional()
            .meta({ description: 'Comma-separated states, e.g. failed,waiting' }),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: errorResponses,
      },
    },
    async (request) => listWebhookEvents(deps, { states: request.query.state, limit: request.query.limit }),
  );

  app.post(
    '/webhook-events/:id/retry',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Process a failed event again now (it applies once, whatever ran before)',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => retryWebhookEvent(deps, request.params.id),
  );
};
