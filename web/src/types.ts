/**
 * Shapes of the API's responses as the app uses them: aliases of the types generated from the OpenAPI document
 * (api/schema.gen.ts, `npm run api-types`), and the few answers the document does not describe yet.
 */
import type { InvoiceStatus } from '../../src/domain/invoice-status.ts';
import type { components } from './api/schema.gen.ts';

type Schemas = components['schemas'];

export type { InvoiceStatus };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type User = Schemas['User'];

export interface Me {
  type: string;
  id: string;
  name: string;
  role: 'admin' | 'finance';
  userId: string | null;
}

/** The written fields of an address; the API's also carries what it read from the country (read-only). */
export type Address = Omit<Client['address'], 'countryCode' | 'countryNeedsReview'>;

export type Contact = Client['contacts'][number];

export type Client = Schemas['Client'];

export type Project = Schemas['Project'];

export type TaxRate = Schemas['TaxRate'];

/** A product or service of the catalogue. */
export type Item = Schemas['Item'];

export type Discount = NonNullable<Invoice['discount']>;

export type AppliedTax = Invoice['taxes'][number];

export type Totals = Schemas['InvoiceFigures'];

export type InvoiceLine = Invoice['lines'][number];

export type Invoice = Schemas['Invoice'];

export type InvoiceCreditNoteLink = Schemas['InvoiceCreditNoteLink'];

export type InvoiceSummary = Schemas['InvoiceSummary'];

export type InvoiceEvent = Schemas['InvoiceEvent'];

export interface Payment {
  id: string;
  amount: string;
  currency: string;
  paidOn: string;
  method: string;
  reference: string;
  note: string;
  provider: string;
  status: string;
  refundedAmount: string;
  /** Client credit refunded through this payment's gateway (it still counts in full for the invoice). */
  creditRefundedAmount: string;
  countedAmount: string;
  deletedAt: string | null;
  deleteReason: string | null;
  /** Set on a gateway payment held back for staff (amount or currency not as asked). */
  review: {
    reason: string;
    decision: 'accepted' | 'rejected' | null;
    note: string;
    reviewedAt: string | null;
  } | null;
}

export interface Settings {
  businessName: string;
  address: Address;
  email: string;
  phone: string;
  taxId: string;
  defaultCurrency: string;
  locale: string;
  timeZone: string;
  defaultPaymentTerms: string;
  invoiceNumberPattern: string;
  quoteNumberPattern: string;
  quoteValidityDays: number;
  quoteAutoConvert: boolean;
  creditNoteNumberPattern: string;
  correctionsNeedCreditNote: boolean;
  defaultNotes: string;
  defaultTerms: string;
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  defaultTaxRateIds: string[];
  website: string;
  paymentTermsText: string;
  paymentInstructions: string;
  footer: string;
  accentColor: string;
  /** Days a sent or failed email keeps its content. */
  emailRetentionDays: number;
  auditRetentionDays: number;
  /** The paper of every PDF; null: from the country. */
  paperSize: 'a4' | 'letter' | null;
  /** The paper PDFs are printed on now (the chosen one, or the country's). */
  paperSizeInUse?: 'a4' | 'letter';
  logo: unknown;
  updatedAt: string;
}

export type Frequency = RecurringProfile['frequency'];

export type RecurringProfile = Schemas['RecurringProfile'];

/** One date of a schedule: the invoice's issue date and the due date its payment terms give. */
export interface RecurringPreviewPeriod {
  periodDate: string;
  dueDate: string;
}

export type RecurringPeriod = Schemas['RecurringPeriod'];

/** A timeline entry of any document (invoice_events for invoices, document_events for quotes and credit notes). */
export type DocumentEvent = InvoiceEvent;

export type QuoteStatus = Quote['status'];

/** A quote: the shared document body plus its validity, the client's answer and the invoice it became. */
export type Quote = Schemas['Quote'];

export type QuoteDecision = Schemas['QuoteDecision'];

export type QuoteSummary = Schemas['QuoteSummary'];

export type CreditNoteStatus = CreditNote['status'];

/** A credit note: the shared body, the invoice it corrects (BT-25), its reason and where its amount went. */
export type CreditNote = Schemas['CreditNote'];

export type CreditNoteSummary = Schemas['CreditNoteSummary'];

/** A client's unused credit (issued credit notes not yet applied or refunded), per currency. */
export type ClientCredit = Schemas['ClientCredit'];

/** An online payment a credit note's credit can go back through (GET /credit-notes/{id}/refund-payments). */
export type CreditRefundPayment = Schemas['CreditRefundPayments']['items'][number];

export type WebhookEndpoint = Schemas['WebhookEndpoint'];

export type WebhookDeliveryState = WebhookDelivery['state'];

export type WebhookDelivery = Schemas['WebhookDelivery'];

export interface WebhookAttempt {
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseExcerpt: string;
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  body: string;
  attemptLog: WebhookAttempt[];
}
