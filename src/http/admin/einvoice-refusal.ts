import type { FastifyReply } from 'fastify';
import type { EInvoiceRefusedError } from '../../services/einvoice/produce-einvoice.ts';
import { problemFor, sendProblem } from '../problem.ts';

/** 422 problem+json listing every reason the document cannot be an e-invoice in the format (XML or Factur-X). */
export function sendEInvoiceRefusal(reply: FastifyReply, error: EInvoiceRefusedError) {
  return sendProblem(reply, problemFor(error));
}
