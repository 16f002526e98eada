import type { InvoiceLineRow, InvoiceRow } from '../../db/schema.ts';
import type { InvoiceRecord } from './load-invoice.ts';

/**
 * A version of an invoice as stored: the invoice row, its lines, and the client and project names it showed.
 * Kept as JSON in `invoice_revisions.snapshot`. JSON has no bigint or Date, so they travel as text and are read
 * back by column-name convention (`*_minor` -> bigint, `*_at` -> Date): a column added to `invoices` later is
 * carried along without this file knowing about it.
 */
export interface InvoiceSnapshot {
  format: 1;
  invoice: Record<string, unknown>;
  lines: Record<string, unknown>[];
  client: InvoiceRecord['client'];
  project: InvoiceRecord['project'];
}

function toJsonRow(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

function fromJsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && key.endsWith('_minor')) out[key] = BigInt(value);
    else if (typeof value === 'string' && key.endsWith('_at')) out[key] = new Date(value);
    else out[key] = value;
  }
  return out;
}

export function snapshotOf(record: InvoiceRecord): InvoiceSnapshot {
  return {
    format: 1,
    invoice: toJsonRow(record.invoice),
    lines: record.lines.map(toJsonRow),
    client: record.client,
    project: record.project,
  };
}

/** The record a snapshot was taken from, so the same view and totals code reads it as it reads a live invoice. */
export function recordFromSnapshot(snapshot: InvoiceSnapshot, timeZone: string): InvoiceRecord {
  return {
    invoice: fromJsonRow(snapshot.invoice) as unknown as InvoiceRow,
    lines: snapshot.lines.map((line) => fromJsonRow(line) as unknown as InvoiceLineRow),
    client: snapshot.client,
    project: snapshot.project,
    timeZone,
  };
}
