import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { createProject } from '../../services/projects/create-project.ts';
import { deleteProject } from '../../services/projects/delete-project.ts';
import { getProject } from '../../services/projects/get-project.ts';
import { listProjects } from '../../services/projects/list-projects.ts';
import { updateProject } from '../../services/projects/update-project.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { booleanQuery, idParams, pageQuery, shortText, uuid, withResponses } from '../schemas.ts';
import { pageOf, projectSchema } from '../view-schemas.ts';

export const projectRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'List projects, optionally of one client',
        querystring: z.strictObject({
          ...pageQuery,
          clientId: uuid.optional(),
          archived: booleanQuery.optional(),
        }),
        response: withResponses({ 200: pageOf(projectSchema) }),
      },
    },
    async (request) => listProjects(deps, request.query),
  );

  app.post(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Create a project for a client',
        body: z.strictObject({ clientId: uuid, name: shortText().min(1) }),
        response: withResponses({ 201: projectSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createProject(deps, request.body, actionContext(request))),
  );

  app.get(
    '/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: 'One project',
        params: idParams,
        response: withResponses({ 200: projectSchema }),
      },
    },
    async (request) => getProject(deps.db, request.params.id),
  );

  app.patch(
    '/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: 'Rename or archive a project',
        params: idParams,
        body: z.strictObject({ name: shortText().min(1).optional(), archived: z.boolean().optional() }),
        response: withResponses({ 200: projectSchema }),
      },
    },
    async (request) => updateProject(deps, request.params.id, request.body, actionContext(request)),
  );

  app.delete(
    '/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: 'Delete a project that has no invoices',
        params: idParams,
        response: withResponses({ 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      await deleteProject(deps, request.params.id, actionContext(request));
      return reply.code(204).send();
    },
  );
};
