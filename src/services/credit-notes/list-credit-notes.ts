import { creditLeft } from '../../domain/credit-rules.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';
import { afterCursor, cursorTime, type Page, type PageRequest, pageLimit, toPage } from '../pagination.ts';

export interface CreditNoteFilter extends PageRequest {
  status?: ('draft' | 'issued')[];
  clientId?: string;
  invoiceId?: string;
  /** Searches the credit note's number. */
  q?: string;
}

export interface CreditNoteSummary {
  id: string;
  number: string | null;
  status: 'draft' | 'issued';
  client: { id: string; name: string; company: string };
  invoice: { id: string; number: string | null };
  currency: string;
  issueDate: string;
  total: string;
  applied: string;
  refunded: string;
  /** Client credit left: total − applied − refunded (0 for drafts). */
  remaining: string;
  reason: string;
  createdAt: string;
}

/** Credit notes, newest first, by keyset pages (created_at, id). */
export async function listCreditNotes(
  deps: ServiceDeps,
  filter: CreditNoteFilter,
): Promise<Page<CreditNoteSummary>> {
  let query = deps.db
    .selectFrom('credit_notes')
    .innerJoin('clients', 'clients.id', 'credit_notes.client_id')
    .innerJoin('invoices', 'invoices.id', 'credit_notes.invoice_id')
    .select([
      'credit_notes.id',
      'credit_notes.number',
      'credit_notes.status',
      'credit_notes.client_id',
      'clients.name as client_name',
      'clients.company as client_company',
      'credit_notes.invoice_id',
      'invoices.number as invoice_number',
      'credit_notes.currency',
      'credit_notes.issue_date',
      'credit_notes.total_minor',
      'credit_notes.amount_applied_minor',
      'credit_notes.amount_refunded_minor',
      'credit_notes.reason',
      'credit_notes.created_at',
      cursorTime('credit_notes'),
    ]);
  if (filter.status?.length) query = query.where('credit_notes.status', 'in', filter.status);
  if (filter.clientId) query = query.where('credit_notes.client_id', '=', filter.clientId);
  if (filter.invoiceId) query = query.where('credit_notes.invoice_id', '=', filter.invoiceId);
  if (filter.q) {
    query = query.where('credit_notes.number', 'ilike', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
  }
  if (filter.cursor) query = query.where(afterCursor('credit_notes', filter.cursor));
  const rows = await query
    .orderBy('credit_notes.created_at', 'desc')
    .orderBy('credit_notes.id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  return toPage(rows, filter, (row): CreditNoteSummary => {
    const money = (minor: bigint) => formatMinor(minor, currencyExponent(row.currency));
    const left = creditLeft({
      total: row.total_minor,
      applied: row.amount_applied_minor,
      refunded: row.amount_refunded_minor,
    });
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      client: { id: row.client_id, name: row.client_name, company: row.client_company },
      invoice: { id: row.invoice_id, number: row.invoice_number },
      currency: row.currency,
      issueDate: row.issue_date,
      total: money(row.total_minor),
      applied: money(row.amount_applied_minor),
      refunded: money(row.amount_refunded_minor),
      remaining: money(row.status === 'issued' ? left : 0n),
      reason: row.reason,
      createdAt: row.created_at.toISOString(),
    };
  });
}
