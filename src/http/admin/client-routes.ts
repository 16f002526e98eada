import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../../domain/language.ts';
import { createClient } from '../../services/clients/create-client.ts';
import { deleteClient } from '../../services/clients/delete-client.ts';
import { getClient } from '../../services/clients/get-client.ts';
import { listClients } from '../../services/clients/list-clients.ts';
import { updateClient } from '../../services/clients/update-client.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { idParams, longText, pageQuery, shortText, uuid, withResponses } from '../schemas.ts';
import { clientSchema, pageOf } from '../view-schemas.ts';
import { clientEInvoiceFields, countryCodeInput } from './einvoice-settings-schemas.ts';
import { clientListFilters } from './list-filters.ts';

const contactSchema = z.strictObject({
  id: uuid.optional(),
  name: shortText().min(1),
  email: z.union([z.email(), z.literal('')]).optional(),
  phone: shortText(50).optional(),
});

const clientFields = {
  company: shortText().optional(),
  email: z.union([z.email(), z.literal('')]).optional(),
  phone: shortText(50).optional(),
  address: z
    .strictObject({
      line1: shortText().optional(),
      line2: shortText().optional(),
      city: shortText(100).optional(),
      region: shortText(100).optional(),
      postalCode: shortText(20).optional(),
      country: shortText(100).optional(),
      countryCode: countryCodeInput,
    })
    .optional(),
  currency: z.string().length(3).toUpperCase().nullable().optional(),
  taxId: shortText(50).optional(),
  notes: longText.optional(),
  contacts: z.array(contactSchema).max(50).optional(),
  language: z.enum(SUPPORTED_LANGUAGES).nullable().optional().meta({
    description:
      "Language of the client's documents, emails and portal (en, de, fr, es, nl, it, pt); null: the organisation's",
  }),
  ...clientEInvoiceFields,
};

export const clientRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/clients',
    {
      schema: {
        tags: ['clients'],
        summary: 'List clients, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          ...clientListFilters,
        }),
        response: withResponses({ 200: pageOf(clientSchema) }),
      },
    },
    async (request) => listClients(deps, request.query),
  );

  app.post(
    '/clients',
    {
      schema: {
        tags: ['clients'],
        summary: 'Create a client with its contacts',
        body: z.strictObject({ name: shortText().min(1), ...clientFields }),
        response: withResponses({ 201: clientSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createClient(deps, request.body, actionContext(request))),
  );

  app.get(
    '/clients/:id',
    {
      schema: {
        tags: ['clients'],
        summary: 'One client',
        params: idParams,
        response: withResponses({ 200: clientSchema }),
      },
    },
    async (request) => getClient(deps.db, request.params.id),
  );

  app.patch(
    '/clients/:id',
    {
      schema: {
        tags: ['clients'],
        summary: 'Change a client; `contacts`, when given, is the full list (contacts with an id are kept)',
        params: idParams,
        body: z.strictObject({
          name: shortText().min(1).optional(),
          archived: z.boolean().optional(),
          ...clientFields,
        }),
        response: withResponses({ 200: clientSchema }),
      },
    },
    async (request) => updateClient(deps, request.params.id, request.body, actionContext(request)),
  );

  app.delete(
    '/clients/:id',
    {
      schema: {
        tags: ['clients'],
        summary: 'Delete a client that has no invoices (archive the others)',
        params: idParams,
        response: withResponses({ 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      await deleteClient(deps, request.params.id, actionContext(request));
      return reply.code(204).send();
    },
  );
};
