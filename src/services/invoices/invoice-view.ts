import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { effectiveStatus, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { InvoiceTotals } from '../../domain/totals.ts';
import {
  computeDocumentTotals,
  type DocumentBodyView,
  documentBodyView,
  type TotalsView,
} from '../documents/document-view.ts';
import { invoiceReferencesView } from '../einvoice/invoice-references.ts';
import type { InvoiceRecord } from './load-invoice.ts';

/** A credit note of the invoice, as the invoice lists it (staff see drafts too; the portal only issued ones). */
export interface InvoiceCreditNoteLink {
  id: string;
  number: string | null;
  status: 'draft' | 'issued';
  total: string;
  issueDate: string;
  issuedAt: string | null;
}

export interface InvoiceView extends DocumentBodyView {
  /** amountPaid counts payments only; amountCredited is credit applied from credit notes; balanceDue subtracts both. */
  totals: TotalsView & { amountCredited: string };
  creditNotes: InvoiceCreditNoteLink[];
  id: string;
  number: string | null;
  status: InvoiceStatus;
  dueDate: string;
  paymentTerms: string;
  sentAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  /** E-invoice references: BT-10 (empty: the client's default), BT-13, BT-72. */
  buyerReference: string;
  orderReference: string;
  deliveryDate: string | null;
  /** The CSV import a historical invoice came from (GET /imports); null for invoices made in Remit. */
  importId: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The invoice's figures; the balance due is what neither payments nor credit notes settle: total − paid − credited.
 * The engine's `amountPaid` is therefore paid + credited here: the view splits them again.
 */
export function computeRecordTotals(record: InvoiceRecord): InvoiceTotals {
  const { invoice } = record;
  return computeDocumentTotals(
    invoice,
    record.lines,
    invoice.amount_paid_minor + (invoice.amount_credited_minor ?? 0n),
  );
}

/**
 * The API shape of an invoice; `now` in the organisation's time zone decides whether it is overdue today.
 * `totals`: the engine's figures for exactly this record, when the caller has just computed them.
 */
export function toInvoiceView(
  record: InvoiceRecord,
  now: Date,
  totals: InvoiceTotals = computeRecordTotals(record),
): InvoiceView {
  const { invoice } = record;
  const body = documentBodyView({ ...record, row: invoice }, totals);
  return {
    id: invoice.id,
    number: invoice.number,
    status: effectiveStatus(
      invoice.status,
      invoice.due_date,
      todayIn(record.timeZone, now),
      totals.balanceDue,
    ),
    ...body,
    totals: {
      ...body.totals,
      amountPaid: formatMinor(invoice.amount_paid_minor, totals.exponent),
      amountCredited: formatMinor(invoice.amount_credited_minor ?? 0n, totals.exponent),
    },
    dueDate: invoice.due_date,
    paymentTerms: invoice.payment_terms,
    sentAt: invoice.sent_at?.toISOString() ?? null,
    voidedAt: invoice.voided_at?.toISOString() ?? null,
    voidReason: invoice.void_reason,
    ...invoiceReferencesView(invoice),
    importId: invoice.import_batch_id ?? null,
    createdAt: invoice.created_at.toISOString(),
    updatedAt: invoice.updated_at.toISOString(),
    creditNotes: (record.creditNotes ?? []).map((note) => ({
      id: note.id,
      number: note.number,
      status: note.status,
      total: formatMinor(BigInt(note.total_minor), currencyExponent(invoice.currency)),
      issueDate: note.issue_date,
      issuedAt: note.issued_at ? new Date(note.issued_at).toISOString() : null,
    })),
  };
}

/** What an invoice's email shows of it: a slice of its view. */
export type InvoiceSummary = Pick<InvoiceView, 'id' | 'number' | 'currency' | 'dueDate'> & {
  totals: Pick<InvoiceView['totals'], 'total' | 'balanceDue'>;
};
