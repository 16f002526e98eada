/**
 * What a payment's receipt shows (issue 18): the payment, the invoice it paid with the amount applied and the
 * balance left, and its refunds. Pure: the figures come in as the totals engine and the payment rows give them
 * (decimal text in major units of the payment's currency), nothing is recomputed here but the receipt's number.
 */

export interface ReceiptRefund {
  refundedOn: string;
  amount: string;
  reason: string;
}

export interface PaymentReceipt {
  /** "RCPT-000042": from the payment's recording order, so each payment has one number for good. */
  number: string;
  paidOn: string;
  currency: string;
  amount: string;
  /** bank_transfer, cheque, cash, card, other. */
  method: string;
  /** The online provider's name ("Stripe"), or null for a payment recorded by staff. */
  providerName: string | null;
  reference: string;
  invoice: {
    number: string | null;
    issueDate: string;
    total: string;
    /** What the payment still counts for on the invoice (its amount less refunds). */
    applied: string;
    /** The invoice's balance due now. */
    balanceDue: string;
  };
  refunds: ReceiptRefund[];
  /** Total refunded; "0.00" when none. */
  refundedAmount: string;
}

const RECEIPT_DIGITS = 6;

/** "RCPT-000042" for the payment recorded 42nd. */
export function receiptNumber(seq: bigint | number | string): string {
  return `RCPT-${String(seq).padStart(RECEIPT_DIGITS, '0')}`;
}

/** "receipt-RCPT-000042.pdf" */
export function receiptFilename(receipt: Pick<PaymentReceipt, 'number'>): string {
  return `receipt-${receipt.number}.pdf`;
}

/** Whether any of the payment went back to the client. */
export function hasRefunds(receipt: Pick<PaymentReceipt, 'refunds'>): boolean {
  return receipt.refunds.length > 0;
}
