import { formatMinor } from './currency.ts';
import { ValidationError } from './errors.ts';

/**
 * What an invoice needs to carry a number, checked when it is issued and whenever an issued invoice is revised: at
 * least one line, and a total that is not negative. Single lines may be negative (a discount, a deposit already
 * received) as long as the whole is not: money owed back to a client is not an invoice.
 */
export function checkIssuable(
  invoice: { lineCount: number; total: bigint; exponent: number; currency: string },
  when: 'issue' | 'revise',
): void {
  if (invoice.lineCount === 0) {
    throw new ValidationError(
      'lines',
      when === 'issue'
        ? 'Add at least one line before issuing the invoice'
        : 'An issued invoice needs at least one line',
    );
  }
  if (invoice.total < 0n) {
    throw new ValidationError(
      'lines',
      `The total would be ${formatMinor(invoice.total, invoice.exponent)} ${invoice.currency}: an invoice cannot ` +
        'have a negative total. To give a client money back or correct an issued invoice, write a credit note for ' +
        'that invoice (POST /invoices/{id}/credit-notes); a payment received can also be refunded.',
    );
  }
}
