/**
 * What invoices and recurring profiles bill in the same way: lines, a document discount and the taxes on every line.
 * The drafts hold the text as typed; figures come only from the domain totals engine, the server's own.
 */
import { formatMinor } from '../../../src/domain/currency.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import {
  computeTotals,
  type InvoiceTotals,
  type TaxInput,
  type TotalsSettings,
} from '../../../src/domain/totals.ts';
import { money } from '../format.ts';
import type { AppliedTax, Discount, TaxRate } from '../types.ts';

export type DiscountKind = '' | 'percent' | 'fixed';

export interface LineDraft {
  key: string;
  description: string;
  quantity: string;
  unitPrice: string;
  /** UN/ECE Rec 20 code, '' for none. */
  unit: string;
  /** The catalogue item picked for the line, if any (the line keeps its own copy). */
  itemId: string | null;
  /** What picking an item could not fill, shown under the line until its price is typed (never sent). */
  notice?: string;
  discountKind: DiscountKind;
  discountValue: string;
  taxes: AppliedTax[];
}

export interface ChargesDraft {
  lines: LineDraft[];
  discountKind: DiscountKind;
  discountValue: string;
  taxes: AppliedTax[];
}

/** A change to the charges, applied to the latest draft (several may be queued before a render). */
export type ChargesChange = (current: ChargesDraft) => Partial<ChargesDraft>;

let lineKey = 0;
const nextKey = () => `line-${++lineKey}`;

export const blankLine = (): LineDraft => ({
  key: nextKey(),
  description: '',
  quantity: '1',
  unitPrice: '',
  unit: '',
  itemId: null,
  discountKind: '',
  discountValue: '',
  taxes: [],
});

/** Charges with one empty line and the given taxes on every line (the organisation's defaults). */
export const newCharges = (taxes: AppliedTax[]): ChargesDraft => ({
  lines: [blankLine()],
  discountKind: '',
  discountValue: '',
  taxes,
});

/** The drafts of saved charges, as the API shows them on an invoice or a profile. */
export function chargesOf(saved: {
  lines: {
    description: string;
    quantity: string;
    unitPrice: string;
    unit: string | null;
    itemId: string | null;
    discount: Discount | null;
    taxes: AppliedTax[];
  }[];
  discount: Discount | null;
  taxes: AppliedTax[];
}): ChargesDraft {
  return {
    lines: saved.lines.map((line) => ({
      key: nextKey(),
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      unit: line.unit ?? '',
      itemId: line.itemId,
      discountKind: line.discount?.kind ?? '',
      discountValue: line.discount?.value ?? '',
      taxes: line.taxes,
    })),
    discountKind: saved.discount?.kind ?? '',
    discountValue: saved.discount?.value ?? '',
    taxes: saved.taxes,
  };
}

export const taxOf = (rate: TaxRate): AppliedTax => ({
  taxRateId: rate.id,
  name: rate.name,
  rate: rate.rate,
  inclusive: rate.inclusive,
  compound: rate.compound,
});

const taxInput = (tax: AppliedTax): TaxInput => ({
  name: tax.name,
  rate: tax.rate,
  inclusive: tax.inclusive,
  compound: tax.compound,
});

/** What the API takes for a tax: a reference to a saved rate, or the rate itself when it was typed in. */
const taxReference = (tax: AppliedTax) =>
  tax.taxRateId
    ? { taxRateId: tax.taxRateId }
    : { name: tax.name, rate: tax.rate, inclusive: tax.inclusive, compound: tax.compound };

/** The `lines`, `discount` and `taxes` of a request body, as typed: the server names any field it refuses. */
export function chargesPayload(charges: ChargesDraft) {
  return {
    lines: charges.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      unit: line.unit || null,
      itemId: line.itemId,
      discount: line.discountKind ? { kind: line.discountKind, value: line.discountValue } : null,
      taxes: line.taxes.map(taxReference),
    })),
    discount: charges.discountKind ? { kind: charges.discountKind, value: charges.discountValue } : null,
    taxes: charges.taxes.map(taxReference),
  };
}

export interface LiveTotals {
  totals?: InvoiceTotals;
  /** The first field the engine refuses, to show next to its input. */
  error?: DomainError;
}

/** Totals of the draft from the same engine the server uses; blank figures count as zero while typing. */
export function liveTotals(input: {
  currency: string;
  charges: ChargesDraft;
  amountPaid?: bigint;
  settings: TotalsSettings;
}): LiveTotals {
  const { charges } = input;
  try {
    const totals = computeTotals({
      currency: input.currency,
      lines: charges.lines.map((line) => ({
        quantity: line.quantity.trim() || '0',
        unitPrice: line.unitPrice.trim() || '0',
        discount:
          line.discountKind && line.discountValue.trim()
            ? { kind: line.discountKind, value: line.discountValue.trim() }
            : null,
        taxes: line.taxes.map(taxInput),
      })),
      discount:
        charges.discountKind && charges.discountValue.trim()
          ? { kind: charges.discountKind, value: charges.discountValue.trim() }
          : null,
      taxes: charges.taxes.map(taxInput),
      amountPaid: input.amountPaid ?? 0n,
      settings: input.settings,
    });
    return { totals };
  } catch (error) {
    if (error instanceof DomainError) return { error };
    return { error: new DomainError('validation', (error as Error).message, 'body') };
  }
}

/** Formats an amount of the engine in the draft's currency. */
export function showMinor(totals: InvoiceTotals, currency: string): (minor: bigint) => string {
  return (minor) => money(formatMinor(minor, totals.exponent), currency);
}

/**
 * The error fields that LineItemsEditor and DiscountAndTaxesFields show next to an input, so a form can list the
 * others on their own.
 */
export function chargesFields(charges: ChargesDraft): string[] {
  const fields = ['lines', 'taxes', 'discount.kind'];
  if (charges.discountKind) fields.push('discount.value', 'discount');
  charges.lines.forEach((line, index) => {
    const at = `lines.${index}`;
    fields.push(
      `${at}.description`,
      `${at}.quantity`,
      `${at}.unitPrice`,
      `${at}.unit`,
      `${at}.itemId`,
      `${at}.discount.kind`,
      `${at}.taxes`,
    );
    if (line.discountKind) fields.push(`${at}.discount.value`, `${at}.discount`);
  });
  return fields;
}
