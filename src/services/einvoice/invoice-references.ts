/**
 * An invoice's e-invoice references (migration 020): buyer reference (BT-10, a Leitweg-ID for German public
 * bodies; empty: the client's default) and purchase order (BT-13), and the delivery date (BT-72, needed for an
 * intra-community supply). Checked and turned into columns; fields left out keep their value.
 */
import { isValidDate } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { checkBuyerReference } from './party-field-checks.ts';

export interface InvoiceReferencesInput {
  buyerReference?: string;
  orderReference?: string;
  deliveryDate?: string | null;
}

export interface InvoiceReferenceColumns {
  buyer_reference?: string;
  order_reference?: string;
  delivery_date?: string | null;
}

export function invoiceReferenceColumns(input: InvoiceReferencesInput): InvoiceReferenceColumns {
  const columns: InvoiceReferenceColumns = {};
  if (input.buyerReference !== undefined) {
    columns.buyer_reference = checkBuyerReference(input.buyerReference, 'buyerReference');
  }
  if (input.orderReference !== undefined) columns.order_reference = input.orderReference.trim();
  if (input.deliveryDate !== undefined) {
    if (input.deliveryDate !== null && !isValidDate(input.deliveryDate)) {
      throw new ValidationError('deliveryDate', 'Use a calendar date as YYYY-MM-DD');
    }
    columns.delivery_date = input.deliveryDate;
  }
  return columns;
}

export function invoiceReferencesView(row: {
  buyer_reference: string;
  order_reference: string;
  delivery_date: string | null;
}) {
  return {
    buyerReference: row.buyer_reference,
    orderReference: row.order_reference,
    deliveryDate: row.delivery_date,
  };
}
