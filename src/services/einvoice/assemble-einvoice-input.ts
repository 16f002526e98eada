/**
 * Gathers what an e-invoice of an issued invoice or credit note needs, in one consistent read: the document and
 * its lines, its client, the organisation's settings, the VAT categories of its taxes and, for an invoice, the
 * payments received (BT-113). A credit note names its invoice (BG-3) and takes the invoice's references.
 */
import type { Trx } from '../../db/client.ts';
import type { ClientRow, SettingsRow } from '../../db/schema.ts';
import { effectiveBuyerReference } from '../../domain/buyer-reference.ts';
import { paymentTermsInWords } from '../../domain/dates.ts';
import type { EInvoiceInput, EInvoicePaymentMeansInput } from '../../domain/einvoice/input.ts';
import { loadCreditNote } from '../credit-notes/load-credit-note.ts';
import { discountOf } from '../documents/document-totals.ts';
import { NotFoundError } from '../errors.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { getSettings } from '../settings/get-settings.ts';
import { linesWithVat, loadVatByRateId, taxesWithVat } from './einvoice-document.ts';
import { buyerFromClient, sellerFromSettings } from './einvoice-parties.ts';

export type EInvoiceDocumentKind = 'invoice' | 'credit_note';

export interface AssembledEInvoice {
  input: EInvoiceInput;
  /** null for a draft. */
  number: string | null;
  status: string;
  settings: SettingsRow;
  client: ClientRow;
}

/** The bank account (BG-16) when one is set up; a transfer code without an IBAN gives none (not a wrong one). */
function paymentMeans(settings: SettingsRow): EInvoicePaymentMeansInput | null {
  const code = settings.payment_means_code;
  const transfer = code === '30' || code === '58';
  if (transfer && !settings.iban) return null;
  return {
    code,
    iban: settings.iban || null,
    bic: settings.bic || null,
    accountName: settings.bank_account_name || null,
  };
}

async function loadClient(trx: Trx, id: string): Promise<ClientRow> {
  const client = await trx.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  return client;
}

async function assembleInvoice(trx: Trx, id: string): Promise<AssembledEInvoice> {
  const { invoice, lines } = await loadInvoice(trx, id);
  const [client, settings] = await Promise.all([loadClient(trx, invoice.client_id), getSettings(trx)]);
  const vat = await loadVatByRateId(trx, [invoice.taxes, ...lines.map((l) => l.taxes)]);
  return {
    number: invoice.number,
    status: invoice.status,
    settings,
    client,
    input: {
      document: {
        kind: 'invoice',
        number: invoice.number ?? '',
        issueDate: invoice.issue_date,
        dueDate: invoice.due_date,
        currency: invoice.currency,
        lines: linesWithVat(lines, vat),
        taxes: taxesWithVat(invoice.taxes, vat),
        discount: discountOf(invoice.discount_kind, invoice.discount_value),
        // Payments only: credit from credit notes is carried by the credit notes' own e-invoices.
        amountPaid: invoice.amount_paid_minor,
        settings: { taxRounding: invoice.tax_rounding, invoiceDiscountMode: invoice.invoice_discount_mode },
        buyerReference: effectiveBuyerReference(invoice.buyer_reference, client.buyer_reference) || null,
        orderReference: invoice.order_reference || null,
        // BT-20 in words; BT-9 (the due date computed from the terms) is set beside it.
        paymentTerms: paymentTermsInWords(invoice.payment_terms),
        deliveryDate: invoice.delivery_date,
      },
      seller: sellerFromSettings(settings),
      buyer: buyerFromClient(client),
      paymentMeans: paymentMeans(settings),
    },
  };
}

async function assembleCreditNote(trx: Trx, id: string): Promise<AssembledEInvoice> {
  const record = await loadCreditNote(trx, id);
  const { note, lines } = record;
  const [client, settings, invoice] = await Promise.all([
    loadClient(trx, note.client_id),
    getSettings(trx),
    trx
      .selectFrom('invoices')
      .select(['buyer_reference', 'order_reference', 'delivery_date'])
      .where('id', '=', note.invoice_id)
      .executeTakeFirstOrThrow(),
  ]);
  const vat = await loadVatByRateId(trx, [note.taxes, ...lines.map((l) => l.taxes)]);
  const invoiceNumber = record.invoice.number ?? '';
  return {
    number: note.number,
    status: note.status,
    settings,
    client,
    input: {
      document: {
        kind: 'credit_note',
        number: note.number ?? '',
        issueDate: note.issue_date,
        currency: note.currency,
        lines: linesWithVat(lines, vat),
        taxes: taxesWithVat(note.taxes, vat),
        discount: discountOf(note.discount_kind, note.discount_value),
        settings: { taxRounding: note.tax_rounding, invoiceDiscountMode: note.invoice_discount_mode },
        buyerReference: effectiveBuyerReference(invoice.buyer_reference, client.buyer_reference) || null,
        orderReference: invoice.order_reference || null,
        // BR-CO-25: the amount credited needs terms; it is set off against the invoice or refunded.
        paymentTerms: `Credit for invoice ${invoiceNumber}: set off against amounts due or refunded`,
        note: note.reason || null,
        precedingInvoice: { number: invoiceNumber, issueDate: record.invoice.issueDate },
        deliveryDate: invoice.delivery_date,
      },
      seller: sellerFromSettings(settings),
      buyer: buyerFromClient(client),
      paymentMeans: paymentMeans(settings),
    },
  };
}

export function assembleEInvoiceInput(
  trx: Trx,
  kind: EInvoiceDocumentKind,
  id: string,
): Promise<AssembledEInvoice> {
  return kind === 'invoice' ? assembleInvoice(trx, id) : assembleCreditNote(trx, id);
}
