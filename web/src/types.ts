/** Shapes of the API's responses as the app uses them (see /api/v1/openapi.json). */
import type { InvoiceStatus } from '../../src/domain/invoice-status.ts';

export type { InvoiceStatus };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'finance';
  active: boolean;
  createdAt: string;
}

export interface Me {
  type: string;
  id: string;
  name: string;
  role: 'admin' | 'finance';
  userId: string | null;
}

export interface Address {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export interface Contact {
  id: string;
  name: string;
  email: string;
  phone: string;
}

export interface Client {
  id: string;
  name: string;
  company: string;
  email: string;
  phone: string;
  address: Address;
  currency: string | null;
  taxId: string;
  notes: string;
  archived: boolean;
  contacts: Contact[];
  createdAt: string;
  /** The e-invoice format the client prefers ('none': the PDF). */
  einvoiceFormat?: string;
}

export interface Project {
  id: string;
  clientId: string;
  name: string;
  archived: boolean;
}

export interface TaxRate {
  id: string;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  isDefault: boolean;
  archived: boolean;
}

/** A product or service of the catalogue. */
export interface Item {
  id: string;
  name: string;
  description: string;
  /** In `currency`, the organisation's default currency when the item was priced. */
  unitPrice: string;
  currency: string;
  prices: { currency: string; unitPrice: string }[];
  unit: string;
  unitLabel: string;
  /** The seller's item identifier (BT-155 in e-invoices); '' : none. */
  code: string;
  taxRateIds: string[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Discount {
  kind: 'percent' | 'fixed';
  value: string;
}

export interface AppliedTax {
  taxRateId: string | null;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}

export interface Totals {
  subtotal: string;
  lineDiscountTotal: string;
  invoiceDiscount: string;
  discountTotal: string;
  taxes: {
    name: string;
    rate: string;
    inclusive: boolean;
    compound: boolean;
    taxableBase: string;
    amount: string;
  }[];
  taxTotal: string;
  inclusiveTaxTotal: string;
  total: string;
  amountPaid: string;
  /** Issued credit notes applied to the invoice (invoices only). */
  amountCredited?: string;
  balanceDue: string;
}

export interface InvoiceLine {
  id: string;
  description: string;
  quantity: string;
  unitPrice: string;
  /** UN/ECE Rec 20 unit code (src/domain/units.ts); null: none. */
  unit: string | null;
  /** The catalogue item the line was filled from. */
  itemId: string | null;
  /** The item's code when the line was saved (BT-155); '' : none. */
  itemCode: string;
  discount: Discount | null;
  taxes: AppliedTax[];
  amount: string;
  discountAmount: string;
  netAmount: string;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  currency: string;
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  lines: InvoiceLine[];
  discount: Discount | null;
  taxes: AppliedTax[];
  notes: string;
  terms: string;
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  totals: Totals;
  sentAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  /** The credit notes written for the invoice, oldest first (drafts included). */
  creditNotes?: InvoiceCreditNoteLink[];
  createdAt: string;
  updatedAt: string;
}

export interface InvoiceCreditNoteLink {
  id: string;
  number: string | null;
  status: 'draft' | 'issued';
  total: string;
  issueDate: string;
  issuedAt: string | null;
}

export interface InvoiceSummary {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  client: { id: string; name: string; company: string };
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountPaid: string;
  balanceDue: string;
  createdAt: string;
}

export interface InvoiceEvent {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { type: string; id: string | null; name: string };
  data: Record<string, unknown>;
  at: string;
}

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
  logo: unknown;
  updatedAt: string;
}

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';

export interface RecurringProfile {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'finished';
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  currency: string;
  paymentTerms: string;
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
  notes: string;
  terms: string;
  totals: Totals;
  frequency: Frequency;
  interval: number;
  /** Monthly and quarterly: the day to bill on, or the last day of the month; null: the start date's day. */
  dayOfMonth: number | 'last' | null;
  startDate: string;
  endAfterCount: number | null;
  endDate: string | null;
  autoSend: boolean;
  nextRunDate: string | null;
  generatedCount: number;
  upcomingDates: string[];
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One date of a schedule: the invoice's issue date and the due date its payment terms give. */
export interface RecurringPreviewPeriod {
  periodDate: string;
  dueDate: string;
}

export interface RecurringPeriod {
  periodDate: string;
  outcome: 'generated' | 'skipped' | 'missed';
  invoice: {
    id: string;
    number: string | null;
    status: InvoiceStatus;
    issueDate: string;
    dueDate: string;
    total: string;
  } | null;
  sendPending: boolean;
  sendError: string | null;
  createdAt: string;
}

/** A timeline entry of any document (invoice_events for invoices, document_events for quotes and credit notes). */
export type DocumentEvent = InvoiceEvent;

export type QuoteStatus = 'draft' | 'sent' | 'viewed' | 'accepted' | 'declined' | 'expired' | 'invoiced';

/** A quote: the shared document body plus its validity, the client's answer and the invoice it became. */
export interface Quote
  extends Omit<Invoice, 'status' | 'dueDate' | 'paymentTerms' | 'voidedAt' | 'voidReason' | 'creditNotes'> {
  status: QuoteStatus;
  validUntil: string;
  viewedAt: string | null;
  /** The client's answer: typed in the portal or recorded by staff. */
  decision: QuoteDecision | null;
  /** The invoice the quote became, once converted. */
  invoice: { id: string; number: string | null } | null;
}

export interface QuoteDecision {
  outcome: 'accepted' | 'declined';
  at: string;
  name: string;
  note: string;
  address: string;
  by: { type: 'contact'; contactId: string | null } | { type: 'user'; userId: string | null };
}

export interface QuoteSummary {
  id: string;
  number: string | null;
  status: QuoteStatus;
  client: { id: string; name: string; company: string };
  currency: string;
  issueDate: string;
  validUntil: string;
  total: string;
  invoiceId: string | null;
  createdAt: string;
}

export type CreditNoteStatus = 'draft' | 'issued';

/** A credit note: the shared body, the invoice it corrects (BT-25), its reason and where its amount went. */
export interface CreditNote
  extends Omit<
    Invoice,
    'status' | 'dueDate' | 'paymentTerms' | 'voidedAt' | 'voidReason' | 'creditNotes' | 'lines'
  > {
  status: CreditNoteStatus;
  /** Each line may name the invoice line it credits. */
  lines: (InvoiceLine & { invoiceLineId: string | null })[];
  invoice: { id: string; number: string | null; issueDate: string };
  reason: string;
  /** The credit: applied to invoices, refunded, and what is left as the client's credit (0 while a draft). */
  credit: { total: string; applied: string; refunded: string; remaining: string };
  allocations: {
    id: string;
    invoiceId: string;
    invoiceNumber: string | null;
    amount: string;
    createdAt: string;
  }[];
  refunds: {
    id: string;
    amount: string;
    method: string;
    refundedOn: string;
    reference: string;
    /** Refunded through this payment's gateway; null when made outside Remit. */
    paymentId: string | null;
    provider: string;
    providerRefundId: string | null;
    createdAt: string;
  }[];
  issuedAt: string | null;
}

export interface CreditNoteSummary {
  id: string;
  number: string | null;
  status: CreditNoteStatus;
  client: { id: string; name: string; company: string };
  invoice: { id: string; number: string | null };
  currency: string;
  issueDate: string;
  total: string;
  applied: string;
  refunded: string;
  /** Client credit left (0 for a draft). */
  remaining: string;
  reason: string;
  createdAt: string;
}

/** A client's unused credit (issued credit notes not yet applied or refunded), per currency. */
export interface ClientCredit {
  clientId: string;
  credit: { currency: string; amount: string; creditNotes: number }[];
}

/** An online payment a credit note's credit can go back through (GET /credit-notes/{id}/refund-payments). */
export interface CreditRefundPayment {
  paymentId: string;
  invoiceId: string;
  invoiceNumber: string | null;
  creditedInvoice: boolean;
  provider: string;
  providerName: string;
  paidOn: string;
  amount: string;
  refundable: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  /** Why Remit turned it off (after failing for a day), or null. */
  disabledReason: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export type WebhookDeliveryState = 'pending' | 'delivering' | 'retrying' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  state: WebhookDeliveryState;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

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
