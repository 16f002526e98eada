/**
 * Remit document + seller + buyer -> the EN 16931 semantic model, or every reason why not. The figures come from
 * the one totals engine (computeTotals) and are mapped in figures.ts so that the e-invoice shows the same total,
 * VAT and balance as the PDF; anything the norm or the chosen profile cannot express is refused up front.
 */
import { currencyExponent } from '../currency.ts';
import { DomainError } from '../errors.ts';
import { computeTotals, type InvoiceTotals } from '../totals.ts';
import { mapFigures } from './figures.ts';
import type { EInvoiceInput, EInvoiceProblem } from './input.ts';
import type { EInvoice } from './model.ts';
import { checkParties, mapAddress, mapParties } from './parties.ts';
import { checkPaymentMeans, checkProfile } from './profile-rules.ts';
import type { EInvoiceProfile } from './profiles.ts';
import type { VatCategoryCode } from './vat-category.ts';
import { resolveLineVats } from './vat-lines.ts';

export type BuildResult =
  | { ok: true; invoice: EInvoice; totals: InvoiceTotals }
  | { ok: false; problems: EInvoiceProblem[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** EN 16931 amounts have at most two decimals (BR-DEC-*). */
const MAX_EXPONENT = 2;

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function checkDocument(input: EInvoiceInput): EInvoiceProblem[] {
  const doc = input.document;
  const problems: EInvoiceProblem[] = [];
  if (!text(doc.number)) {
    problems.push({
      code: 'number_missing',
      field: 'number',
      message: 'The document has no number yet; issue it first.',
    });
  }
  if (!DATE.test(doc.issueDate ?? '')) {
    problems.push({
      code: 'issue_date_missing',
      field: 'issueDate',
      message: 'The document needs an issue date.',
    });
  }
  if (doc.dueDate && !DATE.test(doc.dueDate)) {
    problems.push({
      code: 'invalid',
      field: 'dueDate',
      message: 'The due date must be a date (YYYY-MM-DD).',
    });
  }
  if (!Array.isArray(doc.lines) || doc.lines.length === 0) {
    problems.push({ code: 'no_lines', field: 'lines', message: 'An e-invoice needs at least one line.' });
  }
  (doc.lines ?? []).forEach((line, i) => {
    if (!text(line.name)) {
      problems.push({
        code: 'line_name_missing',
        field: `lines.${i}.name`,
        message: `Line ${i + 1} needs a description of what was sold.`,
      });
    }
  });
  try {
    const exponent = currencyExponent(doc.currency, 'currency');
    if (exponent > MAX_EXPONENT) {
      problems.push({
        code: 'currency_decimals',
        field: 'currency',
        message: `${doc.currency} has ${exponent} decimals; EN 16931 e-invoices allow at most 2. Invoice in another currency to send an e-invoice.`,
      });
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.push({ code: 'invalid', field: error.field ?? 'currency', message: error.message });
  }
  const discountGiven = doc.discount != null && !/^0*(\.0*)?$/.test(String(doc.discount.value).trim());
  if (doc.settings?.invoiceDiscountMode === 'after_tax' && discountGiven) {
    problems.push({
      code: 'discount_after_tax',
      field: 'discount',
      message:
        'The invoice discount is taken after tax. An e-invoice can only reduce the amount VAT is charged on; apply the discount before tax.',
    });
  }
  if (
    input.document.kind === 'credit_note' &&
    input.document.precedingInvoice &&
    !text(input.document.precedingInvoice.number)
  ) {
    problems.push({
      code: 'preceding_invoice_missing',
      field: 'precedingInvoice.number',
      message: 'The credit note must name the invoice it corrects.',
    });
  }
  return problems;
}

function dedupe(problems: EInvoiceProblem[]): EInvoiceProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.code}|${p.field}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Builds the EN 16931 model of a Remit document for `profile`, or lists every reason it cannot be built. */
export function buildEInvoice(input: EInvoiceInput, profile: EInvoiceProfile = 'en16931'): BuildResult {
  const doc = input.document;
  const problems = checkDocument(input);
  const { vats, problems: vatProblems } = resolveLineVats(doc);
  problems.push(...vatProblems);
  const categories = new Set<VatCategoryCode>(vats.map((v) => v.category));
  problems.push(...checkParties(input.seller, input.buyer, categories));
  problems.push(...checkPaymentMeans(input));
  problems.push(...checkProfile(input, profile));
  if (categories.has('K')) {
    if (!DATE.test(doc.deliveryDate ?? '')) {
      problems.push({
        code: 'delivery_date_missing',
        field: 'deliveryDate',
        message: 'An intra-community supply must state when the goods or services were delivered.',
      });
    }
  }
  let totals: InvoiceTotals | null = null;
  try {
    totals = computeTotals(doc);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.push({ code: 'invalid', field: error.field ?? 'lines', message: error.message });
  }
  if (totals !== null && totals.balanceDue > 0n && !doc.dueDate && !text(doc.paymentTerms)) {
    problems.push({
      code: 'due_date_missing',
      field: 'dueDate',
      message: 'An invoice with an amount to pay needs a due date or payment terms.',
    });
  }
  if (problems.length > 0 || totals === null) return { ok: false, problems: dedupe(problems) };

  const figures = mapFigures(doc, vats, totals);
  if (figures.problems.length > 0) return { ok: false, problems: dedupe(figures.problems) };
  const { seller, buyer } = mapParties(input.seller, input.buyer, categories);
  const means = input.paymentMeans;
  const iban = text(means?.iban)?.replace(/\s+/g, '').toUpperCase() ?? null;
  const deliveryAddress = doc.deliveryAddress
    ? mapAddress(doc.deliveryAddress)
    : categories.has('K')
      ? buyer.address
      : null;
  const deliveryDate = text(doc.deliveryDate);
  const invoice: EInvoice = {
    exponent: totals.exponent,
    number: (doc.number ?? '').trim(),
    issueDate: doc.issueDate,
    typeCode: doc.kind === 'credit_note' ? '381' : '380',
    currency: doc.currency,
    dueDate: text(doc.dueDate),
    buyerReference: text(doc.buyerReference),
    orderReference: text(doc.orderReference),
    paymentTerms: text(doc.paymentTerms),
    notes: text(doc.note) ? [(doc.note as string).trim()] : [],
    precedingInvoices: doc.precedingInvoice
      ? [{ number: doc.precedingInvoice.number.trim(), issueDate: text(doc.precedingInvoice.issueDate) }]
      : [],
    seller,
    buyer,
    delivery: deliveryDate || deliveryAddress ? { date: deliveryDate, address: deliveryAddress } : null,
    paymentMeans: means
      ? {
          code: means.code,
          remittanceInformation: text(means.reference) ?? (doc.number ?? '').trim(),
          creditTransfer: iban
            ? { accountId: iban, accountName: text(means.accountName), bic: text(means.bic) }
            : null,
        }
      : null,
    allowances: figures.allowances,
    charges: [],
    totals: figures.totals,
    vatBreakdown: figures.vatBreakdown,
    lines: doc.lines.map((line, i) => {
      const f = figures.lines[i];
      const vat = vats[i];
      if (f === undefined || vat === undefined) throw new Error(`line ${i} has no figures`);
      return {
        id: String(i + 1),
        quantity: f.quantity,
        unitCode: text(line.unitCode) ?? 'C62',
        netAmount: f.netAmount,
        allowances: f.allowances,
        price: f.price,
        vat: { category: vat.category, rate: vat.category === 'O' ? null : vat.tax.rateText },
        name: line.name.trim(),
        description: text(line.description),
        sellerItemId: text(line.sellerItemId),
      };
    }),
  };
  return { ok: true, invoice, totals };
}
