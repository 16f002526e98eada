import type { FastifyReply } from 'fastify';
import type { EInvoiceRefusedError } from '../../services/einvoice/produce-einvoice.ts';
import { sendProblem } from '../problem.ts';

/** 422 problem+json listing every reason the document cannot be an e-invoice in the format (XML or Factur-X). */
export function sendEInvoiceRefusal(reply: FastifyReply, error: EInvoiceRefusedError) {
  return sendProblem(reply, {
    type: 'https://remit.invalid/problems/einvoice_not_possible',
    title: `Not possible as ${error.formatLabel}`,
    status: 422,
    detail: `${error.message}: ${error.problems.map((p) => p.message).join(' ')}`,
    code: error.code,
    errors: error.problems.map((p) => ({ field: p.field, message: p.message, code: p.code })),
  });
}
