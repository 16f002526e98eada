import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events.ts';
import { createWebhookEndpoint } from '../../services/webhooks/create-webhook-endpoint.ts';
import { deleteWebhookEndpoint } from '../../services/webhooks/delete-webhook-endpoint.ts';
import { getWebhookDelivery } from '../../services/webhooks/get-webhook-delivery.ts';
import { getWebhookEndpoint } from '../../services/webhooks/get-webhook-endpoint.ts';
import { getWebhookSettings } from '../../services/webhooks/get-webhook-settings.ts';
import { listWebhookDeliveries } from '../../services/webhooks/list-webhook-deliveries.ts';
import { listWebhookEndpoints } from '../../services/webhooks/list-webhook-endpoints.ts';
import { redeliverWebhook } from '../../services/webhooks/redeliver-webhook.ts';
import { sendTestWebhook } from '../../services/webhooks/send-test-webhook.ts';
import { updateWebhookEndpoint } from '../../services/webhooks/update-webhook-endpoint.ts';
import { updateWebhookSettings } from '../../services/webhooks/update-webhook-settings.ts';
import type { WebhookDeps } from '../../services/webhooks/webhook-deps.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { idParams, pageQuery, shortText, uuid, withResponses } from '../schemas.ts';
import { listOf, pageOf } from '../view-schemas.ts';

const DELIVERY_STATES = ['pending', 'delivering', 'retrying', 'delivered', 'failed'] as const;

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'Choose at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .meta({ description: 'The events sent to this endpoint' });

const endpointFields = {
  url: shortText(2000).meta({
    description:
      'http:// or https:// URL; loopback, link-local and private addresses are refused unless allowed in the ' +
      'webhook settings',
  }),
  description: shortText(500).optional(),
  eventTypes,
  secret: shortText(200)
    .optional()
    .meta({ description: 'Signing secret, at least 16 characters; left out on create, Remit generates one' }),
  enabled: z.boolean().optional(),
};

const endpointSchema = z
  .object({
    id: uuid,
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    failingSince: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });

const deliverySchema = z
  .object({
    id: uuid,
    endpointId: uuid,
    eventId: uuid,
    eventType: z.string(),
    state: z.enum(DELIVERY_STATES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastDurationMs: z.number().int().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

const deliveryParams = z.strictObject({ id: uuid, deliveryId: uuid });
const settingsSchema = z.object({ allowPrivateTargets: z.boolean(), retentionDays: z.number().int() });

/** Outgoing webhooks (admins only), under /api/v1; see docs/webhooks.md. */
export const webhookEndpointRoutes: FastifyPluginAsyncZod<{ deps: WebhookDeps }> = async (app, { deps }) => {
  const tags = ['webhooks'];
  const config = { access: 'admin' } as const;

  app.get(
    '/webhook-endpoints',
    {
      config,
      schema: {
        tags,
        summary: 'Webhook endpoints',
        response: withResponses({ 200: listOf(endpointSchema) }),
      },
    },
    async () => ({ items: await listWebhookEndpoints(deps) }),
  );

  app.post(
    '/webhook-endpoints',
    {
      config,
      schema: {
        tags,
        summary: 'Add a webhook endpoint; a generated secret is returned once, here',
        body: z.strictObject(endpointFields),
        response: withResponses({ 201: endpointSchema.extend({ secret: z.string().optional() }) }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createWebhookEndpoint(deps, request.body, actionContext(request))),
  );

  app.get(
    '/webhook-endpoints/:id',
    {
      config,
      schema: {
        tags,
        summary: 'One webhook endpoint',
        params: idParams,
        response: withResponses({ 200: endpointSchema }),
      },
    },
    async (request) => getWebhookEndpoint(deps, request.params.id),
  );

  app.patch(
    '/webhook-endpoints/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change, rotate the secret of, enable or disable a webhook endpoint',
        description: 'Enabling forgets its failures; deliveries waiting while it was off go out.',
        params: idParams,
        body: z.strictObject({
          ...endpointFields,
          url: endpointFields.url.optional(),
          eventTypes: eventTypes.optional(),
        }),
        response: withResponses({ 200: endpointSchema }),
      },
    },
    async (request) => updateWebhookEndpoint(deps, request.params.id, request.body, actionContext(request)),
  );

  app.delete(
    '/webhook-endpoints/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Remove a webhook endpoint with its delivery log',
        params: idParams,
        response: withResponses({ 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      await deleteWebhookEndpoint(deps, request.params.id, actionContext(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      config,
      schema: {
        tags,
        summary: "An endpoint's deliveries, newest first, with state, response code and duration",
        params: idParams,
        querystring: z.strictObject({
          state: z
            .string()
            .transform((text) => text.split(','))
            .pipe(z.array(z.enum(DELIVERY_STATES)))
            .optional()
            .meta({ description: 'Comma-separated states, e.g. failed,retrying' }),
          ...pageQuery,
        }),
        response: withResponses({ 200: pageOf(deliverySchema) }),
      },
    },
    async (request) => {
      const { state, ...page } = request.query;
      return listWebhookDeliveries(deps, request.params.id, { ...page, states: state });
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries/:deliveryId',
    {
      config,
      schema: {
        tags,
        summary: 'One delivery with the body it carries and every attempt',
        params: deliveryParams,
        response: withResponses({
          200: deliverySchema
            .extend({
              body: z.string(),
              attemptLog: z.array(
                z
                  .object({
                    attemptedAt: z.string(),
                    statusCode: z.number().int().nullable(),
                    error: z.string().nullable(),
                    durationMs: z.number().int(),
                    responseExcerpt: z.string(),
                  })
                  .meta({ id: 'WebhookAttempt' }),
              ),
            })
            .meta({ id: 'WebhookDeliveryDetail' }),
        }),
      },
    },
    async (request) => getWebhookDelivery(deps, request.params.id, request.params.deliveryId),
  );

  app.post(
    '/webhook-endpoints/:id/deliveries/:deliveryId/redeliver',
    {
      config,
      schema: {
        tags,
        summary: 'Send a delivery again now (same event id), with a new round of retries',
        params: deliveryParams,
        response: withResponses({ 202: deliverySchema }),
      },
    },
    async (request, reply) =>
      reply.code(202).send(await redeliverWebhook(deps, request.params.id, request.params.deliveryId)),
  );

  app.post(
    '/webhook-endpoints/:id/test',
    {
      config,
      schema: {
        tags,
        summary: 'Queue a signed webhook.test event to this endpoint',
        params: idParams,
        response: withResponses({ 202: deliverySchema }),
      },
    },
    async (request, reply) => reply.code(202).send(await sendTestWebhook(deps, request.params.id)),
  );

  app.get(
    '/settings/webhooks',
    {
      config,
      schema: { tags, summary: 'Webhook settings', response: withResponses({ 200: settingsSchema }) },
    },
    async () => getWebhookSettings(deps.db),
  );

  app.patch(
    '/settings/webhooks',
    {
      config,
      schema: {
        tags,
        summary: 'Private targets and how long delivered webhooks are kept',
        description:
          'allowPrivateTargets: endpoints on loopback, link-local and private addresses; off by default (protects ' +
          'the network Remit runs in). Turning it off again refuses the deliveries of endpoints saved meanwhile: ' +
          'every delivery checks the address it resolves to. retentionDays: deliveries delivered longer ago are ' +
          'purged hourly with their attempts (default 30); pending, retrying and failed ones are kept. Recorded in ' +
          'the audit log.',
        body: z.strictObject({
          allowPrivateTargets: z.boolean().optional(),
          retentionDays: z
            .number()
            .int('Must be a whole number of days')
            .min(1, 'Keep delivered webhooks at least 1 day')
            .max(3650, 'Keep delivered webhooks at most 3650 days (10 years)')
            .optional(),
        }),
        response: withResponses({ 200: settingsSchema }),
      },
    },
    async (request) => updateWebhookSettings(deps, request.body, actionContext(request)),
  );
};
