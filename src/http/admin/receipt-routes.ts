import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ReceiptPdfDeps, renderReceiptPdf } from '../../services/payments/render-receipt-pdf.ts';
import { sendPaymentReceipt } from '../../services/payments/send-payment-receipt.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { errorResponses, idParams, withResponses } from '../schemas.ts';
import { sendPdf } from './invoice-pdf-routes.ts';
import { receiptSendBody, sentReceiptSchema } from './send-bodies.ts';

/** Payment receipts for staff of either role: the PDF, and emailing it to the client. */
export const receiptRoutes: FastifyPluginAsyncZod<{ deps: ReceiptPdfDeps & SendingDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/payments/:id/receipt.pdf',
    {
      schema: {
        tags: ['payments'],
        summary: "A payment's receipt as a PDF",
        description:
          "In the client's language, on the organisation's paper and branding: the amount received, how, the " +
          'invoice it paid with the amount applied and the balance due now, and its refunds. A deleted, pending ' +
          '(in review) or failed payment has none (409).',
        params: idParams,
        produces: ['application/pdf'],
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) => sendPdf(reply, () => renderReceiptPdf(deps, request.params.id)),
  );

  app.post(
    '/payments/:id/receipt/send',
    {
      schema: {
        tags: ['payments'],
        summary: "Email a payment's receipt, with its PDF",
        description:
          "Writes one email per address (default: the client's billing email) to the outbox; a worker delivers " +
          'them with retries and attaches the receipt PDF as it stands at delivery. Without SMTP settings the ' +
          'emails are recorded as not_sent with the reason. Send an Idempotency-Key so that a retry queues ' +
          'nothing twice. Recorded in the audit log (payment.receipt_sent).',
        params: idParams,
        body: receiptSendBody,
        response: withResponses({ 202: sentReceiptSchema }),
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await sendPaymentReceipt(deps, actionContext(request), request.params.id, request.body ?? {})),
  );
};
