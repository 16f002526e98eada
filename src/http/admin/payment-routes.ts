import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { deletePayment } from '../../services/payments/delete-payment.ts';
import { listPayments } from '../../services/payments/list-payments.ts';
import { listPaymentsInReview } from '../../services/payments/list-payments-in-review.ts';
import { PAYMENT_METHODS } from '../../services/payments/payment-view.ts';
import { recordPayment } from '../../services/payments/record-payment.ts';
import { refundPayment } from '../../services/payments/refund-payment.ts';
import { reviewPayment } from '../../services/payments/review-payment.ts';
import { requireActor } from '../plugins/staff-auth.ts';
import {
  dateString,
  decimalInput,
  errorResponses,
  idParams,
  longText,
  multilineText,
  shortText,
  uuid,
  withResponses,
} from '../schemas.ts';
import { listOf } from '../view-schemas.ts';
import { paymentSchema } from './payment-schemas.ts';

const paymentParams = z.strictObject({ id: uuid, paymentId: uuid });

export const paymentRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps & { appUrl?: string } }> = async (
  app,
  { deps },
) => {
  app.post(
    '/invoices/:id/payments',
    {
      schema: {
        tags: ['payments'],
        summary: 'Record a payment received outside Remit (bank transfer, cheque, cash, card, other)',
        description:
          'The amount is in major units of the invoice currency and may not exceed the balance due. A partial ' +
          'payment makes the invoice partially_paid, the whole balance paid. Answers the payment and the invoice.',
        params: idParams,
        body: z.strictObject({
          amount: decimalInput,
          paidOn: dateString
            .optional()
            .meta({ description: 'Defaults to today in the organisation time zone' }),
          method: z.enum(PAYMENT_METHODS),
          reference: shortText(200).optional(),
          note: longText.optional(),
          emailReceipt: z
            .boolean()
            .optional()
            .meta({
              description:
                "Email the receipt with its PDF to the client's billing email, queued with the payment (422 when the " +
                'client has none). Answered as receiptEmails',
            }),
        }),
        response: errorResponses,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordPayment(deps, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/invoices/:id/payments',
    {
      schema: {
        tags: ['payments'],
        summary: "The invoice's payments with their refunds, deleted ones included",
        params: idParams,
        response: withResponses({ 200: listOf(paymentSchema) }),
      },
    },
    async (request) => ({ items: await listPayments(deps, request.params.id) }),
  );

  app.delete(
    '/invoices/:id/payments/:paymentId',
    {
      schema: {
        tags: ['payments'],
        summary: 'Delete a payment recorded by mistake; it stays on record, marked deleted',
        description: 'The balance and the status come back. Answers the payment and the invoice.',
        params: paymentParams,
        body: z.strictObject({ reason: multilineText(1000).optional() }).nullish(),
        response: errorResponses,
      },
    },
    async (request) =>
      deletePayment(
        deps,
        requireActor(request),
        request.params.id,
        request.params.paymentId,
        request.body?.reason,
      ),
  );

  app.post(
    '/invoices/:id/payments/:paymentId/refund',
    {
      schema: {
        tags: ['payments'],
        summary: 'Record money given back for a payment, in full (default) or in part',
        description: 'The balance and the status come back. Answers the payment and the invoice.',
        params: paymentParams,
        body: z
          .strictObject({
            amount: decimalInput.optional(),
            refundedOn: dateString.optional(),
            reason: multilineText(1000).optional(),
          })
          .nullish(),
        response: errorResponses,
      },
    },
    async (request) =>
      refundPayment(
        deps,
        requireActor(request),
        request.params.id,
        request.params.paymentId,
        request.body ?? {},
      ),
  );

  app.post(
    '/invoices/:id/payments/:paymentId/review',
    {
      schema: {
        tags: ['payments'],
        summary: 'Accept or reject a gateway payment held for review',
        description:
          'Accepted, the payment counts towards the invoice and the client gets the receipt; refused (409) when it is ' +
          'in another currency, more than the balance, or the invoice is void or paid. Rejected (a note is required), ' +
          'it never counts: refund it at the provider. Answers the payment and the invoice.',
        params: paymentParams,
        body: z.strictObject({ decision: z.enum(['accept', 'reject']), note: longText.optional() }),
        response: errorResponses,
      },
    },
    async (request) =>
      reviewPayment(deps, requireActor(request), request.params.id, request.params.paymentId, request.body),
  );

  app.get(
    '/payments/in-review',
    {
      schema: {
        tags: ['payments'],
        summary: 'Gateway payments waiting for a staff decision, oldest first',
        response: errorResponses,
      },
    },
    async () => ({ items: await listPaymentsInReview(deps) }),
  );
};
