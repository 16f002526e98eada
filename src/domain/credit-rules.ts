/**
 * The limits of credit notes, pure: a credit note never credits more than was invoiced, as a whole and per invoice
 * line (in the line's own sign: a negative line is credited with negative quantities), and always credits something. Checked when a credit note is created, edited and issued, under the
 * invoice's row lock (the services hold it), so concurrent credit notes on one invoice cannot over-credit.
 */
import { formatMinor } from './currency.ts';
import { abs, add, compare, type Decimal, formatDecimal, parseDecimal, sign, subtract } from './decimal.ts';
import { ValidationError } from './errors.ts';
import { QUANTITY_LIMITS } from './totals.ts';

export interface Money {
  exponent: number;
  currency: string;
}

/** A credit note must credit something: its total is above zero. `field` is where the amount came from. */
export function checkCreditPositive(total: bigint, money: Money, field: string): void {
  if (total <= 0n) {
    throw new ValidationError(
      field,
      `A credit note must credit more than zero; this one comes to ${formatMinor(total, money.exponent)} ${money.currency}`,
    );
  }
}

/**
 * The credit notes of an invoice never add up to more than its total: `creditedBefore` is what issued credit notes
 * (other than this one) already credit, `total` this credit note's total.
 */
export function checkWithinInvoiceTotal(
  invoice: { total: bigint; number: string | null },
  creditedBefore: bigint,
  total: bigint,
  money: Money,
  field: string,
): void {
  if (creditedBefore + total <= invoice.total) return;
  const left = invoice.total - creditedBefore;
  const show = (minor: bigint) => `${formatMinor(minor, money.exponent)} ${money.currency}`;
  throw new ValidationError(
    field,
    left <= 0n
      ? `Invoice ${invoice.number ?? ''} is already credited in full (${show(invoice.total)}): nothing is left to credit`
      : `This credit note comes to ${show(total)}, but only ${show(left)} of invoice ${invoice.number ?? ''} ` +
          `(total ${show(invoice.total)}) is not credited yet`,
  );
}

export interface CreditedLine {
  /** The invoice line it credits; null for a free amount. */
  invoiceLineId: string | null;
  quantity: string;
}

export interface InvoiceLineLimit {
  quantity: string;
  description: string;
}

function quantityOf(text: string, field: string): Decimal {
  return parseDecimal(text, field, QUANTITY_LIMITS);
}

/**
 * Per invoice line, the quantities credited (earlier issued credit notes plus this one) never exceed the line's
 * quantity, and a line that credits an invoice line credits a positive quantity of it. `invoiceLines` are the
 * invoice's lines by id; `creditedBefore` the quantities issued credit notes already credit, by invoice line id.
 * Errors name the line of this credit note (`lines.2.quantity`, `lines.0.invoiceLineId`).
 */
export function checkLineQuantities(
  lines: readonly CreditedLine[],
  invoiceLines: ReadonlyMap<string, InvoiceLineLimit>,
  creditedBefore: ReadonlyMap<string, string>,
): void {
  const running = new Map<string, Decimal>();
  lines.forEach((line, index) => {
    if (line.invoiceLineId === null) return;
    const limit = invoiceLines.get(line.invoiceLineId);
    if (!limit) {
      throw new ValidationError(
        `lines.${index}.invoiceLineId`,
        'Not a line of the credited invoice: choose one of its lines',
      );
    }
    const field = `lines.${index}.quantity`;
    const quantity = quantityOf(line.quantity, field);
    const invoiced = quantityOf(limit.quantity, field);
    // A line invoiced with a negative quantity (a deduction) is credited with a negative quantity, and so on.
    if (sign(quantity) === 0 || sign(quantity) !== sign(invoiced)) {
      throw new ValidationError(
        field,
        sign(invoiced) < 0
          ? 'This invoice line has a negative quantity: credit a negative quantity of it'
          : 'Credit a quantity above zero of the invoice line',
      );
    }
    const before =
      running.get(line.invoiceLineId) ?? quantityOf(creditedBefore.get(line.invoiceLineId) ?? '0', field);
    const after = add(before, quantity);
    if (compare(abs(after), abs(invoiced)) > 0) {
      const left = subtract(invoiced, before);
      throw new ValidationError(
        field,
        sign(left) !== sign(invoiced)
          ? `"${limit.description}" is already credited in full (quantity ${formatDecimal(invoiced)})`
          : `Only ${formatDecimal(left)} of "${limit.description}" (invoiced ${formatDecimal(invoiced)}) is left to credit`,
      );
    }
    running.set(line.invoiceLineId, after);
  });
}

/** What is left of an invoice line to credit: its quantity less the quantities issued credit notes credit. */
export function remainingQuantity(invoiced: string, credited: string | undefined): string | null {
  const total = quantityOf(invoiced, 'quantity');
  const left = subtract(total, quantityOf(credited ?? '0', 'quantity'));
  return sign(left) !== 0 && sign(left) === sign(total) ? formatDecimal(left) : null;
}

/** Credit left on a credit note: its total less what was applied to invoices and refunded. */
export function creditLeft(note: { total: bigint; applied: bigint; refunded: bigint }): bigint {
  const left = note.total - note.applied - note.refunded;
  return left > 0n ? left : 0n;
}
