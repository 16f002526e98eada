import { creditLeft } from '../../domain/credit-rules.ts';
import { formatMinor } from '../../domain/currency.ts';
import type { InvoiceTotals } from '../../domain/totals.ts';
import {
  computeDocumentTotals,
  type DocumentBodyView,
  documentBodyView,
  type LineView,
} from '../documents/document-view.ts';
import type { CreditNoteRecord } from './load-credit-note.ts';

export interface CreditNoteView extends Omit<DocumentBodyView, 'lines'> {
  id: string;
  number: string | null;
  status: 'draft' | 'issued';
  /** The credited invoice (BT-25), with its own buyer reference ('' when none: the client's default applies). */
  invoice: { id: string; number: string | null; issueDate: string; buyerReference: string };
  reason: string;
  /** Each line may say which invoice line it credits. */
  lines: (LineView & { invoiceLineId: string | null })[];
  /** total: the credit; applied to invoices, refunded to the client, and what is left as client credit. */
  credit: { total: string; applied: string; refunded: string; remaining: string };
  allocations: {
    id: string;
    invoiceId: string;
    invoiceNumber: string | null;
    amount: string;
    createdAt: string;
  }[];
  refunds: {
    id: string;
    amount: string;
    method: string;
    refundedOn: string;
    reference: string;
    /** The payment whose gateway the credit went back through; null for a refund made outside Remit. */
    paymentId: string | null;
    provider: string;
    providerRefundId: string | null;
    createdAt: string;
  }[];
  issuedAt: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function computeCreditNoteTotals(record: CreditNoteRecord): InvoiceTotals {
  return computeDocumentTotals(record.note, record.lines);
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The API shape of a credit note. Its totals' balanceDue equals its total (nothing is "paid" on a credit note). */
export function toCreditNoteView(record: CreditNoteRecord): CreditNoteView {
  const { note } = record;
  const totals = computeCreditNoteTotals(record);
  const money = (minor: bigint) => formatMinor(minor, totals.exponent);
  const body = documentBodyView({ ...record, row: note }, totals);
  const applied = note.amount_applied_minor;
  const refunded = note.amount_refunded_minor;
  return {
    id: note.id,
    number: note.number,
    status: note.status,
    invoice: record.invoice,
    reason: note.reason,
    ...body,
    lines: body.lines.map((line, index) => ({
      ...line,
      invoiceLineId: record.lines[index]?.invoice_line_id ?? null,
    })),
    credit: {
      total: money(totals.total),
      applied: money(applied),
      refunded: money(refunded),
      // A draft is not credit yet: nothing remains of it until it is issued.
      remaining: money(
        note.status === 'issued' ? creditLeft({ total: totals.total, applied, refunded }) : 0n,
      ),
    },
    allocations: record.allocations.map((allocation) => ({
      id: allocation.id,
      invoiceId: allocation.invoice_id,
      invoiceNumber: allocation.invoice_number,
      amount: money(BigInt(allocation.amount_minor)),
      createdAt: iso(allocation.created_at),
    })),
    refunds: record.refunds.map((refund) => ({
      id: refund.id,
      amount: money(BigInt(refund.amount_minor)),
      method: refund.method,
      refundedOn: refund.refunded_on,
      reference: refund.reference,
      paymentId: refund.payment_id,
      provider: refund.provider,
      providerRefundId: refund.provider_refund_id,
      createdAt: iso(refund.created_at),
    })),
    issuedAt: note.issued_at ? iso(note.issued_at) : null,
    sentAt: note.sent_at ? iso(note.sent_at) : null,
    createdAt: iso(note.created_at),
    updatedAt: iso(note.updated_at),
  };
}
