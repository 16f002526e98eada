import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INVOICE_STATUSES } from '../../domain/invoice-status.ts';
import { getBulkSend } from '../../services/invoices/get-bulk-send.ts';
import { BULK_SEND_MAX_INVOICES, queueBulkSend } from '../../services/invoices/queue-bulk-send.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import { idParams, multilineText, shortText, uuid, withResponses } from '../schemas.ts';
import { invoiceListFilters } from './list-filters.ts';

// The invoice list's filters, with the statuses as a JSON list rather than the query string's `a,b`.
const { sort: _sort, status: _status, ...invoiceFilters } = invoiceListFilters;
const bulkSendFilter = z
  .strictObject({ status: z.array(z.enum(INVOICE_STATUSES)).optional(), ...invoiceFilters })
  .meta({
    description: `Every invoice GET /invoices lists with these filters when asked (at most ${BULK_SEND_MAX_INVOICES})`,
  });

const bulkSendBody = z.strictObject({
  invoiceIds: z
    .array(uuid)
    .min(1, { message: 'Choose at least one invoice' })
    .max(BULK_SEND_MAX_INVOICES)
    .optional()
    .meta({ description: 'The invoices to send; or `filter`' }),
  filter: bulkSendFilter.optional(),
  issueDrafts: z
    .boolean()
    .optional()
    .meta({ description: 'Issue drafts and send them; by default drafts are skipped' }),
  subject: shortText(200).optional(),
  message: multilineText(5000).optional().meta({ description: 'Shown above the invoice details' }),
});

const skipReason = z.enum(['not_found', 'void', 'draft', 'no_recipients', 'einvoice_not_possible']);

const bulkSendView = z
  .object({
    id: uuid,
    state: z.enum(['queued', 'running', 'done', 'failed']).meta({
      description: 'queued: waiting for the worker; running; done: every invoice handled; failed: see error',
    }),
    createdAt: z.string(),
    createdBy: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    issueDrafts: z.boolean(),
    filter: bulkSendFilter.nullable().meta({ description: 'The filter the invoices were chosen by, if any' }),
    invoices: z
      .object({
        total: z.number(),
        pending: z.number(),
        sent: z.number(),
        skipped: z.number(),
        failed: z.number(),
      })
      .meta({ description: 'The invoices named or matched, by what became of them so far' }),
    emails: z
      .object({
        total: z.number(),
        waiting: z.number(),
        sent: z.number(),
        failed: z.number(),
        notSent: z.number(),
      })
      .meta({ description: 'The emails queued so far, by delivery state' }),
    done: z.boolean().meta({ description: 'The job has finished and none of its emails is waiting' }),
    error: z.string().nullable().meta({ description: 'Why the job failed (state failed)' }),
    skipped: z.array(
      z.object({ invoiceId: uuid, number: z.string().nullable(), reason: skipReason, message: z.string() }),
    ),
    failed: z.array(z.object({ invoiceId: uuid, number: z.string().nullable(), message: z.string() })),
  })
  .meta({ id: 'BulkSend' });

/** Emailing many invoices in one action, in the background, and its progress. */
export const bulkSendRoutes: FastifyPluginAsyncZod<{
  deps: SendingDeps;
  /** Wakes the bulk-send job (cli/start.ts); without it the job's schedule picks the send up. */
  onBulkSendQueued?: () => void;
}> = async (app, { deps, onBulkSendQueued }) => {
  app.post(
    '/invoices/bulk-send',
    {
      schema: {
        tags: ['invoices'],
        summary:
          'Email many invoices at once, in the background: the chosen ones, or every invoice a list filter matches',
        description:
          'Records a bulk send and answers 202 with it (state queued) and its address in Location; a background ' +
          'job then sends the invoices in batches, each invoice as "send" does (every contact with an email ' +
          'address), and GET /invoices/bulk-send/{id} follows its progress. An invoice is skipped with why ' +
          "(not_found, void, draft unless issueDrafts, no_recipients, einvoice_not_possible: the client's " +
          'preferred e-invoice cannot be made, the reasons in the message) or failed with why. A filter is ' +
          `applied when asked: the invoices it matched then are sent. At most ${BULK_SEND_MAX_INVOICES} invoices. ` +
          'Send an Idempotency-Key to retry safely.',
        body: bulkSendBody,
        response: withResponses({ 202: bulkSendView }),
      },
    },
    async (request, reply) => {
      const view = await queueBulkSend({ ...deps, onBulkSendQueued }, requireActor(request), request.body);
      return reply.code(202).header('location', `/api/v1/invoices/bulk-send/${view.id}`).send(view);
    },
  );

  app.get(
    '/invoices/bulk-send/:id',
    {
      schema: {
        tags: ['invoices'],
        summary:
          "A bulk send's progress: its state, its invoices sent, skipped and failed (with why), and its emails' delivery",
        params: idParams,
        response: withResponses({ 200: bulkSendView }),
      },
    },
    async (request) => getBulkSend(deps, request.params.id),
  );
};
