/**
 * Shapes of the API's responses as the app uses them: aliases of the types generated from the OpenAPI document
 * (api/schema.gen.ts, `npm run api-types`).
 */
import type { InvoiceStatus } from '../../src/domain/invoice-status.ts';
import type { components, paths } from './api/schema.gen.ts';

type Schemas = components['schemas'];

export type { InvoiceStatus };

/** One page of a list: its items and the cursor of the next page (the same for every list of the API). */
export type Page<T> = Omit<
  paths['/api/v1/clients']['get']['responses'][200]['content']['application/json'],
  'items'
> & { items: T[] };

export type User = Schemas['User'];

export type Me = Schemas['Me'];

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

export type Payment = Schemas['Payment'];

export type Settings = Schemas['Settings'];

export type Frequency = RecurringProfile['frequency'];

export type RecurringProfile = Schemas['RecurringProfile'];

/** One date of a schedule: the invoice's issue date and the due date its payment terms give. */
export type RecurringPreviewPeriod = Schemas['RecurringPreviewPeriod'];

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

export type WebhookAttempt = Schemas['WebhookAttempt'];

export type WebhookDeliveryDetail = Schemas['WebhookDeliveryDetail'];

/** One kind of email in one language: its standard subject and opening, the admin's override, its placeholders. */
export type EmailTemplate =
  paths['/api/v1/settings/email-templates']['get']['responses'][200]['content']['application/json']['templates'][number];
