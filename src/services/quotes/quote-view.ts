import { todayIn } from '../../domain/dates.ts';
import { effectiveQuoteStatus, type QuoteStatus } from '../../domain/quote-status.ts';
import {
  computeDocumentTotals,
  type DocumentBodyView,
  documentBodyView,
} from '../documents/document-view.ts';
import type { QuoteRecord } from './load-quote.ts';

/** The client's answer to a quote: who gave it (a portal contact, or staff recording it), when and from where. */
export interface QuoteDecisionView {
  outcome: 'accepted' | 'declined';
  at: string;
  /** The name typed when accepting (or given to staff); for a decline, the contact's or recorder's name. */
  name: string;
  /** The note with an acceptance, or the reason for a decline. */
  note: string;
  /** The network address the answer came from (request IP). */
  address: string;
  by: { type: 'contact'; contactId: string | null } | { type: 'user'; userId: string | null };
}

export interface QuoteView extends DocumentBodyView {
  id: string;
  number: string | null;
  status: QuoteStatus;
  validUntil: string;
  sentAt: string | null;
  viewedAt: string | null;
  decision: QuoteDecisionView | null;
  /** The invoice the quote was converted to. */
  invoice: { id: string; number: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

function decisionView(record: QuoteRecord): QuoteDecisionView | null {
  const { quote } = record;
  if (!quote.decided_at) return null;
  const accepted = quote.status === 'accepted' || quote.status === 'invoiced';
  return {
    outcome: accepted ? 'accepted' : 'declined',
    at: quote.decided_at.toISOString(),
    name: quote.decided_by_name ?? '',
    note: quote.decision_note ?? '',
    address: quote.decision_address ?? '',
    by: quote.decided_by_user_id
      ? { type: 'user', userId: quote.decided_by_user_id }
      : { type: 'contact', contactId: quote.decided_by_contact_id },
  };
}

/** The API shape of a quote; `now` in the organisation's time zone decides whether it has expired today. */
export function toQuoteView(record: QuoteRecord, now: Date): QuoteView {
  const { quote } = record;
  // A quote has nothing settled against it: its balance due is its total.
  const totals = computeDocumentTotals(quote, record.lines);
  return {
    id: quote.id,
    number: quote.number,
    status: effectiveQuoteStatus(quote.status, quote.valid_until, todayIn(record.timeZone, now)),
    ...documentBodyView({ ...record, row: quote }, totals),
    validUntil: quote.valid_until,
    sentAt: quote.sent_at?.toISOString() ?? null,
    viewedAt: quote.viewed_at?.toISOString() ?? null,
    decision: decisionView(record),
    invoice: record.invoice,
    createdAt: quote.created_at.toISOString(),
    updatedAt: quote.updated_at.toISOString(),
  };
}
