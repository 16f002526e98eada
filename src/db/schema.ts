import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for Kysely. Mapping decided once (see client.ts): bigint -> JS bigint, numeric -> decimal string,
 * date -> 'YYYY-MM-DD' string, timestamptz -> Date.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** A NOT NULL column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface StoredTax {
  taxRateId: string | null;
  name: string;
  rate: string;
  inclusive: boolean;
  compound: boolean;
}

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
  default_notes: string;
  default_terms: string;
  tax_rounding: 'per_document' | 'per_line';
  invoice_discount_mode: 'before_tax' | 'after_tax';
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
}

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
}

export interface InvoiceCountersTable {
  scope: string;
  last_value: bigint;
}

export interface InvoicesTable {
  id: Generated<string>;
  number: string | null;
  status: 'draft' | 'sent' | 'viewed' | 'partially_paid' | 'paid' | 'void';
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
  sent_at: Timestamp | null;
  voided_at: Timestamp | null;
  void_reason: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
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
  contact_id: string | null;
  to_address: string;
  to_name: Defaulted<string>;
  subject: string;
  html: string;
  text: string;
  attach_invoice_pdf: Defaulted<boolean>;
  dedupe_key: string | null;
  state: Defaulted<EmailState>;
  attempts: Defaulted<number>;
  last_error: string | null;
  next_attempt_at: Defaulted<Date>;
  sent_at: Timestamp | null;
  message_id: string | null;
  created_at: Generated<Date>;
}

export interface InvoiceLinksTable {
  id: Generated<string>;
  invoice_id: string;
  contact_id: string;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface Database {
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  clients: ClientsTable;
  contacts: ContactsTable;
  projects: ProjectsTable;
  tax_rates: TaxRatesTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_events: InvoiceEventsTable;
  email_outbox: EmailOutboxTable;
  invoice_links: InvoiceLinksTable;
}

export type SettingsRow = Selectable<SettingsTable>;
export type UserRow = Selectable<UsersTable>;
export type ClientRow = Selectable<ClientsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaxRateRow = Selectable<TaxRatesTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;
export type InvoiceEventRow = Selectable<InvoiceEventsTable>;
export type NewInvoice = Insertable<InvoicesTable>;
export type InvoiceUpdate = Updateable<InvoicesTable>;
