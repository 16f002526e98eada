import type { QuoteLineRow, QuoteRow } from '../../db/schema-documents.ts';
import { rowFromJson, rowToJson } from '../documents/snapshot-rows.ts';
import type { QuoteRecord } from './load-quote.ts';

/**
 * A version of a sent quote as stored: the quote row, its lines, and the client and project names it showed.
 * Kept as JSON in `document_revisions.snapshot` (see documents/snapshot-rows.ts for how columns travel).
 */
export interface QuoteSnapshot {
  format: 1;
  quote: Record<string, unknown>;
  lines: Record<string, unknown>[];
  client: QuoteRecord['client'];
  project: QuoteRecord['project'];
}

export function quoteSnapshotOf(record: QuoteRecord): QuoteSnapshot {
  return {
    format: 1,
    quote: rowToJson(record.quote),
    lines: record.lines.map(rowToJson),
    client: record.client,
    project: record.project,
  };
}

/** The record a snapshot was taken from, so the quote's view and totals code reads it as it reads a live quote. */
export function quoteRecordFromSnapshot(snapshot: QuoteSnapshot, timeZone: string): QuoteRecord {
  return {
    quote: rowFromJson(snapshot.quote) as unknown as QuoteRow,
    lines: snapshot.lines.map((line) => rowFromJson(line) as unknown as QuoteLineRow),
    client: snapshot.client,
    project: snapshot.project,
    // A revision is a version of an open quote: it was not converted yet.
    invoice: null,
    timeZone,
  };
}
