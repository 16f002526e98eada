import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiToken } from '../../services/auth/create-api-token.ts';
import { listApiTokens } from '../../services/auth/list-api-tokens.ts';
import { revokeApiToken } from '../../services/auth/revoke-api-token.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { AuthenticationError } from '../../services/errors.ts';
import { createUser } from '../../services/users/create-user.ts';
import { listUsers } from '../../services/users/list-users.ts';
import { updateUser } from '../../services/users/update-user.ts';
import { actionContext, requireActor } from '../plugins/staff-auth.ts';
import { errorResponses, idParams, shortText, withResponses } from '../schemas.ts';
import { listOf, userSchema } from '../view-schemas.ts';

export const userRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Staff users (admin)',
        response: withResponses({ 200: listOf(userSchema) }),
      },
    },
    async () => ({ items: await listUsers(deps) }),
  );

  app.post(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Create a staff user (admin)',
        body: z.strictObject({
          email: z.email().max(320),
          name: shortText().optional(),
          role: z.enum(['admin', 'finance']),
          password: shortText(256),
        }),
        response: withResponses({ 201: userSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createUser(deps, request.body, actionContext(request))),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Change role, name, password or deactivate a user (admin)',
        params: idParams,
        body: z.strictObject({
          name: shortText().optional(),
          role: z.enum(['admin', 'finance']).optional(),
          active: z.boolean().optional(),
          password: shortText(256).optional(),
        }),
        response: withResponses({ 200: userSchema }),
      },
    },
    async (request) => updateUser(deps, request.params.id, request.body, actionContext(request)),
  );

  const ownUserId = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    if (!actor.userId) throw new AuthenticationError();
    return actor.userId;
  };

  app.get(
    '/api-tokens',
    { schema: { tags: ['api tokens'], summary: "The caller's API tokens", response: errorResponses } },
    async (request) => ({ items: await listApiTokens(deps, ownUserId(request)) }),
  );

  app.post(
    '/api-tokens',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Create an API token for the caller; the token is shown only in this response',
        body: z.strictObject({ name: shortText(100).min(1) }),
        response: errorResponses,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createApiToken(deps, ownUserId(request), request.body.name, actionContext(request))),
  );

  app.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Revoke one of your API tokens',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      await revokeApiToken(deps, ownUserId(request), request.params.id, actionContext(request));
      return reply.code(204).send();
    },
  );
};
