import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { GatewayError } from '../../ports.ts';
import { applyCredit } from '../../services/credit-notes/apply-credit.ts';
import { cancelInvoiceWithCreditNote } from '../../services/credit-notes/cancel-invoice.ts';
import { createCreditNote } from '../../services/credit-notes/create-credit-note.ts';
import { listCreditRefundPayments } from '../../services/credit-notes/credit-refund-payments.ts';
import { deleteCreditNote } from '../../services/credit-notes/delete-credit-note.ts';
import { getClientCredit } from '../../services/credit-notes/get-client-credit.ts';
import { getCreditNote, getCreditNoteWithParties } from '../../services/credit-notes/get-credit-note.ts';
import { issueCreditNote } from '../../services/credit-notes/issue-credit-note.ts';
import { listCreditNotes } from '../../services/credit-notes/list-credit-notes.ts';
import { recordCreditRefund } from '../../services/credit-notes/record-credit-refund.ts';
import { refundCreditThroughGateway } from '../../services/credit-notes/refund-credit-through-gateway.ts';
import { renderCreditNotePdf } from '../../services/credit-notes/render-credit-note-pdf.ts';
import { sendCreditNote } from '../../services/credit-notes/send-credit-note.ts';
import { updateCreditNote } from '../../services/credit-notes/update-credit-note.ts';
import { listDocumentEvents } from '../../services/documents/list-document-events.ts';
import type { PdfServiceDeps } from '../../services/documents/render-document-pdf.ts';
import { produceFacturxPdf } from '../../services/einvoice/produce-facturx-pdf.ts';
import type { GatewayDeps } from '../../services/gateways/gateway-deps.ts';
import { createStaffInvoiceLink } from '../../services/portal/create-staff-invoice-link.ts';
import { actionContext, requireActor } from '../plugins/staff-auth.ts';
import { errorResponses, idParams, pageQuery, problemSchema, uuid, withResponses } from '../schemas.ts';
import { invoiceEventSchema, listOf, pageOf, staffInvoiceLinkSchema } from '../view-schemas.ts';
import {
  applyCreditBody,
  cancelInvoiceBody,
  clientCreditSchema,
  createCreditNoteBody,
  creditNoteSchema,
  creditNoteSummarySchema,
  creditRefundBody,
  creditRefundPaymentsSchema,
  invoiceAndCreditNoteSchema,
  updateCreditNoteBody,
} from './credit-note-schemas.ts';
import { sendGatewayProblem } from './gateway-routes.ts';
import { pdfFormatQuery, sendPdf } from './invoice-pdf-routes.ts';
import { creditNoteListFilters } from './list-filters.ts';
import { creditNoteSendBody } from './send-bodies.ts';

const tags = ['credit notes'];

/** Credit notes: corrections of issued invoices, their numbering, and the client credit they leave. */
export const creditNoteRoutes: FastifyPluginAsyncZod<{ deps: GatewayDeps & PdfServiceDeps }> = async (
  app,
  { deps },
) => {
  app.post(
    '/invoices/:id/credit-notes',
    {
      schema: {
        tags,
        summary: 'Write a draft credit note for an issued invoice',
        description:
          'The credit note has the invoice’s client, project, currency and rounding rules and refers to it ' +
          '(number and date). The invoice must be issued and not void (409 invoice_not_issued, invoice_void). ' +
          "Limits, checked here, on PATCH and on issue under the invoice's row lock: the total is above zero, the " +
          'issued credit notes and this one never exceed the invoice total, and per invoice line the credited ' +
          "quantities never exceed the line's quantity: 422 naming the field (amount, lines, lines.N.quantity, " +
          'lines.N.invoiceLineId, reason, mode when nothing is left to credit).',
        params: idParams,
        body: createCreditNoteBody,
        response: withResponses({ 201: creditNoteSchema }),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createCreditNote(deps, requireActor(request), request.params.id, request.body ?? {})),
  );

  app.get(
    '/credit-notes',
    {
      schema: {
        tags,
        summary: 'List credit notes, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          ...creditNoteListFilters,
        }),
        response: withResponses({ 200: pageOf(creditNoteSummarySchema) }),
      },
    },
    async (request) => listCreditNotes(deps, request.query),
  );

  app.get(
    '/credit-notes/:id',
    {
      schema: {
        tags,
        summary: 'One credit note with lines, totals, allocations and refunds',
        params: idParams,
        response: withResponses({ 200: creditNoteSchema }),
      },
    },
    async (request) => getCreditNoteWithParties(deps, request.params.id),
  );

  app.patch(
    '/credit-notes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft credit note; `lines`, when given, replaces all lines',
        description: 'Issued credit notes cannot change (409). The limits are checked again (422).',
        params: idParams,
        body: updateCreditNoteBody,
        response: withResponses({ 200: creditNoteSchema }),
      },
    },
    async (request) => updateCreditNote(deps, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/credit-notes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft credit note (issued ones are kept: 409)',
        params: idParams,
        response: withResponses({ 204: z.undefined() }),
      },
    },
    async (request, reply) => {
      await deleteCreditNote(deps, request.params.id, actionContext(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/credit-notes/:id/issue',
    {
      schema: {
        tags,
        summary: 'Issue a draft: number from the credit-note series, credit applied to the invoice',
        description:
          'In one transaction: the limits are checked again under the invoice’s lock, the next number of the ' +
          "credit-note series is taken, and min(total, the invoice's balance due) is applied to the invoice " +
          '(its status becomes credited, paid or partially_paid: see docs/credit-notes.md). What is not applied ' +
          'is client credit (credit.remaining). 409 when already issued or the invoice is void.',
        params: idParams,
        response: withResponses({ 200: creditNoteSchema }),
      },
    },
    async (request) => issueCreditNote(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/invoices/:id/apply-credit',
    {
      schema: {
        tags,
        summary: 'Apply client credit from an issued credit note to this invoice',
        description:
          'The invoice must be open (sent, viewed, partially paid; 409 invoice_not_issued otherwise) and of the ' +
          "credit note's client and currency (422 creditNoteId); the amount at most the credit left and the " +
          "invoice's balance due (422 amount).",
        params: idParams,
        body: applyCreditBody,
        response: withResponses({ 200: invoiceAndCreditNoteSchema }),
      },
    },
    async (request) => applyCredit(deps, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/credit-notes/:id/refunds',
    {
      schema: {
        tags,
        summary: 'Refund client credit: through a payment gateway now, or record a refund made outside Remit',
        description:
          'At most the credit left (422 amount); 409 for a draft or when nothing is left. With method gateway ' +
          'and paymentId, the provider (Stripe, PayPal) refunds the amount from that payment of the same client ' +
          "and currency (422 paymentId otherwise), at most what it can still give back (422 amount); the payment's " +
          'invoice keeps it as paid. Exactly once under concurrent requests (row locks held while the provider ' +
          'answers, its idempotency key; Idempotency-Key for retries). A provider that refuses or cannot be ' +
          'reached: 502 gateway_error and nothing recorded; 409 gateway_unavailable when it is not configured.',
        params: idParams,
        body: creditRefundBody,
        response: { ...withResponses({ 201: creditNoteSchema }), 502: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { paymentId, date, method, ...rest } = request.body;
      try {
        if (method === 'gateway') {
          if (paymentId === undefined) {
            throw new ValidationError('paymentId', 'Choose the online payment to refund the credit through');
          }
          if (date !== undefined) {
            throw new ValidationError('date', 'A refund through a gateway is made today: leave date out');
          }
          const view = await refundCreditThroughGateway(deps, actor, request.params.id, {
            paymentId,
            ...rest,
          });
          return reply.code(201).send(view);
        }
        if (paymentId !== undefined) {
          throw new ValidationError('paymentId', 'paymentId goes with method gateway only');
        }
        const view = await recordCreditRefund(deps, actor, request.params.id, {
          method,
          ...(date === undefined ? {} : { date }),
          ...rest,
        });
        return reply.code(201).send(view);
      } catch (error) {
        if (error instanceof GatewayError) return sendGatewayProblem(reply, error);
        throw error;
      }
    },
  );

  app.get(
    '/credit-notes/:id/refund-payments',
    {
      schema: {
        tags,
        summary: "The client's online payments this credit note's credit can go back through",
        description:
          'Succeeded Stripe and PayPal payments of the same client and currency with something left to refund, ' +
          "the credited invoice's first; empty for a draft.",
        params: idParams,
        response: withResponses({ 200: creditRefundPaymentsSchema }),
      },
    },
    async (request) => listCreditRefundPayments(deps, request.params.id),
  );

  app.get(
    '/clients/:id/credit',
    {
      schema: {
        tags,
        summary: "The client's credit left, per currency",
        params: idParams,
        response: withResponses({ 200: clientCreditSchema }),
      },
    },
    async (request) => getClientCredit(deps, request.params.id),
  );

  app.post(
    '/invoices/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an issued invoice with a credit note for everything not credited yet',
        description:
          'Writes and issues the credit note in one transaction (mode remaining, with the reason). Where the ' +
          'setting correctionsNeedCreditNote is on this replaces void for issued invoices. 409 nothing_to_credit ' +
          'when issued credit notes already cover the whole invoice; 409 for drafts and void invoices.',
        params: idParams,
        body: cancelInvoiceBody,
        response: withResponses({ 200: invoiceAndCreditNoteSchema }),
      },
    },
    async (request) =>
      cancelInvoiceWithCreditNote(deps, requireActor(request), request.params.id, request.body.reason),
  );

  app.get(
    '/credit-notes/:id/events',
    {
      schema: {
        tags,
        summary: "The credit note's timeline",
        params: idParams,
        response: withResponses({ 200: listOf(invoiceEventSchema) }),
      },
    },
    async (request) => ({ items: await listDocumentEvents(deps, 'credit_note', request.params.id) }),
  );

  app.get(
    '/credit-notes/:id/pdf',
    {
      schema: {
        tags,
        summary:
          'The credit note as a PDF (titled Credit note, rendered from its current state), or as Factur-X',
        params: idParams,
        querystring: pdfFormatQuery,
        produces: ['application/pdf'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) =>
      sendPdf(reply, () =>
        request.query.format === 'facturx'
          ? produceFacturxPdf(deps, 'credit_note', request.params.id)
          : renderCreditNotePdf(deps, request.params.id),
      ),
  );

  app.post(
    '/credit-notes/:id/send',
    {
      schema: {
        tags,
        summary: 'Email the credit note with its PDF; a draft is issued first',
        description:
          'One email per contact (default: every contact of the client with an email address), queued in the ' +
          'outbox in the same transaction that issues a draft; the PDF is attached at delivery. Each email links ' +
          "to the credited invoice's portal page, which lists its credit notes. Without SMTP the emails are " +
          'recorded as not_sent with the reason. 422 contactIds for an unknown contact or one without email.',
        params: idParams,
        body: creditNoteSendBody,
        response: withResponses({
          200: z.object({
            creditNote: creditNoteSchema,
            emails: z.array(
              z.object({
                id: z.string(),
                contactId: z.string(),
                to: z.string(),
                state: z.enum(['queued', 'not_sent']),
                lastError: z.string().nullable(),
              }),
            ),
          }),
        }),
      },
    },
    async (request) => sendCreditNote(deps, requireActor(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/credit-notes/:id/portal-link',
    {
      schema: {
        tags,
        summary:
          'Make a fresh portal link for one contact to the credited invoice, whose page lists this credit note',
        description:
          'The link opens the invoice the credit note corrects; a session opened by it sees that invoice and its ' +
          'issued credit notes (GET /api/portal/v1/credit-notes/{id}). 409 credit_note_not_issued for a draft; ' +
          'otherwise the same answers as POST /invoices/{id}/portal-link.',
        params: idParams,
        body: z.strictObject({ contactId: uuid.optional() }).nullish(),
        response: withResponses({ 201: staffInvoiceLinkSchema }),
      },
    },
    async (request, reply) => {
      const note = await getCreditNote(deps, request.params.id);
      if (note.status !== 'issued') {
        throw new ConflictError(
          'credit_note_not_issued',
          'This credit note is a draft, which clients cannot see: issue it first',
        );
      }
      const link = await createStaffInvoiceLink(deps, requireActor(request), note.invoice.id, {
        contactId: request.body?.contactId,
      });
      return reply.code(201).send(link);
    },
  );
};
