import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../../services/context.ts';
import { MAX_LINES } from '../../services/documents/document-input.ts';
import { resolveRecipients } from '../../services/email/invoice-recipients.ts';
import { createInvoice } from '../../services/invoices/create-invoice.ts';
import { deleteInvoice } from '../../services/invoices/delete-invoice.ts';
import { getInvoiceWithPartiesJson } from '../../services/invoices/get-invoice.ts';
import type { InvoiceView } from '../../services/invoices/invoice-view.ts';
import type { InvoiceViewCache } from '../../services/invoices/invoice-view-cache.ts';
import { listInvoiceEvents } from '../../services/invoices/list-invoice-events.ts';
import { listInvoices } from '../../services/invoices/list-invoices.ts';
import { loadInvoice } from '../../services/invoices/load-invoice.ts';
import { markInvoiceSent } from '../../services/invoices/mark-invoice-sent.ts';
import { updateInvoice } from '../../services/invoices/update-invoice.ts';
import { voidInvoice } from '../../services/invoices/void-invoice.ts';
import { actionContext, requireActor } from '../plugins/staff-auth.ts';
import {
  dateString,
  discountSchema,
  idParams,
  invoiceLineSchema,
  longText,
  multilineText,
  pageQuery,
  shortText,
  taxReferenceSchema,
  uuid,
  withResponses,
} from '../schemas.ts';
import {
  invoiceEventSchema,
  invoiceSummarySchema,
  invoiceViewSchema,
  listOf,
  pageOf,
} from '../view-schemas.ts';
import { invoiceReferenceFields } from './einvoice-settings-schemas.ts';
import { invoiceListFilters } from './list-filters.ts';

const invoiceFields = {
  projectId: uuid.nullable().optional(),
  currency: z.string().length(3).toUpperCase().optional(),
  issueDate: dateString.optional(),
  paymentTerms: shortText(20).optional().meta({
    description:
      'due_on_receipt, net_N (e.g. net_30), eom (last day of the issue month), eom_next (last day of the next month) or fixed_date',
  }),
  dueDate: dateString.nullable().optional(),
  lines: z.array(invoiceLineSchema).max(MAX_LINES).optional(),
  discount: discountSchema.nullable().optional(),
  taxes: z.array(taxReferenceSchema).max(10).optional(),
  notes: longText.optional(),
  terms: longText.optional(),
  ...invoiceReferenceFields,
};

export interface InvoiceRouteOptions {
  deps: ServiceDeps;
  /** Emails an issued invoice again through the sending path (PATCH with sendUpdated). */
  sendUpdatedInvoice?: (actor: Actor, invoiceId: string) => Promise<{ invoice: InvoiceView }>;
  /** Recently read invoices, kept in step with the database (see services/invoices/invoice-view-cache.ts). */
  viewCache?: InvoiceViewCache;
}

export const invoiceRoutes: FastifyPluginAsyncZod<InvoiceRouteOptions> = async (
  app,
  { deps, sendUpdatedInvoice, viewCache },
) => {
  app.get(
    '/invoices',
    {
      schema: {
        tags: ['invoices'],
        summary: 'List invoices with filters, newest first or in the order asked',
        querystring: z.strictObject({
          ...pageQuery,
          // A sorted list's cursor carries the last row's sort values (a client name can be long).
          cursor: shortText(2000).optional(),
          ...invoiceListFilters,
        }),
        response: withResponses({ 200: pageOf(invoiceSummarySchema) }),
      },
    },
    async (request) => listInvoices(deps, request.query, viewCache),
  );

  app.post(
    '/invoices',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Save a new draft invoice; the response carries its totals',
        body: z.strictObject({ clientId: uuid, ...invoiceFields }),
        response: withResponses({ 201: invoiceViewSchema }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createInvoice(deps, requireActor(request), request.body)),
  );

  app.get(
    '/invoices/:id',
    {
      schema: {
        tags: ['invoices'],
        summary: 'One invoice with lines and totals',
        params: idParams,
        response: withResponses({ 200: invoiceViewSchema }),
      },
    },
    // Already serialised: the JSON of the view, as the cache keeps it.
    async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send(
          (await getInvoiceWithPartiesJson(deps, request.params.id, viewCache)) as unknown as InvoiceView,
        ),
  );

  app.patch(
    '/invoices/:id',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Edit an invoice; `lines`, when given, replaces all lines',
        description:
          'A draft is edited in place. An issued invoice (sent, viewed, partially paid, overdue) is saved as a new ' +
          'revision, earlier ones kept (GET /invoices/{id}/revisions); its number and currency stay, and its total ' +
          'cannot go below the amount paid. Paid and void invoices cannot be edited (409).',
        params: idParams,
        body: z.strictObject({
          clientId: uuid.optional(),
          ...invoiceFields,
          revisionNote: shortText(1000).optional().meta({ description: 'Why an issued invoice changed' }),
          sendUpdated: z
            .boolean()
            .optional()
            .meta({ description: 'Email the updated invoice to the client (issued invoices)' }),
        }),
        response: withResponses({ 200: invoiceViewSchema }),
      },
    },
    async (request) => {
      const { revisionNote, sendUpdated, ...input } = request.body;
      const actor = requireActor(request);
      if (sendUpdated) {
        // Checked before saving, so a revision is not saved with an email that cannot go anywhere.
        const { invoice } = await loadInvoice(deps.db, request.params.id);
        await resolveRecipients(deps.db, invoice.client_id, undefined).catch(() => {
          throw new ValidationError(
            'sendUpdated',
            'The client has no contact with an email address to send it to',
          );
        });
      }
      const updated = await updateInvoice(deps, actor, request.params.id, input, {
        note: revisionNote,
        sendUpdated,
      });
      if (!sendUpdated || updated.status === 'draft' || !sendUpdatedInvoice) return updated;
      return (await sendUpdatedInvoice(actor, request.params.id)).invoice;
    },
  );

  app.delete(
    '/invoices/:id',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Delete a draft',
        params: idParams,
        response: withResponses({ 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      await deleteInvoice(deps, request.params.id, actionContext(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/invoices/:id/mark-sent',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Issue a draft without emailing it: assigns the number, status becomes sent',
        params: idParams,
        response: withResponses({ 200: invoiceViewSchema }),
      },
    },
    async (request) => markInvoiceSent(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/invoices/:id/void',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Void an issued invoice, with a reason',
        params: idParams,
        body: z.strictObject({ reason: multilineText(1000).min(1) }),
        response: withResponses({ 200: invoiceViewSchema }),
      },
    },
    async (request) => voidInvoice(deps, requireActor(request), request.params.id, request.body.reason),
  );

  app.get(
    '/invoices/:id/events',
    {
      schema: {
        tags: ['invoices'],
        summary: "The invoice's timeline",
        params: idParams,
        response: withResponses({ 200: listOf(invoiceEventSchema) }),
      },
    },
    async (request) => ({ items: await listInvoiceEvents(deps, request.params.id) }),
  );
};
