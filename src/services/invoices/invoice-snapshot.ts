import type { InvoiceLineRow, InvoiceRow } from '../../db/schema.ts';
import { rowFromJson, rowToJson } from '../documents/snapshot-rows.ts';
import type { InvoiceRecord } from './load-invoice.ts';

/**
 * A version of an invoice as stored: the invoice row, its lines, and the client and project names it showed.
 * Kept as JSON in `invoice_revisions.snapshot` (see documents/snapshot-rows.ts for how columns travel).
 */
export interface InvoiceSnapshot {
  format: 1;
  invoice: Record<string, unknown>;
  lines: Record<string, unknown>[];
  client: InvoiceRecord['client'];
  project: InvoiceRecord['project'];
}

export function snapshotOf(record: InvoiceRecord): InvoiceSnapshot {
  return {
    format: 1,
    invoice: rowToJson(record.invoice),
    lines: record.lines.map(rowToJson),
    client: record.client,
    project: record.project,
  };
}

/** The record a snapshot was taken from, so the same view and totals code reads it as it reads a live invoice. */
export function recordFromSnapshot(snapshot: InvoiceSnapshot, timeZone: string): InvoiceRecord {
  return {
    invoice: rowFromJson(snapshot.invoice) as unknown as InvoiceRow,
    lines: snapshot.lines.map((line) => rowFromJson(line) as unknown as InvoiceLineRow),
    client: snapshot.client,
    project: snapshot.project,
    timeZone,
  };
}
