import { todayIn } from '../../domain/dates.ts';
import { effectiveStatus, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { InvoiceTotals } from '../../domain/totals.ts';
import {
  computeDocumentTotals,
  type DocumentBodyView,
  documentBodyView,
} from '../documents/document-view.ts';
import type { InvoiceRecord } from './load-invoice.ts';

export interface InvoiceView extends DocumentBodyView {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  dueDate: string;
  paymentTerms: string;
  sentAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export function computeRecordTotals(record: InvoiceRecord): InvoiceTotals {
  return computeDocumentTotals(record.invoice, record.lines, record.invoice.amount_paid_minor);
}

/** The API shape of an invoice; `now` in the organisation's time zone decides whether it is overdue today. */
export function toInvoiceView(record: InvoiceRecord, now: Date): InvoiceView {
  const { invoice } = record;
  const totals = computeRecordTotals(record);
  return {
    id: invoice.id,
    number: invoice.number,
    status: effectiveStatus(
      invoice.status,
      invoice.due_date,
      todayIn(record.timeZone, now),
      totals.balanceDue,
    ),
    ...documentBodyView({ ...record, row: invoice }, totals),
    dueDate: invoice.due_date,
    paymentTerms: invoice.payment_terms,
    sentAt: invoice.sent_at?.toISOString() ?? null,
    voidedAt: invoice.voided_at?.toISOString() ?? null,
    voidReason: invoice.void_reason,
    createdAt: invoice.created_at.toISOString(),
    updatedAt: invoice.updated_at.toISOString(),
  };
}
