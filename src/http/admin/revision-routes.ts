import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { duplicateInvoice } from '../../services/invoices/duplicate-invoice.ts';
import { getInvoiceRevision } from '../../services/invoices/get-invoice-revision.ts';
import { listInvoiceRevisions } from '../../services/invoices/list-invoice-revisions.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import { errorResponses, idParams, uuid } from '../schemas.ts';

export const revisionRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/invoices/:id/revisions',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Every version of an issued invoice, oldest first; the last one is current',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => ({ items: await listInvoiceRevisions(deps, request.params.id) }),
  );

  app.get(
    '/invoices/:id/revisions/:revision',
    {
      schema: {
        tags: ['invoices'],
        summary: 'One version of an issued invoice as it was saved, with its totals',
        params: z.strictObject({ id: uuid, revision: z.coerce.number().int().min(1).max(1_000_000) }),
        response: errorResponses,
      },
    },
    async (request) => getInvoiceRevision(deps, request.params.id, request.params.revision),
  );

  app.post(
    '/invoices/:id/duplicate',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Copy an invoice into a new draft issued today, with the same client, lines and terms',
        params: idParams,
        response: errorResponses,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await duplicateInvoice(deps, requireActor(request), request.params.id)),
  );
};
