import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { completeCheckoutReturn } from '../../services/gateways/complete-checkout-return.ts';
import { GATEWAY_PROVIDERS, type GatewayDeps } from '../../services/gateways/gateway-deps.ts';
import { listPaymentOptions } from '../../services/gateways/list-payment-options.ts';
import { startCheckout } from '../../services/gateways/start-checkout.ts';
import { errorResponses, idParams, shortText, uuid } from '../schemas.ts';
import { portalAuth, portalErrorHandler, requirePortal } from './portal-auth.ts';

const provider = z.enum(GATEWAY_PROVIDERS as [string, ...string[]], { message: 'Unknown payment gateway' });

/**
 * Online payment in the portal, under /api/portal/v1: the payment options of an invoice, Pay Now, and the pages the
 * provider sends the browser back to. Return and cancel are public (the provider's redirect may arrive without the
 * portal cookie); they trust nothing in the query and read the outcome from the provider itself.
 */
export const gatewayPaymentRoutes: FastifyPluginAsyncZod<{ deps: GatewayDeps }> = async (app, { deps }) => {
  await app.register(portalAuth, { deps });
  app.setErrorHandler(portalErrorHandler(deps));
  const tags = ['portal payments'];
  const invoicePage = (invoiceId: string | null, outcome: string) =>
    invoiceId
      ? `${deps.appUrl}/portal/invoices/${invoiceId}?payment=${outcome}`
      : `${deps.appUrl}/portal?payment=${outcome}`;

  app.get(
    '/invoices/:id/payment-options',
    {
      schema: {
        tags,
        summary:
          'The gateways this invoice can be paid with (enabled, and able to take its currency and balance)',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => listPaymentOptions(deps, requirePortal(request), request.params.id),
  );

  app.post(
    '/invoices/:id/pay',
    {
      schema: {
        tags,
        summary:
          'Pay Now: opens a checkout at the provider for the balance; answers where to send the browser',
        params: idParams,
        body: z.strictObject({ provider }),
        response: { ...errorResponses, 502: errorResponses[400] },
      },
    },
    async (request, reply) => {
      // A provider's refusal is answered by portalErrorHandler, in the reader's language.
      return reply
        .code(201)
        .send(await startCheckout(deps, requirePortal(request), request.params.id, request.body.provider));
    },
  );

  const returnQuery = z
    .object({ invoice: uuid.optional() })
    .catchall(shortText(2000))
    .meta({ description: 'Whatever the provider appends (session id, PayPal token, 2Checkout signature)' });

  app.get(
    '/payments/:provider/return',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        summary:
          'Where the provider sends the client back after paying; redirects to the invoice in the portal',
        params: z.strictObject({ provider }),
        querystring: returnQuery,
      },
    },
    async (request, reply) => {
      const query = request.query as Record<string, string>;
      const result = await completeCheckoutReturn(deps, request.params.provider, query);
      return reply.redirect(invoicePage(result.invoiceId, result.outcome), 303);
    },
  );

  app.get(
    '/payments/:provider/cancel',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        summary: 'Where the provider sends the client back after cancelling; redirects to the invoice',
        params: z.strictObject({ provider }),
        querystring: returnQuery,
      },
    },
    async (request, reply) => reply.redirect(invoicePage(request.query.invoice ?? null, 'cancelled'), 303),
  );
};
