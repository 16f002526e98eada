/**
 * What a commercial document (invoice, quote, credit note) shows, block by block, with every figure formatted for
 * the locale: the seller and buyer blocks, the rows beside the title, the lines (quantity with unit, unit price,
 * discount, net), each discount and each tax line, the total and what follows it, and the closing sections. The
 * PDF, the web view (staff and portal) and the emails all print it, so that no two can show different figures. Every amount comes from the totals engine's view as it is; nothing is computed here. Pure: server and
 * web app.
 */
import { currencyExponent } from './currency.ts';
import type { DocumentPresentation } from './document-presentation.ts';
import { unitText } from './document-words.ts';
import { formatCalendarDate, formatDecimalNumber, formatMoney, formatPercent } from './locale-format.ts';

type Discount = { kind: 'percent' | 'fixed'; value: string } | null;

/** The parts of a document's view the description reads (the API's and the services' views both fit). */
export interface DescribedDocumentBody {
  currency: string;
  project: { name: string } | null;
  lines: {
    description: string;
    quantity: string;
    unit: string | null;
    unitPrice: string;
    discount: Discount;
    discountAmount: string;
    amountAfterDiscount: string;
    taxes: { name: string; rate: string }[];
  }[];
  discount: Discount;
  totals: {
    subtotal: string;
    lineDiscountTotal: string;
    invoiceDiscount: string;
    taxes: { name: string; rate: string; inclusive: boolean; amount: string }[];
    total: string;
  };
  notes: string;
  terms: string;
}

export interface DescribedParty {
  name: string;
  company?: string;
  addressLines: string[];
  email?: string;
  phone?: string;
  website?: string;
  taxId?: string;
  /** The buyer's default buyer reference (BT-10): an invoice without its own prints this one, as its e-invoice does. */
  buyerReference?: string;
}

export interface DescribeDocumentInput {
  document: DescribedDocumentBody;
  /** "Invoice", "Quote", "Credit note". */
  title: string;
  number: string | null;
  /** Rows beside the title; `date` values are YYYY-MM-DD. */
  meta: { label: string; value: string; date?: boolean }[];
  /** Heading of the buyer block, e.g. "Bill to". */
  partyHeading: string;
  /** Rows after Total (paid, credited), then the closing figure (balance due), as decimal text. */
  afterTotal: { label: string; amount: string }[];
  headline: { label: string; amount: string } | null;
  /** The kind's own sections before notes and terms (a void reason); empty bodies are left out. */
  sections?: [string, string][];
  /** The organisation's payment terms text and payment instructions, when they belong on this kind. */
  payment?: { termsText: string; instructions: string } | null;
  seller: DescribedParty;
  buyer: DescribedParty;
  locale: string;
  /** The reader's words: keys of the documents message file (src/i18n/locales/<language>/documents.json). */
  t: DescriptionWords;
}

/** Looks up a message by key with its values filled in (i18next's `t`, or any function like it). */
export type DescriptionWords = (key: string, values?: Record<string, string | number>) => string;

/**
 * Who a document is from and for, and in which words: what the web view gets from the API beside the document
 * (the PDF and the emails read the same from the settings and the client).
 */
export interface DocumentParties {
  /** The reader's language (messages) and locale (figures, dates). */
  language: string;
  locale: string;
  seller: DescribedParty;
  buyer: DescribedParty;
  /** The organisation's payment terms text and payment instructions. */
  payment: { termsText: string; instructions: string };
}

export interface DescribedLine {
  description: string;
  /** "3 hours", "1,5". */
  quantity: string;
  unitPrice: string;
  /** "10 % (−5,00 €)", or '' without a discount (the caller puts the word "Discount" before it). */
  discount: string;
  /** "VAT 19 %, ..." or ''. */
  taxes: string;
  /** After the line discount, before the invoice discount and taxes. */
  net: string;
}

export type TotalRowKind = 'subtotal' | 'discount' | 'tax' | 'total' | 'settled' | 'due';

export interface DescribedTotalRow {
  kind: TotalRowKind;
  label: string;
  amount: string;
  /** Tax already contained in the prices: shown for information. */
  included?: boolean;
}

export interface DocumentDescription {
  title: string;
  number: string | null;
  seller: { name: string; lines: string[] };
  buyer: { heading: string; name: string; lines: string[] };
  meta: [string, string][];
  lines: DescribedLine[];
  /**
   * Subtotal, line discounts, the invoice discount, each tax, Total, what was paid or credited, balance due (a
   * closing figure that would repeat Total, a quote's, stands in its place).
   */
  totals: DescribedTotalRow[];
  sections: [string, string][];
}

const isZero = (amount: string) => /^-?0(\.0*)?$/.test(amount);
const negated = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`);

export function describeDocument(input: DescribeDocumentInput): DocumentDescription {
  const { document, locale, seller, buyer, t } = input;
  const exponent = currencyExponent(document.currency);
  const money = (amount: string) => formatMoney(amount, document.currency, locale, exponent);
  const percent = (rate: string) => formatPercent(rate, locale);

  const lines = document.lines.map((line): DescribedLine => {
    let discount = '';
    if (line.discount && !isZero(line.discountAmount)) {
      const amount = money(negated(line.discountAmount));
      discount = line.discount.kind === 'percent' ? `${percent(line.discount.value)} (${amount})` : amount;
    }
    return {
      description: line.description,
      quantity: [formatDecimalNumber(line.quantity, locale), unitText(t, line.unit, line.quantity)]
        .filter(Boolean)
        .join(' '),
      unitPrice: money(line.unitPrice),
      discount,
      taxes: line.taxes.map((tax) => `${tax.name} ${percent(tax.rate)}`).join(', '),
      net: money(line.amountAfterDiscount),
    };
  });

  const { totals } = document;
  const rows: DescribedTotalRow[] = [
    { kind: 'subtotal', label: t('figures.subtotal'), amount: money(totals.subtotal) },
  ];
  if (!isZero(totals.lineDiscountTotal)) {
    rows.push({
      kind: 'discount',
      label: t('figures.lineDiscounts'),
      amount: money(negated(totals.lineDiscountTotal)),
    });
  }
  if (!isZero(totals.invoiceDiscount)) {
    const label =
      document.discount?.kind === 'percent'
        ? t('figures.discountWithRate', { rate: percent(document.discount.value) })
        : t('figures.discount');
    rows.push({ kind: 'discount', label, amount: money(negated(totals.invoiceDiscount)) });
  }
  for (const tax of totals.taxes) {
    const label = `${tax.name} ${percent(tax.rate)}`;
    rows.push(
      tax.inclusive
        ? {
            kind: 'tax',
            label: t('figures.taxIncluded', { tax: label }),
            amount: money(tax.amount),
            included: true,
          }
        : { kind: 'tax', label, amount: money(tax.amount) },
    );
  }
  const total: DescribedTotalRow = { kind: 'total', label: t('figures.total'), amount: money(totals.total) };
  const headline = input.headline && {
    kind: 'due' as const,
    label: input.headline.label,
    amount: money(input.headline.amount),
  };
  // A closing figure that only repeats the Total row (a quote's) closes the totals in its place: printed once.
  const repeatsTotal =
    headline &&
    input.afterTotal.length === 0 &&
    headline.label === total.label &&
    headline.amount === total.amount;
  if (!repeatsTotal) rows.push(total);
  for (const row of input.afterTotal) {
    rows.push({ kind: 'settled', label: row.label, amount: money(row.amount) });
  }
  if (headline) rows.push(headline);

  const meta: [string, string][] = input.meta.map((row) => [
    row.label,
    row.date ? formatCalendarDate(row.value, locale) : row.value,
  ]);
  if (document.project) meta.push([t('meta.project'), document.project.name]);

  const sections: [string, string][] = [
    ...(input.sections ?? []),
    [t('section.notes'), document.notes],
    [t('section.terms'), document.terms],
    [t('section.paymentTerms'), input.payment?.termsText ?? ''],
    [t('section.paymentInstructions'), input.payment?.instructions ?? ''],
  ];

  const buyerName = buyer.company || buyer.name;
  return {
    title: input.title,
    number: input.number,
    seller: {
      name: seller.name,
      lines: [
        ...seller.addressLines,
        seller.email ?? '',
        seller.phone ?? '',
        seller.website ?? '',
        seller.taxId ? t('party.taxId', { id: seller.taxId }) : '',
      ].filter(Boolean),
    },
    buyer: {
      heading: input.partyHeading,
      name: buyerName,
      lines: [
        buyer.company && buyer.name !== buyer.company ? buyer.name : '',
        ...buyer.addressLines,
        buyer.email ?? '',
        buyer.taxId ? t('party.taxId', { id: buyer.taxId }) : '',
      ].filter(Boolean),
    },
    meta,
    lines,
    totals: rows,
    sections: sections.filter(([, body]) => body.trim() !== '').map(([title, body]) => [title, body.trim()]),
  };
}

/** The description of a document presented by its kind, for its parties, in the reader's words. */
export function describePresentedDocument(
  document: DescribedDocumentBody,
  presentation: DocumentPresentation,
  parties: Omit<DocumentParties, 'language'>,
  t: DescriptionWords,
): DocumentDescription {
  return describeDocument({
    document,
    title: presentation.title,
    number: presentation.number,
    meta: presentation.meta,
    partyHeading: presentation.partyHeading,
    afterTotal: presentation.afterTotal,
    headline: presentation.headline,
    sections: presentation.sections,
    payment: presentation.paymentDetails ? parties.payment : null,
    seller: parties.seller,
    buyer: parties.buyer,
    locale: parties.locale,
    t,
  });
}

/** A document as the server prints it: its view, how its kind presents itself, and the two parties. */
export interface PrintedDocument {
  document: DescribedDocumentBody;
  presentation: DocumentPresentation;
  locale: string;
  business: DescribedParty;
  client: DescribedParty;
  branding: { paymentTermsText: string; paymentInstructions: string };
}

/** The description of a document from what the PDF renderer and the emails are given. */
export function describePrintedDocument(printed: PrintedDocument, t: DescriptionWords): DocumentDescription {
  const { branding } = printed;
  return describePresentedDocument(
    printed.document,
    printed.presentation,
    {
      locale: printed.locale,
      seller: printed.business,
      buyer: printed.client,
      payment: { termsText: branding.paymentTermsText, instructions: branding.paymentInstructions },
    },
    t,
  );
}
