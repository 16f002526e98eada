import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createClient } from '../../services/clients/create-client.ts';
import { deleteClient } from '../../services/clients/delete-client.ts';
import { getClient } from '../../services/clients/get-client.ts';
import { listClients } from '../../services/clients/list-clients.ts';
import { updateClient } from '../../services/clients/update-client.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { idParams, pageQuery, shortText, withResponses } from '../schemas.ts';
import { clientSchema, pageOf } from '../view-schemas.ts';
import { clientFields, newClientBody } from './client-schemas.ts';
import { clientListFilters } from './list-filters.ts';

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
        body: newClientBody,
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
