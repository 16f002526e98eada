/**
 * Finds the one VAT tax of every line (its own taxes merged with the document's, as the totals engine does) and
 * refuses what EN 16931 cannot express: a line without VAT or with two VAT taxes, a compound tax, a tax that is
 * not VAT, a rate its category forbids, an exemption without a reason.
 */
import { DomainError } from '../errors.ts';
import { mergeTaxes, type ParsedTax, parseTaxList } from '../tax.ts';
import type { LineVat } from './figures.ts';
import type { EInvoiceDocumentInput, EInvoiceProblem, EInvoiceTaxInput } from './input.ts';
import { isVatCategoryCode, VAT_CATEGORIES } from './vat-category.ts';

const VATEX_PATTERN = /^VATEX-[A-Z]{2}-[A-Z0-9-]+$/;

function describe(tax: ParsedTax): string {
  return `"${tax.name}" (${tax.rateText} %)`;
}

/** The VAT of each line, or the problems that prevent it. `vats` is complete only when `problems` is empty. */
export function resolveLineVats(doc: EInvoiceDocumentInput): {
  vats: LineVat[];
  problems: EInvoiceProblem[];
} {
  const problems: EInvoiceProblem[] = [];
  const reported = new Set<string>();
  const report = (problem: EInvoiceProblem): void => {
    const id = `${problem.code}|${problem.field}`;
    if (reported.has(id)) return;
    reported.add(id);
    problems.push(problem);
  };
  const vats: LineVat[] = [];
  let documentTaxes: ParsedTax[];
  try {
    documentTaxes = parseTaxList(doc.taxes, 'taxes');
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { vats, problems: [{ code: 'invalid', field: error.field ?? 'taxes', message: error.message }] };
  }
  // Where each tax was found (its input, with the VAT tag, and its field), first occurrence wins.
  const origin = new Map<string, { input: EInvoiceTaxInput; field: string }>();
  (doc.taxes ?? []).forEach((input, j) => {
    const key = documentTaxes[j]?.key;
    if (key !== undefined && !origin.has(key)) origin.set(key, { input, field: `taxes.${j}` });
  });
  (doc.lines ?? []).forEach((line, i) => {
    let own: ParsedTax[];
    try {
      own = parseTaxList(line.taxes, `lines.${i}.taxes`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report({ code: 'invalid', field: error.field ?? `lines.${i}.taxes`, message: error.message });
      return;
    }
    own.forEach((tax, j) => {
      const input = line.taxes[j];
      if (input !== undefined && !origin.has(tax.key))
        origin.set(tax.key, { input, field: `lines.${i}.taxes.${j}` });
    });
    const merged = mergeTaxes(own, documentTaxes);
    const vatTaxes: LineVat[] = [];
    for (const tax of merged) {
      const found = origin.get(tax.key);
      const field = found?.field ?? `lines.${i}.taxes`;
      if (tax.compound) {
        report({
          code: 'compound_tax',
          field,
          message: `The tax ${describe(tax)} is charged on top of other taxes (compound). EN 16931 knows only VAT charged on the net amount; an e-invoice cannot carry it.`,
        });
        continue;
      }
      const vat = found?.input.vat;
      if (vat === null || vat === undefined || !isVatCategoryCode(vat.category)) {
        report({
          code: 'tax_not_vat',
          field,
          message: `The tax ${describe(tax)} has no VAT category, so it is not VAT. Give it a VAT category (standard, zero rated, exempt, reverse charge ...) or leave it off invoices sent as e-invoices.`,
        });
        continue;
      }
      vatTaxes.push(
        checkCategory(tax, vat.category, vat.exemptionReason, vat.exemptionReasonCode, field, report),
      );
    }
    if (vatTaxes.length === 0 && !merged.some((t) => t.compound || origin.get(t.key)?.input.vat == null)) {
      report({
        code: 'line_without_vat',
        field: `lines.${i}.taxes`,
        message: `Line ${i + 1} has no VAT rate. Every line of an e-invoice needs one, even when no VAT is due: choose a rate such as "exempt" or "not subject to VAT".`,
      });
    } else if (vatTaxes.length > 1) {
      report({
        code: 'two_vat_taxes',
        field: `lines.${i}.taxes`,
        message: `Line ${i + 1} carries ${vatTaxes.length} VAT rates (${vatTaxes.map((v) => describe(v.tax)).join(', ')}). An e-invoice allows exactly one VAT rate per line; split the line.`,
      });
    }
    const first = vatTaxes[0];
    if (first !== undefined) vats.push(first);
  });
  return { vats, problems };
}

function checkCategory(
  tax: ParsedTax,
  code: keyof typeof VAT_CATEGORIES,
  reasonInput: string | null | undefined,
  reasonCodeInput: string | null | undefined,
  field: string,
  report: (problem: EInvoiceProblem) => void,
): LineVat {
  const category = VAT_CATEGORIES[code];
  const zero = tax.rate.units === 0n;
  if (category.positiveRate && zero) {
    report({
      code: 'vat_rate_zero',
      field: `${field}.rate`,
      message: `The tax ${describe(tax)} is marked "${category.label}" but its rate is 0 %. Use the category "zero rated" or "exempt" for 0 %.`,
    });
  }
  if (category.zeroRate && !zero) {
    report({
      code: 'vat_rate_not_zero',
      field: `${field}.rate`,
      message: `The tax ${describe(tax)} is marked "${category.label}", which charges no VAT, but its rate is ${tax.rateText} %. Set the rate to 0 % or choose the standard category.`,
    });
  }
  let exemptionReason: string | null = null;
  let exemptionReasonCode: string | null = null;
  if (category.needsExemptionReason) {
    exemptionReason = reasonInput?.trim() || null;
    exemptionReasonCode = reasonCodeInput?.trim().toUpperCase() || category.defaultExemptionCode;
    if (exemptionReasonCode !== null && !VATEX_PATTERN.test(exemptionReasonCode)) {
      report({
        code: 'vatex_code_invalid',
        field: `${field}.vat.exemptionReasonCode`,
        message: `"${exemptionReasonCode}" is not a VATEX exemption code (they look like VATEX-EU-132 or VATEX-EU-AE).`,
      });
      exemptionReasonCode = null;
    }
    if (exemptionReason === null && exemptionReasonCode === null) {
      report({
        code: 'exemption_reason_missing',
        field: `${field}.vat.exemptionReason`,
        message: `The tax ${describe(tax)} is "${category.label}": the invoice must say why no VAT is charged. Add the exemption reason (for example the article of the law) or a VATEX code.`,
      });
    }
  }
  return { tax, category: code, exemptionReason, exemptionReasonCode };
}
