import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { createItem } from '../../services/items/create-item.ts';
import { deleteItem } from '../../services/items/delete-item.ts';
import { getItem } from '../../services/items/get-item.ts';
import { listItems } from '../../services/items/list-items.ts';
import { updateItem } from '../../services/items/update-item.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { idParams, pageQuery, shortText, withResponses } from '../schemas.ts';
import { pageOf } from '../view-schemas.ts';
import { itemFields, newItemBody } from './item-schemas.ts';
import { itemListFilters } from './list-filters.ts';

const itemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    unitPrice: z.string().meta({ description: 'Decimal string in major units of `currency`' }),
    currency: z.string(),
    prices: z.array(z.object({ currency: z.string(), unitPrice: z.string() })),
    unit: z.string().meta({ description: 'UN/ECE Recommendation 20 code' }),
    unitLabel: z.string().meta({ description: 'The unit in words, e.g. "hour"' }),
    code: z.string().meta({ description: "The seller's item identifier (BT-155); '' for none" }),
    taxRateIds: z.array(z.string()),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Item' });

const archivedInsteadSchema = z
  .object({
    outcome: z.literal('archived'),
    reason: z.string().meta({ description: 'Why the item was archived instead of deleted, in words' }),
    invoiceCount: z
      .number()
      .int()
      .meta({ description: 'Invoices with a line from the item, in any revision' }),
    quoteCount: z.number().int().meta({ description: 'Quotes with a line from the item, in any revision' }),
    creditNoteCount: z.number().int(),
    profileCount: z.number().int(),
    item: itemSchema,
  })
  .meta({ id: 'ItemArchivedInstead' });

export const itemRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/items',
    {
      schema: {
        tags: ['items'],
        summary: 'List catalogue items, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          ...itemListFilters,
        }),
        response: withResponses({ 200: pageOf(itemSchema) }),
      },
    },
    async (request) => listItems(deps, request.query),
  );

  app.post(
    '/items',
    {
      schema: {
        tags: ['items'],
        summary: 'Add a product or service to the catalogue',
        description:
          'Names are unique among active items, ignoring case (409 naming `name`). Lines filled from an item keep ' +
          'their own copy of its description, price, unit and taxes: changing the item later changes no document.',
        body: newItemBody,
        response: withResponses({ 201: itemSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createItem(deps, request.body, actionContext(request))),
  );

  app.get(
    '/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: 'One catalogue item',
        params: idParams,
        response: withResponses({ 200: itemSchema }),
      },
    },
    async (request) => getItem(deps.db, request.params.id),
  );

  app.patch(
    '/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: 'Change, archive or restore an item (documents already written keep their copy)',
        description:
          'Fields left out keep their value. Restoring an item whose name an active item has taken since is ' +
          'refused (409 naming `name`): rename it in the same change.',
        params: idParams,
        body: z.strictObject({
          name: shortText().min(1).optional(),
          ...itemFields,
          unitPrice: itemFields.unitPrice.optional(),
          archived: z.boolean().optional(),
        }),
        response: withResponses({ 200: itemSchema }),
      },
    },
    async (request) => updateItem(deps, request.params.id, request.body, actionContext(request)),
  );

  app.delete(
    '/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: 'Delete an item no document uses; archive a used one instead',
        description:
          'An item never put on an invoice or quote (in any revision), credit note or recurring profile is ' +
          'deleted: 204. One that was is ' +
          'archived instead, so those lines can still be traced to it: 200 with `outcome: "archived"` and the reason.',
        params: idParams,
        response: withResponses({ 200: archivedInsteadSchema, 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      const result = await deleteItem(deps, request.params.id, actionContext(request));
      if (result.outcome === 'deleted') return reply.code(204).send();
      return result;
    },
  );
};
