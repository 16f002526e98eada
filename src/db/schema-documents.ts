/** Tables of quotes and credit notes (migration 017); their body columns match the invoice's. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Defaulted, Json, StoredTax, Timestamp } from './column-types.ts';

/** The columns every document kind stores for its body, under the same names as the invoice's. */
interface DocumentBodyColumns {
  client_id: string;
  project_id: string | null;
  currency: string;
  issue_date: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: Json<StoredTax[]>;
  notes: Defaulted<string>;
  terms: Defaulted<string>;
  tax_rounding: 'per_document' | 'per_line';
  invoice_discount_mode: 'before_tax' | 'after_tax';
  total_minor: Defaulted<bigint>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The columns every document kind's lines store, under the same names as the invoice's lines. */
interface DocumentLineColumns {
  id: Generated<string>;
  position: number;
  description: string;
  quantity: string;
  unit_price: string;
  discount_kind: 'percent' | 'fixed' | null;
  discount_value: string | null;
  taxes: Json<StoredTax[]>;
  unit: ColumnType<string | null, string | null | undefined, string | null>;
  item_id: ColumnType<string | null, string | null | undefined, string | null>;
  item_code: Defaulted<string>;
}

/** Stored quote statuses; Expired is derived (Sent or Viewed past valid_until), like Overdue for invoices. */
export type StoredQuoteStatus = 'draft' | 'sent' | 'viewed' | 'accepted' | 'declined' | 'invoiced';

export interface QuotesTable extends DocumentBodyColumns {
  id: Generated<string>;
  number: string | null;
  status: Defaulted<StoredQuoteStatus>;
  valid_until: string;
  sent_at: Timestamp | null;
  viewed_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by_name: string | null;
  decided_by_contact_id: string | null;
  decided_by_user_id: string | null;
  decision_note: string | null;
  decision_address: string | null;
  /** The invoice the quote became. */
  invoice_id: string | null;
  /** lower(client name), kept by triggers (migration 024), as on invoices. */
  client_sort_key: Generated<string>;
}

export interface QuoteLinesTable extends DocumentLineColumns {
  quote_id: string;
}

export interface CreditNotesTable extends DocumentBodyColumns {
  id: Generated<string>;
  number: string | null;
  status: Defaulted<'draft' | 'issued'>;
  /** The invoice this credit note corrects (BT-25). */
  invoice_id: string;
  reason: Defaulted<string>;
  amount_applied_minor: Defaulted<bigint>;
  amount_refunded_minor: Defaulted<bigint>;
  issued_at: Timestamp | null;
  sent_at: Timestamp | null;
}

export interface CreditNoteLinesTable extends DocumentLineColumns {
  credit_note_id: string;
  /** The invoice line credited (chosen lines and quantities); null for a free amount. */
  invoice_line_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CreditAllocationsTable {
  id: Generated<string>;
  credit_note_id: string;
  invoice_id: string;
  amount_minor: bigint;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface CreditRefundsTable {
  id: Generated<string>;
  credit_note_id: string;
  amount_minor: bigint;
  method: string;
  refunded_on: string;
  reference: Defaulted<string>;
  /** The gateway payment the credit went back through; null for a refund made outside Remit. */
  payment_id: string | null;
  /** 'offline', or the provider of `payment_id` with its refund id. */
  provider: Defaulted<string>;
  provider_refund_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** The timeline of quotes and credit notes (invoices keep invoice_events). */
export interface DocumentEventsTable {
  id: Generated<bigint>;
  document_kind: 'quote' | 'credit_note';
  document_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_type: 'user' | 'api_token' | 'system' | 'contact';
  actor_id: string | null;
  actor_name: Defaulted<string>;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

/** One version of a sent quote; `snapshot` is a `QuoteSnapshot` (services/quotes/quote-snapshot.ts). */
export interface DocumentRevisionsTable {
  id: Generated<string>;
  document_kind: 'quote';
  document_id: string;
  revision: number;
  snapshot: Json<Record<string, unknown>>;
  note: Defaulted<string>;
  actor_type: 'user' | 'api_token' | 'system' | 'contact';
  actor_id: string | null;
  actor_name: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface DocumentTables {
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  credit_allocations: CreditAllocationsTable;
  credit_refunds: CreditRefundsTable;
  document_events: DocumentEventsTable;
  document_revisions: DocumentRevisionsTable;
}

export type QuoteRow = Selectable<QuotesTable>;
export type QuoteLineRow = Selectable<QuoteLinesTable>;
export type CreditNoteRow = Selectable<CreditNotesTable>;
export type CreditNoteLineRow = Selectable<CreditNoteLinesTable>;
export type DocumentEventRow = Selectable<DocumentEventsTable>;
