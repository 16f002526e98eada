import { sql } from 'kysely';
import type { StatementEntryKind, StatementMovement } from '../../domain/statement.ts';
import type { ServiceDeps } from '../context.ts';

interface MovementRow {
  kind: StatementEntryKind;
  id: string;
  date: string;
  currency: string;
  amount: string;
  document_id: string;
  document_number: string;
}

/**
 * Everything that moved a client's balance up to the day `to` (inclusive): every issued invoice and credit note,
 * payment and refund; drafts are not among them. A void invoice is issued on its issue date and taken back by a
 * `void` movement (what was still owed on it) on the day it was voided, in the organisation's time zone, so the
 * movements up to a day before the void show it owed, like the aging report as of that day.
 */
export async function readClientMovements(
  deps: ServiceDeps,
  clientId: string,
  to: string,
  timeZone: string,
): Promise<StatementMovement[]> {
  const counted = sql`p.status = 'succeeded' and p.deleted_at is null`;
  const issued = sql`i.status <> 'draft' and i.number is not null`;
  const result = await sql<MovementRow>`
    select 'invoice' as kind, i.id, i.issue_date::text as date, i.currency, i.total_minor::text as amount,
           i.id as document_id, i.number as document_number
    from invoices as i where i.client_id = ${clientId} and ${issued} and i.issue_date <= ${to}::date
    union all
    select 'credit_note', n.id, n.issue_date::text, n.currency, n.total_minor::text, n.id, n.number
    from credit_notes as n join invoices as i on i.id = n.invoice_id
    where n.client_id = ${clientId} and n.status = 'issued' and n.number is not null and ${issued}
      and n.issue_date <= ${to}::date
    union all
    select 'payment', p.id, p.paid_on::text, p.currency, p.amount_minor::text, i.id, i.number
    from payments as p join invoices as i on i.id = p.invoice_id
    where i.client_id = ${clientId} and ${issued} and ${counted} and p.paid_on <= ${to}::date
    union all
    select 'refund', r.id, r.refunded_on::text, p.currency, r.amount_minor::text, i.id, i.number
    from payment_refunds as r join payments as p on p.id = r.payment_id join invoices as i on i.id = p.invoice_id
    where i.client_id = ${clientId} and ${issued} and ${counted} and r.refunded_on <= ${to}::date
    union all
    select 'void', i.id, (i.voided_at at time zone ${timeZone})::date::text, i.currency,
           (i.total_minor - i.amount_paid_minor - i.amount_credited_minor)::text, i.id, i.number
    from invoices as i
    where i.client_id = ${clientId} and i.status = 'void' and i.number is not null
      and (i.voided_at at time zone ${timeZone})::date <= ${to}::date
    union all
    select 'credit_refund', f.id, f.refunded_on::text, n.currency, f.amount_minor::text, n.id, n.number
    from credit_refunds as f join credit_notes as n on n.id = f.credit_note_id join invoices as i on i.id = n.invoice_id
    where n.client_id = ${clientId} and n.status = 'issued' and ${issued} and f.refunded_on <= ${to}::date
  `.execute(deps.db);

  return result.rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    date: row.date,
    currency: row.currency,
    amountMinor: BigInt(row.amount),
    documentId: row.document_id,
    documentNumber: row.document_number,
  }));
}
