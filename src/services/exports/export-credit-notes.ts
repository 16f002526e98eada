import type { ServiceDeps } from '../context.ts';
import { type CreditNoteFilter, listCreditNotes } from '../credit-notes/list-credit-notes.ts';
import { allPages, type CsvTable, EXPORT_BATCH, mapBatches, textCell } from './csv-table.ts';

const COLUMNS = [
  'id',
  'number',
  'status',
  'client_id',
  'client_name',
  'client_company',
  'invoice_id',
  'invoice_number',
  'currency',
  'issue_date',
  'total',
  'applied',
  'refunded',
  'remaining',
  'reason',
  'created_at',
] as const;

/** The credit notes of the list's filter, newest first. */
export function exportCreditNotes(
  deps: ServiceDeps,
  filter: Omit<CreditNoteFilter, 'cursor' | 'limit'>,
): CsvTable {
  const pages = allPages((cursor) => listCreditNotes(deps, { ...filter, cursor, limit: EXPORT_BATCH }));
  return {
    filename: 'credit-notes.csv',
    columns: COLUMNS,
    batches: mapBatches(pages, (notes) =>
      notes.map((note) => [
        note.id,
        note.number,
        note.status,
        note.client.id,
        textCell(note.client.name),
        textCell(note.client.company),
        note.invoice.id,
        note.invoice.number,
        note.currency,
        note.issueDate,
        note.total,
        note.applied,
        note.refunded,
        note.remaining,
        textCell(note.reason),
        note.createdAt,
      ]),
    ),
  };
}
