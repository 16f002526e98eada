/**
 * What invoices and recurring profiles bill in the same way: lines, a document discount and the taxes on every line.
 * The drafts hold the text as typed; figures come only from the domain totals engine, the server's own.
 */
import { currencyExponent, formatMinor, parseMoney } from '../../../src/domain/currency.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { labelledMessage } from '../../../src/domain/field-labels.ts';
import {
  computeTotals,
  type InvoiceTotals,
  type TaxInput,
  type TotalsSettings,
} from '../../../src/domain/totals.ts';
import { money } from '../format.ts';
import type { AppliedTax, Discount, RecurringProfile, TaxRate } from '../types.ts';

type SavedTotals = RecurringProfile['totals'];

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

/** A field the totals engine refuses, in the words shown next to its input. */
export interface LiveFieldError {
  field: string;
  message: string;
}

export interface LiveTotals {
  /** Totals of the lines whose figures are valid (the others count as zero), unless the document's own are not. */
  totals?: InvoiceTotals;
  /** Every field the engine refuses, to mark next to its input. */
  errors: LiveFieldError[];
  /** The first of them. */
  error?: LiveFieldError;
  /** Lines left out of the totals (0-based), until their figures are valid. */
  leftOut: number[];
}

/** The engine's message for a field of the draft, if it refuses it. */
export function liveFieldError(live: LiveTotals, field: string): string | undefined {
  return live.errors.find((error) => error.field === field)?.message;
}

const ZERO_LINE = { quantity: '0', unitPrice: '0', discount: null, taxes: [] };

/**
 * Totals of the draft from the same engine the server uses; blank figures count as zero while typing. A line the
 * engine refuses is marked and counted as zero so the others still add up; a refused document discount or tax is
 * left out the same way.
 */
export function liveTotals(input: {
  currency: string;
  charges: ChargesDraft;
  amountPaid?: bigint;
  settings: TotalsSettings;
}): LiveTotals {
  const { charges } = input;
  const leftOut = new Set<number>();
  let withoutDiscount = false;
  let withoutTaxes = false;
  const errors: LiveFieldError[] = [];
  const result = (totals?: InvoiceTotals): LiveTotals => ({
    ...(totals ? { totals } : {}),
    errors,
    ...(errors[0] ? { error: errors[0] } : {}),
    leftOut: [...leftOut].sort((a, b) => a - b),
  });
  // Each round leaves out what the engine refused last, so it ends after at most one round per part.
  for (let round = 0; round <= charges.lines.length + 2; round++) {
    try {
      const totals = computeTotals({
        currency: input.currency,
        lines: charges.lines.map((line, index) =>
          leftOut.has(index)
            ? ZERO_LINE
            : {
                quantity: line.quantity.trim() || '0',
                unitPrice: line.unitPrice.trim() || '0',
                discount:
                  line.discountKind && line.discountValue.trim()
                    ? { kind: line.discountKind, value: line.discountValue.trim() }
                    : null,
                taxes: line.taxes.map(taxInput),
              },
        ),
        discount:
          !withoutDiscount && charges.discountKind && charges.discountValue.trim()
            ? { kind: charges.discountKind, value: charges.discountValue.trim() }
            : null,
        taxes: withoutTaxes ? [] : charges.taxes.map(taxInput),
        amountPaid: input.amountPaid ?? 0n,
        settings: input.settings,
      });
      return result(totals);
    } catch (error) {
      const field = error instanceof DomainError ? (error.field ?? 'body') : 'body';
      errors.push({ field, message: labelledMessage(field, (error as Error).message) });
      const line = /^lines\.(\d+)/.exec(field);
      if (line && !leftOut.has(Number(line[1]))) leftOut.add(Number(line[1]));
      else if (field.startsWith('discount') && !withoutDiscount) withoutDiscount = true;
      else if (field.startsWith('taxes') && !withoutTaxes) withoutTaxes = true;
      else return result();
    }
  }
  return result();
}

/** Formats an amount of the engine in the draft's currency. */
export function showMinor(
  totals: Pick<TableTotals, 'exponent'>,
  currency: string,
): (minor: bigint) => string {
  return (minor) => money(formatMinor(minor, totals.exponent), currency);
}

/** The figures a totals table shows, in minor units, with the exponent that formats them. */
export type TableTotals = Pick<
  InvoiceTotals,
  'exponent' | 'subtotal' | 'discountTotal' | 'taxes' | 'total' | 'amountPaid' | 'balanceDue'
>;

/** Saved totals, decimal strings from the API, in the minor units the live totals use. */
export function minorTotalsOf(totals: SavedTotals, currency: string): TableTotals {
  const exponent = currencyExponent(currency);
  const minor = (amount: string) => parseMoney(amount, exponent, 'totals');
  return {
    exponent,
    subtotal: minor(totals.subtotal),
    discountTotal: minor(totals.discountTotal),
    taxes: totals.taxes.map((tax) => ({
      ...tax,
      taxableBase: minor(tax.taxableBase),
      amount: minor(tax.amount),
    })),
    total: minor(totals.total),
    amountPaid: minor(totals.amountPaid),
    balanceDue: minor(totals.balanceDue),
  };
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
