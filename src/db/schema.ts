import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { EmailAttachmentChoice } from '../domain/einvoice/attachment-choice.ts';
import type { PaperSize } from '../domain/paper-size.ts';
import type { Defaulted, Json, StoredTax, Timestamp } from './column-types.ts';
import type { AuditTables } from './schema-audit.ts';
import type { DocumentTables } from './schema-documents.ts';
import type { EmailTables } from './schema-emails.ts';
import type { ImportTables } from './schema-imports.ts';
import type { WebhookTables } from './schema-webhooks.ts';

export type { StoredTax } from './column-types.ts';

/**
 * Table types for Kysely. Mapping decided once (see client.ts): bigint -> JS bigint, numeric -> decimal string,
 * date -> 'YYYY-MM-DD' string, timestamptz -> Date.
 */

export interface SettingsTable {
  id: Generated<number>;
  business_name: string;
  address_line1: string;
  address_line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  email: string;
  phone: string;
  tax_id: string;
  default_currency: string;
  locale: string;
  time_zone: string;
  default_payment_terms: string;
  invoice_number_pattern: string;
  /** Migration 017: quotes and credit notes. */
  quote_number_pattern: string;
  quote_validity_days: number;
  quote_auto_convert: boolean;
  credit_note_number_pattern: string;
  /** On: an issued invoice is corrected with a credit note, never voided. */
  corrections_need_credit_note: boolean;
  default_notes: string;
  default_terms: string;
  tax_rounding: 'per_document' | 'per_line';
  invoice_discount_mode: 'before_tax' | 'after_tax';
  updated_at: Timestamp;
  website: Defaulted<string>;
  payment_terms_text: Defaulted<string>;
  payment_instructions: Defaulted<string>;
  footer: Defaulted<string>;
  /** '#rrggbb', lower case. */
  accent_color: Defaulted<string>;
  /** Days a finished email keeps its body (1 to 3650). */
  email_retention_days: Defaulted<number>;
  /** Migration 030: outgoing webhooks may target loopback, link-local and private addresses (off by default). */
  webhooks_allow_private_targets: Defaulted<boolean>;
  /** Migration 031: days an audit log entry is kept (30 to 3650). */
  audit_retention_days: Defaulted<number>;
  /** Migration 038: delivered webhook deliveries (and events no delivery needs) are purged after this many days. */
  webhook_retention_days: Defaulted<number>;
  /** Migration 020: what e-invoices need of the seller (BT-27..43, BG-16). */
  legal_name: Defaulted<string>;
  vat_id: Defaulted<string>;
  tax_registration_id: Defaulted<string>;
  legal_registration_id: Defaulted<string>;
  /** ISO 6523 ICD of the registration id, '' for none. */
  legal_registration_scheme: Defaulted<string>;
  electronic_address: Defaulted<string>;
  /** EAS code of the electronic address (0208, 9930, EM ...). */
  electronic_address_scheme: Defaulted<string>;
  contact_name: Defaulted<string>;
  contact_phone: Defaulted<string>;
  contact_email: Defaulted<string>;
  /** ISO 3166-1 alpha-2; null: not chosen yet (or the free-text country could not be read). */
  country_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** UNCL4461, default '58' (SEPA credit transfer). */
  payment_means_code: Defaulted<string>;
  /** Migration 040: the paper of every PDF; null: from the country (domain/paper-size.ts). */
  paper_size: ColumnType<PaperSize | null, PaperSize | null | undefined, PaperSize | null>;
  iban: Defaulted<string>;
  bic: Defaulted<string>;
  bank_account_name: Defaulted<string>;
  /** Migration 043: gateway payments email the client a receipt with its PDF. */
  send_payment_receipts: Defaulted<boolean>;
}

/** The organisation's logo (one row at most): validated PNG or JPEG bytes with their pixel size. */
export interface SettingsLogoTable {
  id: Generated<number>;
  image: Buffer;
  mime_type: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: 'admin' | 'finance';
  password_hash: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ClientsTable {
  id: Generated<string>;
  name: string;
  company: Defaulted<string>;
  email: Defaulted<string>;
  phone: Defaulted<string>;
  address_line1: Defaulted<string>;
  address_line2: Defaulted<string>;
  city: Defaulted<string>;
  region: Defaulted<string>;
  postal_code: Defaulted<string>;
  country: Defaulted<string>;
  currency: string | null;
  tax_id: Defaulted<string>;
  notes: Defaulted<string>;
  archived_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Migration 020: what e-invoices need of the buyer (BT-10, BT-48, BT-49, BT-55). */
  vat_id: Defaulted<string>;
  electronic_address: Defaulted<string>;
  electronic_address_scheme: Defaulted<string>;
  /** The default buyer reference (BT-10), a Leitweg-ID for German public bodies. */
  buyer_reference: Defaulted<string>;
  country_code: ColumnType<string | null, string | null | undefined, string | null>;
  einvoice_format: Defaulted<EInvoiceFormatPreference>;
  /** Migration 039: the language of the client's documents and emails; null is the organisation's. */
  language: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The e-invoice format a client prefers to receive (the email slice attaches it). */
export type EInvoiceFormatPreference =
  | 'none'
  | 'ubl'
  | 'cii'
  | 'peppol'
  | 'xrechnung'
  | 'xrechnung-cii'
  | 'facturx';

export interface ContactsTable {
  id: Generated<string>;
  client_id: string;
  name: string;
  email: string;
  phone: string;
  position: number;
  created_at: Generated<Date>;
}

export interface ProjectsTable {
  id: Generated<string>;
  client_id: string;
  name: string;
  archived_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TaxRatesTable {
  id: Generated<string>;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  is_default: boolean;
  archived_at: Timestamp | null;
  created_at: Generated<Date>;
  /** Migration 020: UNCL5305 VAT category (S, Z, E, AE, K, G, O, L, M); null: not a VAT (a sales tax). */
  vat_category: ColumnType<string | null, string | null | undefined, string | null>;
  /** BT-120 */
  exemption_reason: Defaulted<string>;
  /** BT-121, e.g. VATEX-EU-AE */
  vatex_code: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * Signed amounts behind the dashboard (migration 025), appended by triggers in the transactions that change
 * invoices, payments, refunds and credit notes; a figure is the sum of its rows (services/dashboard/).
 */
export interface DashboardFiguresTable {
  id: Generated<string>;
  currency: string;
  figure: 'open' | 'draft' | 'credit' | 'invoiced' | 'received';
  /** open: the due date; invoiced, received: the first day of the month; draft, credit: null. */
  day: string | null;
  amount_minor: bigint;
  count: bigint;
}

/**
 * A document's figures per tax from the totals engine (migration 029), filled by the tax report and forgotten by
 * triggers when the document's body or lines change; a row with a null name marks a document without taxes.
 */
export interface DocumentTaxAmountsTable {
  document_kind: 'invoice' | 'credit_note';
  document_id: string;
  position: number;
  tax_rate_id: string | null;
  name: string | null;
  rate: string | null;
  inclusive: boolean;
  compound: boolean;
  taxable_minor: bigint;
  tax_minor: bigint;
}

/** Documents whose document_tax_amounts rows are missing, queued by triggers for the background fill (migration 038). */
export interface ReportTaxPendingTable {
  document_kind: 'invoice' | 'credit_note';
  document_id: string;
}

/** The tax report's summary (migration 042): what each document adds per basis, day and tax. */
export interface TaxSummaryDocumentsTable {
  id: Generated<bigint>;
  document_kind: 'invoice' | 'credit_note';
  document_id: string;
  basis: 'invoice' | 'cash';
  day: string;
  currency: string;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
  vat_category: string | null;
  taxable_minor: bigint;
  tax_minor: bigint;
}

/** tax_summary_documents summed per (basis, currency, tax, day); rows appended by triggers, folded by the fill. */
export interface TaxSummaryTable extends Omit<TaxSummaryDocumentsTable, 'document_kind' | 'document_id'> {
  id: Generated<bigint>;
  /** How many entries of tax_summary_documents the row sums (a key shows in the report while it is above 0). */
  entries: bigint;
}

/** Documents whose tax_summary_documents rows may be out of date; `seq` is drawn anew each time one is queued. */
export interface TaxSummaryPendingTable {
  document_kind: 'invoice' | 'credit_note';
  document_id: string;
  seq: Generated<bigint>;
}

export interface InvoiceCountersTable {
  scope: string;
  last_value: bigint;
}

export interface InvoicesTable {
  id: Generated<string>;
  number: string | null;
  status: 'draft' | 'sent' | 'viewed' | 'partially_paid' | 'paid' | 'credited' | 'void';
  client_id: string;
  project_id: string | null;
  currency: string;
  issue_date: string;
  due_date: string;
  payment_terms: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: Json<StoredTax[]>;
  notes: string;
  terms: string;
  tax_rounding: 'per_document' | 'per_line';
  invoice_discount_mode: 'before_tax' | 'after_tax';
  total_minor: bigint;
  amount_paid_minor: Generated<bigint>;
  /** Credit applied from credit notes (migration 017), kept with the allocations like amount_paid_minor. */
  amount_credited_minor: Generated<bigint>;
  /** The quote this invoice was converted from. */
  quote_id: ColumnType<string | null, string | null | undefined, string | null>;
  sent_at: Timestamp | null;
  voided_at: Timestamp | null;
  void_reason: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** First time a client contact opened the invoice (migration 005); staff views never count. */
  viewed_at: Timestamp | null;
  view_count: Defaulted<number>;
  last_viewed_at: Timestamp | null;
  /** Migration 020: BT-10 and BT-13 ('' : the client's default reference / none), BT-72. */
  buyer_reference: Defaulted<string>;
  order_reference: Defaulted<string>;
  delivery_date: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 025: the due date the overdue sweep last recorded as overdue (services/invoices/run-overdue-sweep.ts). */
  overdue_noted_due_date: ColumnType<string | null, string | null | undefined, string | null>;
  /** lower(client name), kept by triggers (migration 024): the list's client order reads it along an index. */
  client_sort_key: Generated<string>;
  /** Migration 023: what the last send attached; the invoice's reminders attach the same. */
  email_attachment: ColumnType<EmailAttachmentChoice | null, EmailAttachmentChoice | null | undefined>;
  /** Migration 036: the CSV import a historical invoice came from; null for invoices made in Remit. */
  import_batch_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InvoiceLinesTable {
  id: Generated<string>;
  invoice_id: string;
  position: number;
  description: string;
  quantity: string;
  unit_price: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: Json<StoredTax[]>;
  /** UN/ECE Rec 20 code (domain/units.ts); null: no unit (a plain count). Migration 015. */
  unit: ColumnType<string | null, string | null | undefined, string | null>;
  /** The catalogue item the line was filled from; the line keeps its own copy of the item's values. */
  item_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 023: the item's code (BT-155) when the line was saved; '' : none. */
  item_code: Defaulted<string>;
}

/** A price of a catalogue item in a currency other than the item's own. */
export interface ItemPrice {
  currency: string;
  unitPrice: string;
}

/** A product or service of the catalogue (migration 015). */
export interface ItemsTable {
  id: Generated<string>;
  name: string;
  description: Defaulted<string>;
  unit_price: string;
  /** The currency of unit_price: the organisation's default currency when the item was priced. */
  currency: string;
  prices: Json<ItemPrice[]>;
  unit: Defaulted<string>;
  /** Migration 023: the seller's identifier of the item (BT-155, e.g. a SKU); '' : none. */
  code: Defaulted<string>;
  tax_rate_ids: Json<string[]>;
  archived_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InvoiceEventsTable {
  id: Generated<bigint>;
  invoice_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_type: 'user' | 'api_token' | 'system' | 'contact';
  actor_id: string | null;
  actor_name: string;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export type EmailState = 'queued' | 'sending' | 'sent' | 'retrying' | 'failed' | 'not_sent';

export interface EmailOutboxTable {
  id: Generated<string>;
  kind: string;
  invoice_id: string | null;
  /** Migration 017: a message may belong to a quote or a credit note instead. */
  quote_id: ColumnType<string | null, string | null | undefined, string | null>;
  credit_note_id: ColumnType<string | null, string | null | undefined, string | null>;
  contact_id: string | null;
  to_address: string;
  to_name: Defaulted<string>;
  subject: string;
  html: string;
  text: string;
  attach_invoice_pdf: Defaulted<boolean>;
  /** Migration 023: which files (domain/einvoice/attachment-choice.ts); null: the PDF, as before. */
  attachment: ColumnType<EmailAttachmentChoice | null, EmailAttachmentChoice | null | undefined>;
  dedupe_key: string | null;
  state: Defaulted<EmailState>;
  attempts: Defaulted<number>;
  last_error: string | null;
  next_attempt_at: Defaulted<Date>;
  sent_at: Timestamp | null;
  message_id: string | null;
  created_at: Generated<Date>;
  /** What kind of token the body's link carries (its placeholder is filled in at delivery); null: none. */
  link_kind: EmailLinkKind | null;
  /** The token, encrypted with the app key while the message may still be sent; null once sent or given up. */
  link_token_encrypted: string | null;
  /** Queued again by hand ("retry now"): the retry window counts from here. */
  requeued_at: Timestamp | null;
  /** When the retention purge emptied html and text. */
  body_purged_at: Timestamp | null;
  /** Migration 026: the bulk send that queued it, if any. */
  bulk_send_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 037: a client's statement for statement_from..statement_to, attached as a PDF at delivery. */
  statement_client_id: ColumnType<string | null, string | null | undefined, string | null>;
  statement_from: ColumnType<string | null, string | null | undefined, string | null>;
  statement_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 041: copies of the message (the first recipient's message of a send carries them). */
  cc: Defaulted<string[]>;
  bcc: Defaulted<string[]>;
  /** Migration 043: the payment whose receipt is attached as a PDF at delivery. */
  receipt_payment_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One POST /invoices/bulk-send (migration 026): a background job since migration 028. */
export interface BulkSendsTable {
  id: Generated<string>;
  created_by_user_id: string | null;
  created_by_name: string;
  issue_drafts: boolean;
  created_at: Generated<Date>;
  state: Defaulted<BulkSendState>;
  /** Who asked, as the events of the invoices it sends name them (an Actor); null on rows from before 028. */
  actor: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** The list filter the invoices were chosen by; null when they were named. */
  filter: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  message: ColumnType<string | null, string | null | undefined, string | null>;
  /** Invoices named or matched, and what became of them so far (kept with the items, in their transaction). */
  total: Defaulted<number>;
  sent: Defaulted<number>;
  skipped: Defaulted<number>;
  failed: Defaulted<number>;
  /** Runs that ended in an error not about one invoice; the job fails after a few. */
  attempts: Defaulted<number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: Defaulted<Date>;
}

export type BulkSendState = 'queued' | 'running' | 'done' | 'failed';

export type BulkSendSkipReason = 'not_found' | 'void' | 'draft' | 'no_recipients' | 'einvoice_not_possible';

export type BulkSendOutcome = 'pending' | 'sent' | 'skipped' | 'failed';

/** What a bulk send did with one invoice, in the order it was asked. */
export interface BulkSendItemsTable {
  bulk_send_id: string;
  invoice_id: string;
  position: number;
  outcome: BulkSendOutcome;
  /** Why it was skipped; null otherwise. */
  skip_reason: BulkSendSkipReason | null;
  /** Why it was skipped or failed, in words. */
  skip_message: string | null;
}

export type EmailLinkKind = 'invoice_link' | 'portal_invite' | 'portal_reset' | 'portal_magic';

/**
 * A link opening one document for one contact; exactly one of the three document ids is set (migration 017).
 * invoice_id is typed as set: only quote and credit-note link code writes a null there, and reads its own rows.
 */
export interface InvoiceLinksTable {
  id: Generated<string>;
  invoice_id: ColumnType<string, string | null | undefined, string | null>;
  quote_id: ColumnType<string | null, string | null | undefined, string | null>;
  credit_note_id: ColumnType<string | null, string | null | undefined, string | null>;
  contact_id: string;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface Database extends DocumentTables, WebhookTables, AuditTables, ImportTables, EmailTables {
  settings: SettingsTable;
  settings_logo: SettingsLogoTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  clients: ClientsTable;
  contacts: ContactsTable;
  projects: ProjectsTable;
  tax_rates: TaxRatesTable;
  items: ItemsTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  dashboard_figures: DashboardFiguresTable;
  document_tax_amounts: DocumentTaxAmountsTable;
  report_tax_pending: ReportTaxPendingTable;
  tax_summary_documents: TaxSummaryDocumentsTable;
  tax_summary: TaxSummaryTable;
  tax_summary_pending: TaxSummaryPendingTable;
  invoice_lines: InvoiceLinesTable;
  invoice_events: InvoiceEventsTable;
  payments: PaymentsTable;
  payment_refunds: PaymentRefundsTable;
  invoice_revisions: InvoiceRevisionsTable;
  email_outbox: EmailOutboxTable;
  bulk_sends: BulkSendsTable;
  bulk_send_items: BulkSendItemsTable;
  invoice_links: InvoiceLinksTable;
  smtp_settings: SmtpSettingsTable;
  reminder_settings: ReminderSettingsTable;
  invoice_reminders: InvoiceRemindersTable;
  portal_accounts: PortalAccountsTable;
  portal_sessions: PortalSessionsTable;
  portal_tokens: PortalTokensTable;
  rate_limits: RateLimitsTable;
  portal_invoice_opens: PortalInvoiceOpensTable;
  gateway_settings: GatewaySettingsTable;
  gateway_checkouts: GatewayCheckoutsTable;
  webhook_events: WebhookEventsTable;
  webhook_rejections: WebhookRejectionsTable;
  recurring_settings: RecurringSettingsTable;
  recurring_profiles: RecurringProfilesTable;
  recurring_periods: RecurringPeriodsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type SettingsRow = Selectable<SettingsTable>;
export type UserRow = Selectable<UsersTable>;
export type ClientRow = Selectable<ClientsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaxRateRow = Selectable<TaxRatesTable>;
export type ItemRow = Selectable<ItemsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;
export type InvoiceEventRow = Selectable<InvoiceEventsTable>;
export type NewInvoice = Insertable<InvoicesTable>;
export type InvoiceUpdate = Updateable<InvoicesTable>;

export type PaymentMethod = 'bank_transfer' | 'cheque' | 'cash' | 'card' | 'other';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed';

/** A payment towards an invoice; `provider` 'offline' for those staff record by hand. Never deleted: soft-deleted. */
export interface PaymentsTable {
  id: Generated<string>;
  /** Recording order. */
  seq: Generated<bigint>;
  invoice_id: string;
  amount_minor: bigint;
  currency: string;
  paid_on: string;
  method: PaymentMethod;
  reference: Defaulted<string>;
  note: Defaulted<string>;
  provider: Defaulted<string>;
  provider_payment_id: string | null;
  status: Defaulted<PaymentStatus>;
  /** Sum of this payment's refunds, kept in the same transaction as them. */
  refunded_minor: Defaulted<bigint>;
  /**
   * Client credit refunded through this payment's gateway (credit_refunds), kept in the same transaction. It leaves
   * what the payment counts for as it is; refunded + credit_refunded never exceed the amount.
   */
  credit_refunded_minor: Defaulted<bigint>;
  deleted_at: Timestamp | null;
  deleted_by: string | null;
  delete_reason: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Set on a gateway payment held back for staff (amount or currency not as asked); it then stays pending. */
  review_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Staff's decision on a payment held for review; the reason above stays as it was. */
  reviewed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  reviewed_by: ColumnType<string | null, string | null | undefined, string | null>;
  review_decision: ColumnType<
    'accepted' | 'rejected' | null,
    'accepted' | 'rejected' | null | undefined,
    'accepted' | 'rejected' | null
  >;
  review_note: Defaulted<string>;
  /** The checkout (gateway_checkouts) the payment came through, for online payments. */
  gateway_checkout_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PaymentRefundsTable {
  id: Generated<string>;
  seq: Generated<bigint>;
  payment_id: string;
  invoice_id: string;
  amount_minor: bigint;
  refunded_on: string;
  reason: Defaulted<string>;
  provider: Defaulted<string>;
  provider_refund_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** One version of an issued invoice; `snapshot` is an `InvoiceSnapshot` (services/invoices/invoice-snapshot.ts). */
export interface InvoiceRevisionsTable {
  id: Generated<string>;
  invoice_id: string;
  revision: number;
  snapshot: Json<Record<string, unknown>>;
  note: Defaulted<string>;
  actor_type: 'user' | 'api_token' | 'system' | 'contact';
  actor_id: string | null;
  actor_name: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export type PaymentRow = Selectable<PaymentsTable>;
export type PaymentRefundRow = Selectable<PaymentRefundsTable>;
export type InvoiceRevisionRow = Selectable<InvoiceRevisionsTable>;

export type SmtpSecurity = 'none' | 'starttls' | 'tls';

/** The SMTP server Remit sends through (one row, absent until configured); the password is encrypted. */
export interface SmtpSettingsTable {
  id: Generated<number>;
  host: string;
  port: number;
  security: SmtpSecurity;
  username: Defaulted<string>;
  password_encrypted: string | null;
  from_name: Defaulted<string>;
  from_address: string;
  reply_to: Defaulted<string>;
  updated_at: Timestamp;
}

/** The automatic reminder schedule (one row). */
export interface ReminderSettingsTable {
  id: Generated<number>;
  enabled: Defaulted<boolean>;
  days_before_due: number | null;
  on_due_date: Defaulted<boolean>;
  every_days_after: number | null;
  max_after: Defaulted<number>;
  updated_at: Timestamp;
}

/** One row per reminder slot sent for an invoice; the primary key makes each slot go out once. */
export interface InvoiceRemindersTable {
  invoice_id: string;
  slot: string;
  created_at: Generated<Date>;
}

export type SmtpSettingsRow = Selectable<SmtpSettingsTable>;
export type ReminderSettingsRow = Selectable<ReminderSettingsTable>;
export type EmailOutboxRow = Selectable<EmailOutboxTable>;

/** A contact's portal access: invited by staff, activated when the contact sets a password. */
export interface PortalAccountsTable {
  contact_id: string;
  password_hash: string | null;
  invited_at: Timestamp | null;
  activated_at: Timestamp | null;
  deactivated_at: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface PortalSessionsTable {
  token_hash: string;
  contact_id: string;
  csrf_token: string;
  /** Set for sessions opened by an invoice link: they see that one invoice only. */
  invoice_id: string | null;
  link_id: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export type PortalTokenPurpose = 'invite' | 'reset' | 'magic';

export interface PortalTokensTable {
  id: Generated<string>;
  contact_id: string;
  purpose: PortalTokenPurpose;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitsTable {
  key: string;
  hits: number;
  window_started_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface PortalInvoiceOpensTable {
  id: Generated<bigint>;
  contact_id: string;
  invoice_id: string;
  via: 'link' | 'portal';
  opened_at: Timestamp;
}

export type GatewayProviderName = 'stripe' | 'paypal' | 'twocheckout';

/** Settings of one payment gateway; `credentials_encrypted` is a JSON object sealed with the app key. */
export interface GatewaySettingsTable {
  provider: GatewayProviderName;
  enabled: Defaulted<boolean>;
  mode: Defaulted<'test' | 'live'>;
  credentials_encrypted: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface GatewayCheckoutsTable {
  id: Generated<string>;
  provider: GatewayProviderName;
  checkout_id: string;
  invoice_id: string;
  contact_id: string | null;
  amount_minor: bigint;
  currency: string;
  redirect_url: string;
  state: Defaulted<'open' | 'completed' | 'cancelled'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type WebhookEventState = 'received' | 'processed' | 'ignored' | 'waiting' | 'failed';

export interface WebhookEventsTable {
  id: Generated<string>;
  provider: GatewayProviderName;
  event_id: string;
  event_type: string;
  raw_body: string;
  parsed: ColumnType<unknown, string, string>;
  state: Defaulted<WebhookEventState>;
  attempts: Defaulted<number>;
  last_error: string | null;
  received_at: Timestamp;
  processed_at: Timestamp | null;
  /** Why Remit did not act on it, in words; set exactly when the state is `ignored`. */
  ignored_reason: string | null;
}

export interface WebhookRejectionsTable {
  id: Generated<bigint>;
  provider: string;
  reason: string;
  remote_address: Defaulted<string>;
  body_sha256: string;
  body_length: number;
  received_at: Timestamp;
}

/** How recurring invoices catch up after downtime (one row): every missed period, or only the latest one. */
export interface RecurringSettingsTable {
  id: Generated<number>;
  catch_up: Defaulted<'all' | 'latest'>;
  updated_at: Timestamp;
}

/** A line of a recurring profile, as it will be copied onto each generated invoice. */
export interface RecurringLine {
  description: string;
  quantity: string;
  unitPrice: string;
  discount: { kind: 'percent' | 'fixed'; value: string } | null;
  taxes: StoredTax[];
  /** Absent on lines saved before units existed (migration 015): no unit. */
  unit?: string | null;
  itemId?: string | null;
}

/** An invoice template with its schedule (migration 008). */
export interface RecurringProfilesTable {
  id: Generated<string>;
  name: Defaulted<string>;
  client_id: string;
  project_id: string | null;
  currency: string;
  payment_terms: string;
  discount: Json<{ kind: 'percent' | 'fixed'; value: string } | null>;
  taxes: Json<StoredTax[]>;
  lines: Json<RecurringLine[]>;
  notes: Defaulted<string>;
  terms: Defaulted<string>;
  frequency: 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';
  interval: number;
  day_of_month: number | null;
  on_last_day: Defaulted<boolean>;
  start_date: string;
  end_after_count: number | null;
  end_date: string | null;
  auto_send: Defaulted<boolean>;
  status: Defaulted<'active' | 'paused' | 'finished'>;
  next_run_date: string | null;
  generated_count: Defaulted<number>;
  last_error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One handled period of a profile; the key (profile_id, period_date) makes each period happen once. */
export interface RecurringPeriodsTable {
  profile_id: string;
  period_date: string;
  outcome: 'generated' | 'skipped' | 'missed';
  invoice_id: string | null;
  send_pending: Defaulted<boolean>;
  send_error: string | null;
  created_at: Generated<Date>;
}

export type RecurringProfileRow = Selectable<RecurringProfilesTable>;
export type RecurringPeriodRow = Selectable<RecurringPeriodsTable>;

/**
 * An Idempotency-Key a staff user sent (http/plugins/idempotency.ts): claimed while its request runs, then the
 * answer that retries with the key get again. One row per (user, key); purged a day after created_at.
 */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  method: string;
  /** Path with ids and query string. */
  path: string;
  body_sha256: string;
  /** Which request holds the key: only it stores the answer or releases the key. */
  claim_id: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_headers: ColumnType<Record<string, string> | null, string | null, string | null>;
  response_body: Buffer | null;
  created_at: Timestamp;
  /** When the current claim began; a claim older than the lease is taken for dead. */
  claimed_at: Timestamp;
  completed_at: Timestamp | null;
}
