/** Ports: what services need from the outside world. Adapters implement them; tests inject their own. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Where and how to reach the SMTP server; the password is already decrypted. */
export interface SmtpServer {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string;
  password: string | null;
}

export interface MailMessage {
  from: { name: string; address: string };
  replyTo?: string | null;
  to: { name: string; address: string };
  /** Copies of the message: CC shown in its headers, BCC only in the envelope. */
  cc?: string[];
  bcc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** Why a delivery failed, in words an admin can act on. `permanent`: retrying the same message cannot help. */
export type MailFailureKind =
  | 'connection_refused'
  | 'timeout'
  | 'dns'
  | 'tls'
  | 'authentication'
  | 'rejected'
  | 'other';

export class MailDeliveryError extends Error {
  constructor(
    readonly kind: MailFailureKind,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

/** Sends email through an SMTP server; throws MailDeliveryError. */
export interface Mailer {
  send(server: SmtpServer, message: MailMessage): Promise<{ messageId: string }>;
  /** Connects and authenticates without sending anything. */
  verify(server: SmtpServer): Promise<void>;
  /** How many messages it usefully has in flight at once (its connections); delivery keeps that many going. */
  readonly parallelism?: number;
  /** Closes the connections it keeps open. */
  close?(): Promise<void>;
}

/** Kinds of document that have a PDF and may be attached to an email. */
export type DocumentKind = 'invoice' | 'quote' | 'credit_note';

/** A document as a PDF attachment, rendered when the message leaves. */
export type DocumentPdfSource = (document: {
  kind: DocumentKind;
  id: string;
}) => Promise<{ filename: string; bytes: Buffer }>;

/** A client's statement for a period as a PDF attachment, rendered when the message leaves. */
export type StatementPdfSource = (statement: {
  clientId: string;
  from: string;
  to: string;
}) => Promise<{ filename: string; bytes: Buffer }>;

/** A payment's receipt as a PDF attachment, rendered when the message leaves (migration 043). */
export type ReceiptPdfSource = (paymentId: string) => Promise<{ filename: string; bytes: Buffer }>;

/**
 * An invoice or credit note as the files of an e-invoice attachment choice (Factur-X; or an XML format with the
 * plain PDF), produced from one snapshot when the message leaves. Throws EInvoiceRefusedError (or ConflictError)
 * when the document cannot be carried in that format.
 */
export type DocumentEInvoiceSource = (
  document: { kind: 'invoice' | 'credit_note'; id: string },
  choice: import('./domain/einvoice/attachment-choice.ts').EInvoiceAttachmentChoice,
) => Promise<MailAttachment[]>;

/**
 * How one kind of document presents itself on paper: its title, the rows beside it, the headline figure, the rows
 * after the total, a stamp and the kind's own sections. Built by each kind's module (invoice, quote, credit note);
 * the renderer lays out any of them the same way.
 */
export type DocumentPresentation = import('./domain/document-presentation.ts').DocumentPresentation;

/** Everything printed on a document's PDF. Figures come from the totals engine's view as they are, never recomputed. */
export interface DocumentPdfInput {
  document: import('./services/documents/document-view.ts').DocumentBodyView;
  presentation: DocumentPresentation;
  /** BCP 47 locale of the document's reader: amounts, quantities and dates are formatted for it. */
  locale: string;
  /** The paper the pages are laid out on; A4 when not given. */
  paperSize?: import('./domain/paper-size.ts').PaperSize;
  /** The language of the printed words (message files in src/i18n); absent, the locale's language or English. */
  language?: import('./domain/language.ts').Language;
  business: {
    name: string;
    addressLines: string[];
    email: string;
    phone: string;
    website: string;
    taxId: string;
  };
  client: {
    name: string;
    company: string;
    addressLines: string[];
    email: string;
    taxId: string;
    /** The client's default buyer reference (BT-10), for an invoice without its own. */
    buyerReference?: string;
  };
  branding: {
    /** '#rrggbb' */
    accentColor: string;
    paymentTermsText: string;
    paymentInstructions: string;
    footer: string;
  };
  logo: { image: Buffer; mimeType: 'image/png' | 'image/jpeg'; width: number; height: number } | null;
  /** When set, the PDF is a Factur-X / ZUGFeRD PDF/A-3b carrying this CII XML as `factur-x.xml`. */
  facturx?: { xml: string };
}

/** Turns a document (invoice, quote, credit note) into PDF bytes. */
export interface PdfRenderer {
  renderDocument(input: DocumentPdfInput): Promise<Buffer>;
}

/** A client statement with the same branding and client details as a document's PDF. */
export interface StatementPdfInput extends Omit<DocumentPdfInput, 'document' | 'presentation' | 'facturx'> {
  statement: import('./services/statements/statement-view.ts').ClientStatement;
}

/** Turns a client statement into PDF bytes (the PDF worker pool does both). */
export interface StatementPdfRenderer {
  renderStatement(input: StatementPdfInput): Promise<Buffer>;
}

/** A payment's receipt with the same branding, client details, language and paper as the invoice it paid. */
export interface ReceiptPdfInput extends Omit<DocumentPdfInput, 'document' | 'presentation' | 'facturx'> {
  receipt: import('./domain/payment-receipt.ts').PaymentReceipt;
}

/** Turns a payment's receipt into PDF bytes (the PDF worker pool does it with the other documents). */
export interface ReceiptPdfRenderer {
  renderReceipt(input: ReceiptPdfInput): Promise<Buffer>;
}

/** A cell of a report PDF's table: text as it is, or an amount the renderer formats in the locale. */
export type ReportPdfCell = string | { amount: string; currency: string };

/** A report laid out as tables (services/reports/report-pdf.ts builds one from each report). */
export interface ReportPdfDocument {
  /** The heading, e.g. "Receivables aging". */
  title: string;
  /** Rows beside the heading; `date` values are YYYY-MM-DD and printed in the locale. */
  meta: { label: string; value: string; date?: boolean }[];
  /** One table per currency (amounts are never added across currencies), or per part of the report. */
  sections: {
    heading: string;
    columns: { label: string; numeric?: boolean }[];
    rows: { cells: ReportPdfCell[]; total?: boolean }[];
  }[];
  /** Printed when there are no sections. */
  emptyText: string;
}

/** A report with the organisation's branding, as statements have it. */
export interface ReportPdfInput
  extends Pick<DocumentPdfInput, 'locale' | 'language' | 'paperSize' | 'business' | 'branding' | 'logo'> {
  report: ReportPdfDocument;
}

/** Turns a report into PDF bytes (the PDF worker pool does it off the event loop). */
export interface ReportPdfRenderer {
  renderReport(input: ReportPdfInput): Promise<Buffer>;
}

/** A renderer with as much work waiting as it accepts refuses more for now; the caller may try again later. */
export class PdfRendererBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many PDFs are being rendered at the moment');
    this.name = 'PdfRendererBusyError';
  }
}

/** Online payment providers Remit speaks to. */
export type GatewayProvider = 'stripe' | 'paypal' | 'twocheckout';

/** What to charge: the balance of one invoice, in the currency's minor units. */
export interface CheckoutRequest {
  invoiceId: string;
  /** Shown on the provider's page ("Invoice INV-0042"). */
  description: string;
  amountMinor: bigint;
  currency: string;
  customerEmail: string | null;
  /** Where the provider sends the browser back; may contain `{CHECKOUT_ID}` for providers that fill it in. */
  returnUrl: string;
  cancelUrl: string;
  /** The same key gives the same checkout at the provider (a retried request never creates two). */
  idempotencyKey: string;
}

export interface StartedCheckout {
  /** The provider's id of this checkout (Stripe session, PayPal order, 2Checkout order reference). */
  checkoutId: string;
  /** Where to send the client to pay. */
  redirectUrl: string;
}

/** A verified provider event, read into what Remit cares about. Amounts are minor units. */
export type GatewayEvent =
  | {
      kind: 'payment_succeeded';
      /** The provider's id of the money movement (payment intent, capture, order): unique per provider. */
      paymentId: string;
      checkoutId: string | null;
      invoiceId: string | null;
      amountMinor: bigint;
      currency: string;
    }
  | { kind: 'payment_failed'; paymentId: string | null; checkoutId: string | null; invoiceId: string | null }
  | {
      kind: 'payment_refunded';
      paymentId: string;
      /** Everything refunded on this payment so far (cumulative), so out-of-order events settle the same way. */
      refundedTotalMinor: bigint;
      currency: string;
    }
  /** Nothing for Remit to do: another kind of event, or content Remit cannot use; `reason` says which, in words. */
  | { kind: 'ignored'; reason: string };

export interface VerifiedWebhook {
  eventId: string;
  eventType: string;
  event: GatewayEvent;
  /** What the provider expects as the 2xx body (2Checkout's <EPAYMENT> answer); a plain acknowledgement if absent. */
  acknowledgement?: { contentType: string; body: string };
}

/**
 * The signature of a webhook did not verify (forged, tampered, stale, wrong secret). Only that: a delivery whose
 * signature verifies but whose content Remit cannot use is answered as an ignored event, never rejected.
 */
export class WebhookRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WebhookRejectedError';
  }
}

/** The provider refused or could not be reached; `message` is safe to show to staff. */
export class GatewayError extends Error {
  constructor(
    readonly provider: GatewayProvider,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** The state of a payment at the provider, read back on the client's return (PayPal captures here). */
export type ReturnOutcome =
  | { kind: 'paid'; event: VerifiedWebhook }
  | { kind: 'pending' }
  | { kind: 'failed'; reason: string };

/** One payment provider. Adapters hold every provider detail; services see only this. */
export interface PaymentGateway {
  readonly provider: GatewayProvider;
  /** Whether the provider can take this amount in this currency exactly (else it is not offered for it). */
  canCharge(amountMinor: bigint, currency: string): boolean;
  createCheckout(request: CheckoutRequest): Promise<StartedCheckout>;
  /** Verifies the signature over the raw bytes, then reads the event; throws WebhookRejectedError. */
  verifyAndParseWebhook(
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
    now: Date,
  ): Promise<VerifiedWebhook>;
  /** Refunds all or part of a payment; answers the provider's refund id. */
  refund(input: {
    paymentId: string;
    amountMinor: bigint;
    currency: string;
    idempotencyKey: string;
  }): Promise<{ refundId: string }>;
  /** Reads the checkout's state at the provider when the client comes back (PayPal captures the order here). */
  fetchStatus(checkoutId: string, returnQuery: Record<string, string>): Promise<ReturnOutcome>;
  /** Makes an authenticated call that changes nothing, to tell an admin whether the credentials work. */
  checkConnection(): Promise<void>;
}

/** Outgoing webhooks: name resolution and one HTTP POST to an address already checked (docs/webhooks.md). */
export interface WebhookTransport {
  /** Every address the host name resolves to; throws when it does not resolve. */
  resolve(hostname: string): Promise<{ address: string; family: 4 | 6 }[]>;
  /**
   * POSTs to `url`, connecting to `address` whatever DNS says now (no second lookup an attacker could rebind),
   * with TLS checked against the URL's host. Never follows redirects. Throws on network errors and timeouts.
   */
  post(request: {
    url: URL;
    address: string;
    family: 4 | 6;
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
    /** Bytes of the response body kept; the rest is not read. */
    maxResponseBytes: number;
  }): Promise<{ status: number; body: string }>;
}
