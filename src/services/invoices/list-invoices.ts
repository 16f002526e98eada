import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import { todayIn } from '../../domain/dates.ts';
import { effectiveStatus, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { ServiceDeps } from '../context.ts';
import { afterCursor, type PageRequest, pageLimit, toPage } from '../pagination.ts';
import { getSettings } from '../settings/get-settings.ts';

export interface InvoiceFilter extends PageRequest {
  status?: InvoiceStatus[];
  clientId?: string;
  projectId?: string;
  issuedFrom?: string;
  issuedTo?: string;
  /** Searches the invoice number and the client's name and company. */
  q?: string;
}

export interface InvoiceSummary {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  client: { id: string; name: string; company: string };
  projectId: string | null;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountPaid: string;
  balanceDue: string;
  createdAt: string;
}

const OPEN_STATUSES = ['sent', 'viewed', 'partially_paid'] as const;

/** Overdue is derived, never stored: open, a balance left, and the due date before today. */
function isOverdue(eb: ExpressionBuilder<Database, 'invoices'>, today: string) {
  return eb.and([
    eb('invoices.status', 'in', OPEN_STATUSES),
    eb('invoices.due_date', '<', today),
    eb(sql`invoices.total_minor - invoices.amount_paid_minor`, '>', 0),
  ]);
}

export async function listInvoices(deps: ServiceDeps, filter: InvoiceFilter) {
  const settings = await getSettings(deps.db);
  const today = todayIn(settings.time_zone, deps.clock.now());
  let query = deps.db
    .selectFrom('invoices')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select([
      'invoices.id',
      'invoices.number',
      'invoices.status',
      'invoices.client_id',
      'clients.name as client_name',
      'clients.company as client_company',
      'invoices.project_id',
      'invoices.currency',
      'invoices.issue_date',
      'invoices.due_date',
      'invoices.total_minor',
      'invoices.amount_paid_minor',
      'invoices.created_at',
    ]);
  if (filter.status?.length) {
    const statuses = filter.status;
    query = query.where((eb) =>
      eb.or(
        statuses.map((status) => {
          if (status === 'overdue') return isOverdue(eb, today);
          const stored = eb('invoices.status', '=', status);
          return (OPEN_STATUSES as readonly string[]).includes(status)
            ? eb.and([stored, eb.not(isOverdue(eb, today))])
            : stored;
        }),
      ),
    );
  }
  if (filter.clientId) query = query.where('invoices.client_id', '=', filter.clientId);
  if (filter.projectId) query = query.where('invoices.project_id', '=', filter.projectId);
  if (filter.issuedFrom) query = query.where('invoices.issue_date', '>=', filter.issuedFrom);
  if (filter.issuedTo) query = query.where('invoices.issue_date', '<=', filter.issuedTo);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('invoices.number', 'ilike', pattern),
        eb('clients.name', 'ilike', pattern),
        eb('clients.company', 'ilike', pattern),
      ]),
    );
  }
  if (filter.cursor) query = query.where(afterCursor('invoices', filter.cursor));
  const rows = await query
    .orderBy('invoices.created_at', 'desc')
    .orderBy('invoices.id', 'desc')
    .limit(pageLimit(filter))
    .execute();
  return toPage(rows, filter, (row): InvoiceSummary => {
    const exponent = currencyExponent(row.currency);
    const balance = row.total_minor - row.amount_paid_minor;
    return {
      id: row.id,
      number: row.number,
      status: effectiveStatus(row.status, row.due_date, today, balance),
      client: { id: row.client_id, name: row.client_name, company: row.client_company },
      projectId: row.project_id,
      currency: row.currency,
      issueDate: row.issue_date,
      dueDate: row.due_date,
      total: formatMinor(row.total_minor, exponent),
      amountPaid: formatMinor(row.amount_paid_minor, exponent),
      balanceDue: formatMinor(balance, exponent),
      createdAt: row.created_at.toISOString(),
    };
  });
}
