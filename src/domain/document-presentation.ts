/**
 * How each kind of document presents itself, in the reader's words: its title and number, the rows beside the
 * title, the heading of the client block, the rows after the total and the closing figure, a stamp, its own
 * sections. Pure: the PDF, the emails and the web view build the same presentation from the same view.
 */
import { effectiveBuyerReference } from './buyer-reference.ts';
import type { DocumentWords } from './document-words.ts';
import { paymentTermsText } from './document-words.ts';
import { formatLongCalendarDate } from './locale-format.ts';

export interface DocumentPresentation {
  /** "Invoice", "Quote", "Credit note": the heading, the PDF's title and the continuation header. */
  title: string;
  number: string | null;
  /** Rows under the heading, in order; `date` values are YYYY-MM-DD and printed in the document's locale. */
  meta: { label: string; value: string; date?: boolean }[];
  /** Heading of the client block, e.g. "Bill to". */
  partyHeading: string;
  /** The figure in the box under the heading and in the bar under the totals, e.g. balance due. */
  headline: { label: string; amount: string };
  /** Rows printed after Total, e.g. amount paid (amounts as decimal text in the document's currency). */
  afterTotal: { label: string; amount: string }[];
  stamp: { text: string; tone: 'good' | 'bad' } | null;
  /** The kind's own sections printed before notes and terms, e.g. a void reason (empty bodies are skipped). */
  sections: [string, string][];
  /** Whether the organisation's payment terms text and payment instructions belong on this document. */
  paymentDetails: boolean;
}

type Stamps = Partial<Record<string, { key: string; tone: 'good' | 'bad' }>>;

const INVOICE_STAMPS: Stamps = {
  paid: { key: 'stamp.paid', tone: 'good' },
  credited: { key: 'stamp.credited', tone: 'good' },
  void: { key: 'stamp.void', tone: 'bad' },
};

const QUOTE_STAMPS: Stamps = {
  accepted: { key: 'stamp.accepted', tone: 'good' },
  invoiced: { key: 'stamp.accepted', tone: 'good' },
  declined: { key: 'stamp.declined', tone: 'bad' },
  expired: { key: 'stamp.expired', tone: 'bad' },
};

const isZero = (amount: string) => /^-?0(\.0*)?$/.test(amount);

function stampOf(stamps: Stamps, status: string, t: DocumentWords): DocumentPresentation['stamp'] {
  const stamp = stamps[status];
  return stamp ? { text: t(stamp.key), tone: stamp.tone } : null;
}

export interface PresentedInvoice {
  status: string;
  number: string | null;
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  voidReason?: string | null;
  /** The e-invoice references (BT-10, BT-13, BT-72), printed beside the title when set (BT-10 or the client's). */
  buyerReference?: string;
  orderReference?: string;
  deliveryDate?: string | null;
  totals: { balanceDue: string; amountPaid: string; amountCredited?: string };
}

/** What an invoice takes from its client when it has none of its own (a DescribedParty fits). */
export interface BuyerDefaults {
  /** The client's default buyer reference (BT-10). */
  buyerReference?: string;
}

/**
 * The invoice's buyer reference (its own, else the client's default, as its e-invoice carries), purchase order and
 * delivery date, as rows beside the title, those set only.
 */
function referenceRows(
  invoice: PresentedInvoice,
  client: BuyerDefaults,
  t: DocumentWords,
): DocumentPresentation['meta'] {
  const rows: DocumentPresentation['meta'] = [];
  const buyerReference = effectiveBuyerReference(invoice.buyerReference, client.buyerReference);
  const orderReference = invoice.orderReference?.trim();
  if (buyerReference) rows.push({ label: t('meta.buyerReference'), value: buyerReference });
  if (orderReference) rows.push({ label: t('meta.orderReference'), value: orderReference });
  if (invoice.deliveryDate) {
    rows.push({ label: t('meta.deliveryDate'), value: invoice.deliveryDate, date: true });
  }
  return rows;
}

/**
 * An invoice: its number, dates and references, the balance due, what was paid and credited, a paid or void stamp.
 * `client`: the buyer as documents print it (its default buyer reference stands in for the invoice's missing one).
 */
export function presentInvoice(
  invoice: PresentedInvoice,
  t: DocumentWords,
  client: BuyerDefaults,
): DocumentPresentation {
  const terms = paymentTermsText(t, invoice.paymentTerms);
  const credited = invoice.totals.amountCredited ?? '0';
  return {
    title: t('title.invoice'),
    number: invoice.number,
    meta: [
      { label: t('meta.invoiceNumber'), value: invoice.number ?? t('meta.draft') },
      { label: t('meta.issueDate'), value: invoice.issueDate, date: true },
      { label: t('meta.dueDate'), value: invoice.dueDate, date: true },
      ...(terms ? [{ label: t('meta.terms'), value: terms }] : []),
      ...referenceRows(invoice, client, t),
    ],
    partyHeading: t('party.billTo'),
    headline: { label: t('figures.balanceDue'), amount: invoice.totals.balanceDue },
    afterTotal: [
      { label: t('figures.amountPaid'), amount: invoice.totals.amountPaid },
      ...(isZero(credited) ? [] : [{ label: t('figures.credited'), amount: credited }]),
    ],
    stamp: stampOf(INVOICE_STAMPS, invoice.status, t),
    sections: [[t('section.void'), invoice.status === 'void' ? (invoice.voidReason ?? '') : '']],
    paymentDetails: true,
  };
}

export interface PresentedQuote {
  status: string;
  number: string | null;
  issueDate: string;
  validUntil: string;
  decision?: { outcome: string; name: string; note: string } | null;
  totals: { total: string };
}

/** A quote: its number, issue and valid-until dates, the total, and its answer. */
export function presentQuote(quote: PresentedQuote, t: DocumentWords): DocumentPresentation {
  const decision = quote.decision;
  return {
    title: t('title.quote'),
    number: quote.number,
    meta: [
      { label: t('meta.quoteNumber'), value: quote.number ?? t('meta.draft') },
      { label: t('meta.issueDate'), value: quote.issueDate, date: true },
      { label: t('meta.validUntil'), value: quote.validUntil, date: true },
    ],
    partyHeading: t('party.preparedFor'),
    headline: { label: t('figures.total'), amount: quote.totals.total },
    afterTotal: [],
    stamp: stampOf(QUOTE_STAMPS, quote.status, t),
    sections: [
      [
        decision?.outcome === 'accepted' ? t('section.accepted') : t('section.declined'),
        decision ? [decision.name, decision.note].filter(Boolean).join('\n') : '',
      ],
    ],
    // A quote asks for no payment yet: bank details belong on the invoice it becomes.
    paymentDetails: false,
  };
}

export interface PresentedCreditNote {
  status: string;
  number: string | null;
  issueDate: string;
  reason: string;
  /** The credited invoice; its own buyer reference (BT-10), else the client's default, is the credit note's too. */
  invoice: { number: string | null; issueDate: string; buyerReference?: string };
  credit: { total: string; applied: string; refunded: string; remaining: string };
}

/** "Credits invoice INV-2026-0007 of November 20, 2026": the reference to the invoice (BT-25, BT-26) in words. */
export function creditedInvoiceSentence(
  note: Pick<PresentedCreditNote, 'invoice'>,
  t: DocumentWords,
  locale: string,
): string {
  return t('creditsInvoice', {
    number: note.invoice.number ?? '',
    date: formatLongCalendarDate(note.invoice.issueDate, locale),
  });
}

/**
 * A credit note: the invoice it credits and the buyer reference its e-invoice carries (the invoice's own, else the
 * client's default), the reason, the credit total as the headline and, once issued, where the credit went. No
 * payment instructions: nobody pays a credit note. `client`: the buyer as documents print it.
 */
export function presentCreditNote(
  note: PresentedCreditNote,
  t: DocumentWords,
  locale: string,
  client: BuyerDefaults,
): DocumentPresentation {
  const issued = note.status === 'issued';
  const buyerReference = effectiveBuyerReference(note.invoice.buyerReference, client.buyerReference);
  return {
    title: t('title.creditNote'),
    number: note.number,
    meta: [
      { label: t('meta.creditNoteNumber'), value: note.number ?? t('meta.draft') },
      { label: t('meta.issueDate'), value: note.issueDate, date: true },
      { label: t('meta.creditedInvoice'), value: note.invoice.number ?? '' },
      { label: t('meta.invoiceDate'), value: note.invoice.issueDate, date: true },
      ...(buyerReference ? [{ label: t('meta.buyerReference'), value: buyerReference }] : []),
    ],
    partyHeading: t('party.creditTo'),
    headline: { label: t('figures.creditTotal'), amount: note.credit.total },
    afterTotal: issued
      ? [
          { label: t('figures.appliedToInvoices'), amount: note.credit.applied },
          { label: t('figures.refunded'), amount: note.credit.refunded },
          { label: t('figures.remainingCredit'), amount: note.credit.remaining },
        ]
      : [],
    stamp: null,
    sections: [
      [t('section.creditedInvoice'), creditedInvoiceSentence(note, t, locale)],
      [t('section.reason'), note.reason],
    ],
    paymentDetails: false,
  };
}
