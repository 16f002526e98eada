import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INVOICE_STATUSES } from '../../domain/invoice-status.ts';
import { BULK_SEND_MAX_INVOICES, bulkSendInvoices } from '../../services/invoices/bulk-send-invoices.ts';
import { getBulkSend } from '../../services/invoices/get-bulk-send.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import { dateString, idParams, multilineText, shortText, uuid, withResponses } from '../schemas.ts';

const bulkSendBody = z.strictObject({
  invoiceIds: z
    .array(uuid)
    .min(1, { message: 'Choose at least one invoice' })
    .max(BULK_SEND_MAX_INVOICES)
    .optional()
    .meta({ description: 'The invoices to send; or `filter`' }),
  filter: z
    .strictObject({
      status: z.array(z.enum(INVOICE_STATUSES)).optional(),
      clientId: uuid.optional(),
      projectId: uuid.optional(),
      issuedFrom: dateString.optional(),
      issuedTo: dateString.optional(),
      q: shortText().optional(),
    })
    .optional()
    .meta({
      description: `Every invoice GET /invoices lists with these filters (at most ${BULK_SEND_MAX_INVOICES})`,
    }),
  issueDrafts: z
    .boolean()
    .optional()
    .meta({ description: 'Issue drafts and send them; by default drafts are skipped' }),
  subject: shortText(200).optional(),
  message: multilineText(5000).optional().meta({ description: 'Shown above the invoice details' }),
});

const bulkSendView = z
  .object({
    id: uuid,
    createdAt: z.string(),
    createdBy: z.string(),
    issueDrafts: z.boolean(),
    invoices: z.object({ requested: z.number(), queued: z.number(), skipped: z.number() }),
    emails: z.object({
      total: z.number(),
      waiting: z.number(),
      sent: z.number(),
      failed: z.number(),
      notSent: z.number(),
    }),
    done: z.boolean(),
    skipped: z.array(
      z.object({
        invoiceId: uuid,
        number: z.string().nullable(),
        reason: z.enum(['not_found', 'void', 'draft', 'no_recipients', 'einvoice_not_possible']),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'BulkSend' });

/** Emailing many invoices in one action, and its progress. */
export const bulkSendRoutes: FastifyPluginAsyncZod<{ deps: SendingDeps }> = async (app, { deps }) => {
  app.post(
    '/invoices/bulk-send',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Email many invoices at once: the chosen ones, or every invoice a list filter matches',
        description:
          'Queues each invoice\'s emails as "send" does (every contact with an email address), each invoice in a ' +
          'transaction of its own, and answers with the bulk send: how many invoices were queued, and each one ' +
          'skipped with why (not_found, void, draft unless issueDrafts, no_recipients, einvoice_not_possible: the ' +
          "client's preferred e-invoice cannot be made, the reasons in the message). Delivery follows; " +
          'GET /invoices/bulk-send/{id} counts its emails waiting, sent and failed. Send an Idempotency-Key to ' +
          'retry safely.',
        body: bulkSendBody,
        response: withResponses({ 201: bulkSendView }),
      },
    },
    async (request, reply) => {
      const view = await bulkSendInvoices(deps, requireActor(request), request.body);
      return reply.code(201).header('location', `/api/v1/invoices/bulk-send/${view.id}`).send(view);
    },
  );

  app.get(
    '/invoices/bulk-send/:id',
    {
      schema: {
        tags: ['invoices'],
        summary:
          "A bulk send's progress: its emails waiting, sent, failed and not sent, and what was skipped",
        params: idParams,
        response: withResponses({ 200: bulkSendView }),
      },
    },
    async (request) => getBulkSend(deps, request.params.id),
  );
};
