import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Trx } from '../../db/client.ts';
import type { CreditNoteLineRow, CreditNoteRow } from '../../db/schema-documents.ts';
import { NotFoundError } from '../errors.ts';

/** Credit applied to an invoice, as read inside the credit note's query (amounts as text: JSON has no bigint). */
export interface CreditAllocationRow {
  id: string;
  invoice_id: string;
  invoice_number: string | null;
  amount_minor: string;
  created_at: string;
}

export interface CreditRefundRow {
  id: string;
  amount_minor: string;
  method: string;
  refunded_on: string;
  reference: string;
  payment_id: string | null;
  provider: string;
  provider_refund_id: string | null;
  created_at: string;
}

export interface CreditNoteRecord {
  note: CreditNoteRow;
  lines: CreditNoteLineRow[];
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  /**
   * The credited invoice (BT-25): its number and issue date are printed on the credit note, and its own buyer
   * reference (BT-10, '' when none), which the credit note carries too.
   */
  invoice: { id: string; number: string | null; issueDate: string; buyerReference: string };
  allocations: CreditAllocationRow[];
  refunds: CreditRefundRow[];
}

/**
 * Reads a credit note with its client, project, credited invoice, lines, allocations and refunds in one round trip.
 * `lock` takes the credit note's row lock (only in a transaction); callers that also lock the invoice lock it first.
 */
export async function loadCreditNote(db: Db, id: string): Promise<CreditNoteRecord>;
export async function loadCreditNote(
  db: Trx,
  id: string,
  options?: { lock?: boolean },
): Promise<CreditNoteRecord>;
export async function loadCreditNote(
  db: Db | Trx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<CreditNoteRecord> {
  let query = db
    .selectFrom('credit_notes')
    .innerJoin('clients', 'clients.id', 'credit_notes.client_id')
    .innerJoin('invoices', 'invoices.id', 'credit_notes.invoice_id')
    .leftJoin('projects', 'projects.id', 'credit_notes.project_id')
    .selectAll('credit_notes')
    .select((eb) => [
      'clients.name as client_name',
      'clients.company as client_company',
      'projects.name as project_name',
      'invoices.number as invoice_number',
      'invoices.issue_date as invoice_issue_date',
      'invoices.buyer_reference as invoice_buyer_reference',
      // Numerics as text inside the JSON: as JSON numbers they would become binary floats.
      jsonArrayFrom(
        eb
          .selectFrom('credit_note_lines')
          .select([
            'credit_note_lines.id',
            'credit_note_lines.credit_note_id',
            'credit_note_lines.position',
            'credit_note_lines.description',
            sql<string>`credit_note_lines.quantity::text`.as('quantity'),
            sql<string>`credit_note_lines.unit_price::text`.as('unit_price'),
            'credit_note_lines.discount_kind',
            sql<string | null>`credit_note_lines.discount_value::text`.as('discount_value'),
            'credit_note_lines.taxes',
            'credit_note_lines.unit',
            'credit_note_lines.item_id',
            'credit_note_lines.item_code',
            'credit_note_lines.invoice_line_id',
          ])
          .whereRef('credit_note_lines.credit_note_id', '=', 'credit_notes.id')
          .orderBy('credit_note_lines.position'),
      ).as('lines'),
      jsonArrayFrom(
        eb
          .selectFrom('credit_allocations')
          .innerJoin('invoices as target', 'target.id', 'credit_allocations.invoice_id')
          .select([
            'credit_allocations.id',
            'credit_allocations.invoice_id',
            'target.number as invoice_number',
            sql<string>`credit_allocations.amount_minor::text`.as('amount_minor'),
            'credit_allocations.created_at',
          ])
          .whereRef('credit_allocations.credit_note_id', '=', 'credit_notes.id')
          .orderBy('credit_allocations.created_at')
          .orderBy('credit_allocations.id'),
      ).as('allocations'),
      jsonArrayFrom(
        eb
          .selectFrom('credit_refunds')
          .select([
            'credit_refunds.id',
            sql<string>`credit_refunds.amount_minor::text`.as('amount_minor'),
            'credit_refunds.method',
            sql<string>`credit_refunds.refunded_on::text`.as('refunded_on'),
            'credit_refunds.reference',
            'credit_refunds.payment_id',
            'credit_refunds.provider',
            'credit_refunds.provider_refund_id',
            'credit_refunds.created_at',
          ])
          .whereRef('credit_refunds.credit_note_id', '=', 'credit_notes.id')
          .orderBy('credit_refunds.created_at')
          .orderBy('credit_refunds.id'),
      ).as('refunds'),
    ])
    .where('credit_notes.id', '=', id);
  if (options.lock) query = query.forUpdate('credit_notes');
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('Credit note');
  const {
    client_name,
    client_company,
    project_name,
    invoice_number,
    invoice_issue_date,
    invoice_buyer_reference,
    lines,
    allocations,
    refunds,
    ...note
  } = row;
  return {
    note,
    lines: lines as unknown as CreditNoteLineRow[],
    client: { id: note.client_id, name: client_name, company: client_company },
    project: note.project_id ? { id: note.project_id, name: project_name ?? '' } : null,
    invoice: {
      id: note.invoice_id,
      number: invoice_number,
      issueDate: invoice_issue_date,
      buyerReference: invoice_buyer_reference,
    },
    allocations: allocations as unknown as CreditAllocationRow[],
    refunds: refunds as unknown as CreditRefundRow[],
  };
}
